/**
 * Max Sharpe ratio with box bounds and a budget, by following the mean-variance path:
 *
 *     maximise (mu'w - rf net) / sqrt(w'Sw)   s.t.  sum w = net,  lb <= w <= ub
 *
 * Why it works: at the optimum the first-order conditions are those of the
 * mean-variance problem  min 1/2 w'Sw - t mu'w  (same constraints) with
 * t = w'Sw / (mu'w - rf net). The mean-variance solution w(t) is piecewise linear in t
 * (a parametric QP: Best, "An algorithm for the solution of the parametric quadratic
 * programming problem", 1996), and along the efficient frontier the Sharpe ratio is
 * quasi-concave in t (the frontier is concave in (sigma, return)). On one piece,
 * w = x0 + t dx and the Sharpe ratio (alpha + beta t) / sqrt(gamma + 2 delta t + eps t^2)
 * is stationary at t* = (alpha delta - beta gamma) / (beta delta - alpha eps), in closed
 * form. So: solve at t (warm-started active set, activeSet.ts), read the piece and its
 * range of validity, jump to its t*; if t* lies in the piece, done; otherwise the piece is
 * excluded and the bracket around the optimum shrinks. A piece where the solution is a
 * vertex (dx = 0) is settled by the slopes of its neighbours.
 *
 * The answer is checked against the max-Sharpe KKT conditions (mean-variance KKT at
 * t = w'Sw / excess return, to 1e-9 of the gradient scale); null means "use the general
 * homogenised QP" (meanVariance.ts maxSharpe).
 */
import { BoxActiveSet, boxBudgetKkt } from "./activeSet";
import type { Constraints } from "./meanVariance";

export interface SharpeBoxOptions { signal?: AbortSignal; maxRounds?: number }

/** Weights maximising the Sharpe ratio on {sum w = net, lb <= w <= ub}, or null when the path method cannot certify one. */
export function maxSharpeBox(S: Float64Array, n: number, mu: Float64Array, rf: number, lb: Float64Array, ub: Float64Array, net: number,
  opts: SharpeBoxOptions = {}): Float64Array | null {
  const a = new Float64Array(n).fill(1);
  const solver = new BoxActiveSet({ n, P: S, lb, ub, a, b: net });
  if (!solver.feasible()) return null;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = S[i * n + i];
  if (!solver.startVertex(score)) return null;
  const negMu = new Float64Array(n);
  for (let i = 0; i < n; i++) negMu[i] = -mu[i];
  const x = solver.x, g = solver.g;
  const Sdx = new Float64Array(n);

  let t = 0, tlo = 0, thi = Infinity;
  // A vertex piece waiting for the slopes of its neighbours.
  let vertex: { w: Float64Array; sL: number; sU: number } | null = null;
  let probing: "right" | "left" | null = null;
  const maxRounds = opts.maxRounds ?? 200;
  for (let round = 0; round < maxRounds; round++) {
    if (opts.signal?.aborted) return null;
    for (let i = 0; i < n; i++) solver.q[i] = -t * mu[i];
    if (!solver.solve({ signal: opts.signal })) return null;
    // The piece through t: x(s) = x + (s - t) dx, multiplier mu_i(s) = m_i + (s - t) dm_i on the bounds.
    const { dx, dlambda } = solver.sensitivity(negMu);
    Sdx.fill(0);
    let dxMax = 0, xMax = 0;
    for (let r = 0; r < solver.k; r++) {
      const j = solver.F[r], c = dx[j];
      dxMax = Math.max(dxMax, Math.abs(c));
      if (c === 0) continue;
      const o = j * n;
      for (let i = 0; i < n; i++) Sdx[i] += c * S[o + i];
    }
    let xSx = 0, xSdx = 0, dxSdx = 0, muX = 0, muDx = 0, gScale = 0;
    for (let i = 0; i < n; i++) {
      const sx = g[i] + t * mu[i];
      xSx += x[i] * sx; xSdx += x[i] * Sdx[i]; dxSdx += dx[i] * Sdx[i];
      muX += mu[i] * x[i]; muDx += mu[i] * dx[i];
      xMax = Math.max(xMax, Math.abs(x[i]));
      gScale = Math.max(gScale, Math.abs(g[i]));
    }
    let sL = 0, sU = Infinity;
    const tolX = 1e-13 * Math.max(xMax, 1e-300), tolM = 1e-13 * Math.max(gScale, 1e-300);
    for (let i = 0; i < n; i++) {
      const st = solver.state[i];
      if (st === 2) continue;
      if (st === 0) {
        const d = dx[i];
        if (d > tolX) { sU = Math.min(sU, t + (ub[i] - x[i]) / d); sL = Math.max(sL, t - (x[i] - lb[i]) / d); } else if (d < -tolX) { sU = Math.min(sU, t + (x[i] - lb[i]) / -d); sL = Math.max(sL, t - (ub[i] - x[i]) / -d); }
      } else {
        // The bound holds while m >= 0: m = g - lambda at a lower bound, lambda - g at an upper one.
        const m = (solver.lambda - g[i]) * st, dm = (dlambda + mu[i] - Sdx[i]) * st;
        if (dm > tolM) sL = Math.max(sL, t - m / dm); else if (dm < -tolM) sU = Math.min(sU, t + m / -dm);
      }
    }
    sL = Math.min(sL, t); sU = Math.max(sU, t);
    // Sharpe along the piece: (alpha + beta s) / sqrt(gamma + 2 delta s + eps s^2).
    const alpha = muX - t * muDx - rf * net, beta = muDx;
    const gamma = xSx - 2 * t * xSdx + t * t * dxSdx, delta = xSdx - t * dxSdx, eps = dxSdx;
    const c0 = beta * gamma - alpha * delta, c1 = beta * delta - alpha * eps; // slope numerator N(s) = c0 + c1 s
    const flat = dxMax <= 1e-12 * Math.max(xMax, 1e-300) || !(eps > 1e-14 * Math.max(gamma, 1e-300));
    const slope = flat ? 0 : c0 + c1 * t;

    if (probing === "right") {
      probing = null;
      if (!flat && slope > 0) { tlo = Math.max(tlo, vertex!.sU); vertex = null; } else {
        thi = Math.min(thi, vertex!.sU);
        if (vertex!.sL > tlo) { probing = "left"; t = vertex!.sL * (1 - 1e-9); continue; }
        return finish(vertex!.w);
      }
    } else if (probing === "left") {
      probing = null;
      if (flat || slope >= 0) return finish(vertex!.w);
      thi = Math.min(thi, vertex!.sL);
      vertex = null;
    }
    if (flat) {
      vertex = { w: x.slice(), sL, sU };
      if (sU < thi) { probing = "right"; t = sU * (1 + 1e-9) + 1e-12; continue; }
      if (sL > tlo) { probing = "left"; t = sL * (1 - 1e-9); continue; }
      return finish(vertex.w);
    }
    const sStar = c1 < 0 ? -c0 / c1 : slope > 0 ? Infinity : -Infinity;
    const slack = 1e-9 * Math.max(1, Math.abs(t));
    if (sStar >= sL - slack && sStar <= sU + slack) {
      const s = Math.min(sU, Math.max(sL, sStar));
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) w[i] = Math.min(ub[i], Math.max(lb[i], x[i] + (s - t) * dx[i]));
      return finish(w);
    }
    if (slope > 0) tlo = Math.max(tlo, sU); else thi = Math.min(thi, sL);
    if (!(tlo < thi)) return null;
    if (sStar > tlo && sStar < thi) t = sStar;
    else if (Number.isFinite(thi)) t = tlo > 0 ? Math.sqrt(tlo * thi) : 0.5 * thi;
    else t = Math.max(2 * tlo, 1e-12);
  }
  return null;

  /** Accept w only if it satisfies the max-Sharpe KKT conditions (mean-variance KKT at t = w'Sw / excess). */
  function finish(w: Float64Array): Float64Array | null {
    let v = 0, ex = -rf * net;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * n;
      for (let j = 0; j < n; j++) s += S[o + j] * w[j];
      v += w[i] * s;
      ex += mu[i] * w[i];
    }
    if (!(ex > 0) || !(v > 0)) return null;
    const tf = v / ex, q = new Float64Array(n);
    for (let i = 0; i < n; i++) q[i] = -tf * mu[i];
    return boxBudgetKkt(S, n, q, lb, ub, w, 1e-9) ? w : null;
  }
}

/**
 * The fast route for optimize.portfolio's max_sharpe: bounds (and max_weight) and the
 * budget only. Null when other constraints are set (gross with shorts, group caps,
 * max_names, turnover), when the inputs need the general path's error messages
 * (net <= 0, no asset above risk_free, infeasible bounds), or when the path method
 * cannot certify an answer.
 */
export function maxSharpeFast(S: Float64Array, n: number, mu: Float64Array, rf: number, c: Constraints, signal?: AbortSignal): Float64Array | null {
  if (c.maxNames !== null || (c.gross !== null && c.lo < 0) || (c.groupOf && c.groupCaps.size > 0)) return null;
  if (c.current !== null && (c.turnoverLimit !== null || c.turnoverPenalty > 0)) return null;
  if (!(c.net > 0) || !Number.isFinite(c.lo) || !Number.isFinite(c.hi) || c.lo > c.hi) return null;
  if (n * c.hi < c.net - 1e-12 || n * c.lo > c.net + 1e-12) return null;
  let best = -Infinity;
  for (let i = 0; i < n; i++) best = Math.max(best, mu[i] - rf);
  if (!(best > 0) && c.lo >= 0) return null;
  return maxSharpeBox(S, n, mu, rf, new Float64Array(n).fill(c.lo), new Float64Array(n).fill(c.hi), c.net, { signal });
}
