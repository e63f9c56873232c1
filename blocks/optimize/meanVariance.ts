/**
 * Mean-variance family on one QP builder (see qp.ts for the solver):
 *
 * - min_variance:     min w'Sw
 * - mean_variance:    max mu'w - (ra/2) w'Sw
 * - efficient_return: min w'Sw  s.t. mu'w = target
 * - efficient_risk:   max mu'w  s.t. sqrt(w'Sw) <= target, by bisection on the risk
 *                     aversion of mean_variance (volatility decreases with it)
 * - max_sharpe:       Cornuejols-Tutuncu homogenisation: min y'Sy s.t. (mu - rf)'y = 1,
 *                     sum y = net k, lo k <= y <= hi k, k >= 0; w = y / k.
 *
 * Constraints: bounds [lo, hi] (and max_weight: |w_i| <= max_weight), sum w = net,
 * gross sum |w| <= gross (auxiliary a_i >= |w_i|, the u - v split in another form),
 * group caps sum_{i in g} w_i <= cap_g, turnover sum |w - w0| <= limit or a linear
 * penalty c sum |w - w0| (auxiliary b_i >= |w_i - w0_i|), max_names (heuristic: solve,
 * keep the max_names largest |w|, solve again on them, repeat until it holds).
 */
import { BlockError, paramError } from "../core/errors";
import { quadForm } from "./linalg";
import { row, solveQP, type QPProblem, type QPRow } from "./qp";

export interface Constraints {
  lo: number;
  hi: number;
  net: number;
  gross: number | null;
  groupOf: Int32Array | null; // group index per asset or -1
  groupNames: string[];
  groupCaps: Map<number, number>;
  maxNames: number | null;
  current: Float64Array | null;
  turnoverLimit: number | null;
  turnoverPenalty: number;
}

export type Objective =
  | { kind: "min_variance" }
  | { kind: "mean_variance"; mu: Float64Array; riskAversion: number }
  | { kind: "efficient_return"; mu: Float64Array; target: number };

function infeasible(detail: string, path: (string | number)[] = ["params"]): BlockError {
  return new BlockError("infeasible", "Infeasible constraints", detail, [{ path, message: detail }]);
}

/** Quick checks that name the constraints that cannot hold together. */
export function checkFeasible(n: number, c: Constraints, active: Uint8Array | null = null): void {
  const count = active ? active.reduce((s, v) => s + v, 0) : n;
  const b = `bounds [${c.lo}, ${c.hi}]`;
  if (c.lo > c.hi) throw infeasible(`${b}: the lower bound is above the upper bound (max_weight included)`, ["params", "bounds"]);
  if (count * c.hi < c.net - 1e-12) throw infeasible(`net = ${c.net} cannot be reached with ${b} on ${count} assets (at most ${count * c.hi})`, ["params", "net"]);
  if (count * c.lo > c.net + 1e-12) throw infeasible(`net = ${c.net} cannot be reached with ${b} on ${count} assets (at least ${count * c.lo})`, ["params", "net"]);
  if (c.gross !== null && c.gross < Math.abs(c.net) - 1e-12) throw infeasible(`gross = ${c.gross} is below |net| = ${Math.abs(c.net)}`, ["params", "gross"]);
  if (c.gross !== null && c.lo > 0 && count * c.lo > c.gross) throw infeasible(`gross = ${c.gross} is below the sum of lower bounds ${count * c.lo}`, ["params", "gross"]);
  if (c.maxNames !== null && c.maxNames * c.hi < c.net - 1e-12) throw infeasible(`max_names = ${c.maxNames} with upper bound ${c.hi} reaches at most ${c.maxNames * c.hi} < net = ${c.net}`, ["params", "max_names"]);
  if (c.groupOf && c.lo >= 0) {
    let reach = 0;
    const capped: string[] = [];
    const perGroup = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (active && !active[i]) continue;
      const g = c.groupOf[i];
      if (g >= 0 && c.groupCaps.has(g)) perGroup.set(g, (perGroup.get(g) ?? 0) + c.hi);
      else reach += c.hi;
    }
    for (const [g, r] of perGroup) { reach += Math.min(r, c.groupCaps.get(g)!); capped.push(`${c.groupNames[g]} <= ${c.groupCaps.get(g)}`); }
    if (reach < c.net - 1e-12) throw infeasible(`net = ${c.net} cannot be reached: group caps (${capped.join(", ")}) with ${b} allow at most ${reach}`, ["params", "group_caps"]);
  }
}

interface Built { prob: QPProblem; nw: number }

/** Build the QP for an objective; variables [w | a (gross aux) | b (turnover aux)]. */
function build(S: Float64Array, n: number, obj: Objective, c: Constraints, active: Uint8Array | null): Built {
  const useGross = c.gross !== null && c.lo < 0;
  const useTurn = c.current !== null && (c.turnoverLimit !== null || c.turnoverPenalty > 0);
  const nv = n + (useGross ? n : 0) + (useTurn ? n : 0);
  const ga = n, tb = n + (useGross ? n : 0);
  const scale = obj.kind === "mean_variance" ? obj.riskAversion : 1;
  // The solvers only read P: without auxiliary variables or scaling it is S itself.
  const P = nv === n && scale === 1 ? S : new Float64Array(nv * nv), q = new Float64Array(nv);
  if (P !== S) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i * nv + j] = scale * S[i * n + j];
  if (obj.kind === "mean_variance") for (let i = 0; i < n; i++) q[i] = -obj.mu[i];
  const lb = new Float64Array(nv), ub = new Float64Array(nv);
  for (let i = 0; i < n; i++) {
    const on = !active || active[i];
    lb[i] = on ? c.lo : 0; ub[i] = on ? c.hi : 0;
  }
  for (let i = n; i < nv; i++) { lb[i] = 0; ub[i] = Infinity; }
  const rows: QPRow[] = [];
  const all = Array.from({ length: n }, (_, i) => i);
  rows.push(row(all, new Float64Array(n).fill(1), c.net, c.net, `net (sum of weights = ${c.net})`));
  if (obj.kind === "efficient_return") rows.push(row(all, obj.mu, obj.target, obj.target, `target_return (= ${obj.target})`));
  if (useGross) {
    for (let i = 0; i < n; i++) {
      rows.push(row([ga + i, i], [1, -1], 0, Infinity, "gross aux"));
      rows.push(row([ga + i, i], [1, 1], 0, Infinity, "gross aux"));
    }
    rows.push(row(all.map((i) => ga + i), new Float64Array(n).fill(1), -Infinity, c.gross!, `gross (sum |w| <= ${c.gross})`));
  }
  if (useTurn) {
    const w0 = c.current!;
    for (let i = 0; i < n; i++) {
      rows.push(row([tb + i, i], [1, -1], -w0[i], Infinity, "turnover aux"));
      rows.push(row([tb + i, i], [1, 1], w0[i], Infinity, "turnover aux"));
      q[tb + i] = c.turnoverPenalty;
    }
    if (c.turnoverLimit !== null) rows.push(row(all.map((i) => tb + i), new Float64Array(n).fill(1), -Infinity, c.turnoverLimit, `turnover (sum |w - current| <= ${c.turnoverLimit})`));
  }
  if (c.groupOf) {
    for (const [g, cap] of c.groupCaps) {
      const members = all.filter((i) => c.groupOf![i] === g);
      if (members.length) rows.push(row(members, new Float64Array(members.length).fill(1), -Infinity, cap, `group cap ${c.groupNames[g]} (<= ${cap})`));
    }
  }
  return { prob: { n: nv, P, q, lb, ub, rows }, nw: n };
}

function withCardinality(n: number, c: Constraints, solve: (active: Uint8Array | null) => Float64Array): Float64Array {
  let w = solve(null);
  if (c.maxNames === null) return w;
  let active: Uint8Array | null = null;
  for (let round = 0; round < 20; round++) {
    const held = [];
    for (let i = 0; i < n; i++) if (Math.abs(w[i]) > 1e-10) held.push(i);
    if (held.length <= c.maxNames) return w;
    held.sort((a, b) => Math.abs(w[b]) - Math.abs(w[a]));
    active = new Uint8Array(n);
    for (const i of held.slice(0, c.maxNames)) active[i] = 1;
    checkFeasible(n, c, active);
    w = solve(active);
  }
  throw new BlockError("no-solution", "Cardinality heuristic failed", `could not meet max_names = ${c.maxNames}`);
}

/** Weights for min_variance, mean_variance and efficient_return; `start`: a guess of the weights to warm-start from (the answer does not depend on it). */
export function solvePortfolio(S: Float64Array, n: number, obj: Objective, c: Constraints, signal?: AbortSignal, start?: Float64Array): Float64Array {
  checkFeasible(n, c);
  return withCardinality(n, c, (active) => {
    const { prob } = build(S, n, obj, c, active);
    return solveQP(prob, { signal, x0: active === null && prob.n === n ? start : undefined }).x.slice(0, n);
  });
}

/** Max Sharpe ratio by homogenisation; needs some feasible portfolio with mu'w > rf * net. */
export function maxSharpe(S: Float64Array, n: number, mu: Float64Array, rf: number, c: Constraints, signal?: AbortSignal): Float64Array {
  if (c.current !== null && (c.turnoverLimit !== null || c.turnoverPenalty > 0)) throw paramError(["params", "turnover_limit"], "max_sharpe does not support turnover constraints (they are not scale-invariant); use mean_variance");
  checkFeasible(n, c);
  if (!(c.net > 0)) throw paramError(["params", "net"], "max_sharpe needs net > 0");
  return withCardinality(n, c, (active) => {
    const excess = new Float64Array(n);
    for (let i = 0; i < n; i++) excess[i] = mu[i] - rf;
    let best = -Infinity;
    for (let i = 0; i < n; i++) if (!active || active[i]) best = Math.max(best, excess[i]);
    if (!(best > 0) && c.lo >= 0) throw infeasible(`max_sharpe: no asset has an expected return above risk_free = ${rf}`, ["inputs", "expected_returns"]);
    const useGross = c.gross !== null && c.lo < 0;
    const k = n + (useGross ? n : 0); // kappa index
    const nv = k + 1;
    const P = new Float64Array(nv * nv);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i * nv + j] = S[i * n + j];
    const lb = new Float64Array(nv).fill(-Infinity), ub = new Float64Array(nv).fill(Infinity);
    lb[k] = 0;
    const rows: QPRow[] = [];
    const all = Array.from({ length: n }, (_, i) => i);
    rows.push(row(all, excess, 1, 1, "excess return normalisation"));
    rows.push(row([...all, k], [...new Array(n).fill(1), -c.net], 0, 0, `net (sum of weights = ${c.net})`));
    for (let i = 0; i < n; i++) {
      const on = !active || active[i];
      const lo = on ? c.lo : 0, hi = on ? c.hi : 0;
      if (lo === 0) lb[i] = 0; else if (lo > -Infinity) rows.push(row([i, k], [1, -lo], 0, Infinity, "lower bound"));
      if (hi === 0) ub[i] = 0; else if (hi < Infinity) rows.push(row([i, k], [1, -hi], -Infinity, 0, "upper bound"));
    }
    if (useGross) {
      for (let i = 0; i < n; i++) {
        lb[n + i] = 0;
        rows.push(row([n + i, i], [1, -1], 0, Infinity, "gross aux"));
        rows.push(row([n + i, i], [1, 1], 0, Infinity, "gross aux"));
      }
      rows.push(row([...all.map((i) => n + i), k], [...new Array(n).fill(1), -c.gross!], -Infinity, 0, `gross (<= ${c.gross})`));
    }
    if (c.groupOf) {
      for (const [g, cap] of c.groupCaps) {
        const members = all.filter((i) => c.groupOf![i] === g);
        if (members.length) rows.push(row([...members, k], [...new Array(members.length).fill(1), -cap], -Infinity, 0, `group cap ${c.groupNames[g]} (<= ${cap})`));
      }
    }
    const res = solveQP({ n: nv, P, q: new Float64Array(nv), lb, ub, rows }, { signal });
    const kappa = res.x[k];
    if (!(kappa > 0)) throw new BlockError("no-solution", "Max Sharpe undefined", "the max-Sharpe problem is unbounded or degenerate (kappa = 0)");
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = res.x[i] / kappa;
    return w;
  });
}

/** Max expected return subject to volatility <= target, by bisection on risk aversion. */
export function efficientRisk(S: Float64Array, n: number, mu: Float64Array, target: number, c: Constraints, signal?: AbortSignal): Float64Array {
  const vol = (w: Float64Array) => Math.sqrt(Math.max(0, quadForm(S, w, n)));
  const minVar = solvePortfolio(S, n, { kind: "min_variance" }, c, signal);
  const vmin = vol(minVar);
  if (target < vmin - 1e-12) throw infeasible(`target_volatility = ${target} is below the minimum volatility ${vmin} reachable under the constraints`, ["params", "target_volatility"]);
  const at = (ra: number) => solvePortfolio(S, n, { kind: "mean_variance", mu, riskAversion: ra }, c, signal);
  let hiRa = 1, w = at(hiRa);
  for (let i = 0; i < 60 && vol(w) > target; i++) { hiRa *= 4; w = at(hiRa); }
  if (vol(w) > target) return minVar;
  let loRa = hiRa, wl = w;
  for (let i = 0; i < 60 && vol(wl) <= target; i++) { loRa /= 4; wl = at(loRa); }
  if (vol(wl) <= target) return wl; // even the most aggressive portfolio is within the target
  let best = w;
  for (let i = 0; i < 100; i++) {
    const mid = Math.sqrt(loRa * hiRa);
    const wm = at(mid);
    if (vol(wm) > target) loRa = mid; else { hiRa = mid; best = wm; }
    if (Math.abs(vol(best) - target) <= 1e-10 * target || hiRa / loRa < 1 + 1e-12) break;
  }
  return best;
}
