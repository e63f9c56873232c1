/**
 * A convex quadratic program solver for the portfolio optimizers:
 *
 *     minimise  1/2 x'Px + q'x   subject to  lb <= x <= ub,  lo_r <= a_r'x <= hi_r (r = 1..m)
 *
 * with P symmetric positive semidefinite (dense, row-major) and sparse rows a_r.
 *
 * Method: ADMM in the form of OSQP (Stellato et al., "OSQP: an operator splitting
 * solver for quadratic programs", Math. Prog. Comp. 2020): one dense Cholesky of
 * P + sigma I + A' diag(rho) A, cheap iterations, the primal infeasibility
 * certificate of section 3.4, then "solution polishing" (section 4): the active
 * set read off the ADMM iterate is solved exactly as an equality-constrained QP
 * (quasi-definite LDL' with iterative refinement), and the answer is accepted
 * only when it passes a KKT check (primal feasibility and multiplier signs to
 * 1e-9). A wrong guess is corrected primal-dual active-set style (add violated
 * constraints, drop wrong-signed ones) before ADMM resumes. So a returned
 * solution is either an exact KKT point ("solved") or an ADMM point whose
 * residuals are below 1e-7 ("solved-inaccurate").
 *
 * The objective is scaled by the mean diagonal of P so that daily covariances
 * (~1e-4) and annual ones (~1e-1) behave alike.
 *
 * Shortcut: a problem with finite bounds and a single equality row (min variance and
 * mean-variance with bounds and a budget: the common case) goes first to the primal
 * active-set method of activeSet.ts, O(k^2 n) for k assets held instead of ADMM's
 * O(n^3) factorization and polish; its answer is KKT-checked, and when it cannot
 * certify one the ADMM path below runs as before.
 */
import { BlockError } from "../core/errors";
import { solveBoxQP } from "./activeSet";
import { cholesky, choleskySolve, ldlSolve } from "./linalg";

export interface QPRow { idx: Int32Array; val: Float64Array; lo: number; hi: number; name: string }
export interface QPProblem {
  n: number;
  P: Float64Array;
  q: Float64Array;
  lb: Float64Array;
  ub: Float64Array;
  rows: QPRow[];
}
export interface QPOptions { x0?: Float64Array; maxIter?: number; signal?: AbortSignal }
export interface QPResult { x: Float64Array; status: "solved" | "solved-inaccurate"; iterations: number }

export function row(idx: number[] | Int32Array, val: number[] | Float64Array, lo: number, hi: number, name: string): QPRow {
  return { idx: Int32Array.from(idx), val: Float64Array.from(val), lo, hi, name };
}

const SIGMA = 1e-6, ALPHA = 1.6, FEAS_TOL = 1e-9, DUAL_TOL = 1e-9;

function rowDot(r: QPRow, x: Float64Array): number {
  let s = 0;
  for (let k = 0; k < r.idx.length; k++) s += r.val[k] * x[r.idx[k]];
  return s;
}

/** Solve the QP; throws BlockError("infeasible") with the constraint names, or ("no-solution"). */
export function solveQP(prob: QPProblem, opts: QPOptions = {}): QPResult {
  const { n, rows } = prob;
  const m = rows.length;
  for (let i = 0; i < n; i++) {
    if (prob.lb[i] > prob.ub[i]) throw new BlockError("infeasible", "Infeasible constraints", `variable ${i}: lower bound ${prob.lb[i]} is above upper bound ${prob.ub[i]}`);
  }
  const fast = boxBudgetShortcut(prob, opts);
  if (fast) return fast;
  // Scale the objective.
  let c = 0;
  for (let i = 0; i < n; i++) c += Math.abs(prob.P[i * n + i]);
  c = c / n;
  if (!(c > 0)) { let qm = 0; for (let i = 0; i < n; i++) qm = Math.max(qm, Math.abs(prob.q[i])); c = qm > 0 ? qm : 1; }
  const P = new Float64Array(n * n), q = new Float64Array(n);
  for (let i = 0; i < n * n; i++) P[i] = prob.P[i] / c;
  for (let i = 0; i < n; i++) q[i] = prob.q[i] / c;

  const total = n + m;
  const lo = new Float64Array(total), hi = new Float64Array(total);
  for (let i = 0; i < n; i++) { lo[i] = prob.lb[i]; hi[i] = prob.ub[i]; }
  for (let r = 0; r < m; r++) { lo[n + r] = rows[r].lo; hi[n + r] = rows[r].hi; }
  const isEq = (i: number) => lo[i] === hi[i];
  const isFree = (i: number) => lo[i] === -Infinity && hi[i] === Infinity;

  let rhoBase = 0.1;
  const rho = new Float64Array(total);
  const setRho = () => {
    for (let i = 0; i < total; i++) rho[i] = isFree(i) ? 1e-6 : isEq(i) ? 1e3 * rhoBase : rhoBase;
  };
  setRho();
  let L: Float64Array | null = null;
  const factor = () => {
    const M = P.slice();
    for (let i = 0; i < n; i++) M[i * n + i] += SIGMA + rho[i];
    for (let r = 0; r < m; r++) {
      const { idx, val } = rows[r], rr = rho[n + r];
      for (let a = 0; a < idx.length; a++) {
        const ia = idx[a] * n, va = rr * val[a];
        for (let b = 0; b < idx.length; b++) M[ia + idx[b]] += va * val[b];
      }
    }
    L = cholesky(M, n);
    if (!L) throw new BlockError("no-solution", "Solver failure", "the QP's KKT matrix is not positive definite (covariance not positive semidefinite?)");
  };
  factor();

  const x = new Float64Array(n), z = new Float64Array(total), y = new Float64Array(total);
  if (opts.x0) x.set(opts.x0.subarray(0, n));
  for (let i = 0; i < n; i++) z[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
  for (let r = 0; r < m; r++) z[n + r] = Math.min(hi[n + r], Math.max(lo[n + r], rowDot(rows[r], x)));

  const rhs = new Float64Array(n), xt = new Float64Array(n), zt = new Float64Array(total), yPrev = new Float64Array(total);
  const Px = new Float64Array(n);
  const maxIter = opts.maxIter ?? 20000;
  let polishTries = 0, refactors = 0;
  const maxRefactors = n > 1000 ? 1 : 8;
  const checkEvery = 10;

  const residuals = () => {
    let prim = 0, dual = 0, scaleP = 0, scaleD = 0;
    for (let i = 0; i < n; i++) { prim = Math.max(prim, Math.abs(x[i] - z[i])); scaleP = Math.max(scaleP, Math.abs(x[i])); }
    for (let r = 0; r < m; r++) { const ax = rowDot(rows[r], x); prim = Math.max(prim, Math.abs(ax - z[n + r])); scaleP = Math.max(scaleP, Math.abs(ax)); }
    for (let i = 0; i < n; i++) { let s = 0; const o = i * n; for (let j = 0; j < n; j++) s += P[o + j] * x[j]; Px[i] = s; }
    const g = new Float64Array(n);
    for (let i = 0; i < n; i++) g[i] = Px[i] + q[i] + y[i];
    for (let r = 0; r < m; r++) { const { idx, val } = rows[r]; for (let k = 0; k < idx.length; k++) g[idx[k]] += val[k] * y[n + r]; }
    for (let i = 0; i < n; i++) { dual = Math.max(dual, Math.abs(g[i])); scaleD = Math.max(scaleD, Math.abs(Px[i]), Math.abs(q[i])); }
    return { prim, dual, scaleP: Math.max(scaleP, 1), scaleD: Math.max(scaleD, 1e-3) };
  };

  for (let it = 1; it <= maxIter; it++) {
    if (opts.signal?.aborted) throw new BlockError("no-solution", "Cancelled", "the optimization was cancelled");
    // x-update
    for (let i = 0; i < n; i++) rhs[i] = SIGMA * x[i] - q[i] + rho[i] * z[i] - y[i];
    for (let r = 0; r < m; r++) {
      const { idx, val } = rows[r], s = rho[n + r] * z[n + r] - y[n + r];
      for (let k = 0; k < idx.length; k++) rhs[idx[k]] += val[k] * s;
    }
    choleskySolve(L!, n, rhs, xt);
    for (let i = 0; i < n; i++) zt[i] = xt[i];
    for (let r = 0; r < m; r++) zt[n + r] = rowDot(rows[r], xt);
    for (let i = 0; i < n; i++) x[i] = ALPHA * xt[i] + (1 - ALPHA) * x[i];
    yPrev.set(y);
    for (let i = 0; i < total; i++) {
      const zh = ALPHA * zt[i] + (1 - ALPHA) * z[i];
      const zn = Math.min(hi[i], Math.max(lo[i], zh + y[i] / rho[i]));
      y[i] += rho[i] * (zh - zn);
      z[i] = zn;
    }
    if (it % checkEvery !== 0) continue;
    const res = residuals();
    const epsP = 1e-7 * res.scaleP, epsD = 1e-7 * res.scaleD;
    // Primal infeasibility certificate (OSQP section 3.4) on dy = y - yPrev.
    if (detectInfeasible(rows, n, total, y, yPrev, lo, hi)) {
      throw new BlockError("infeasible", "Infeasible constraints", `no portfolio satisfies the constraints together: ${describeBinding(rows, n, y, yPrev, lo, hi)}`,
        [{ path: ["params"], message: "infeasible constraints" }]);
    }
    const nearly = res.prim < 1e-3 * res.scaleP && res.dual < 1e-3 * res.scaleD;
    if (nearly && (it % 50 === 0 || (res.prim < epsP && res.dual < epsD)) && polishTries < 12) {
      polishTries++;
      const pol = polish(P, q, n, rows, lo, hi, x, z, y);
      if (pol) return { x: pol, status: "solved", iterations: it };
    }
    if (res.prim < epsP && res.dual < epsD && polishTries >= 12) return { x: x.slice(), status: "solved-inaccurate", iterations: it };
    // Adaptive rho (OSQP section 5.2).
    if (it % 100 === 0 && refactors < maxRefactors) {
      const ratio = Math.sqrt((res.prim / res.scaleP) / Math.max(res.dual / res.scaleD, 1e-30));
      if (ratio > 5 || ratio < 0.2) {
        rhoBase = Math.min(1e6, Math.max(1e-6, rhoBase * ratio));
        setRho();
        factor();
        refactors++;
      }
    }
  }
  const res = residuals();
  if (res.prim < 1e-6 * res.scaleP && res.dual < 1e-6 * res.scaleD) return { x: x.slice(), status: "solved-inaccurate", iterations: maxIter };
  throw new BlockError("no-solution", "Solver did not converge", `the QP solver did not converge in ${maxIter} iterations (primal residual ${res.prim.toExponential(2)}, dual residual ${res.dual.toExponential(2)})`);
}

function detectInfeasible(rows: QPRow[], n: number, total: number, y: Float64Array, yPrev: Float64Array, lo: Float64Array, hi: Float64Array): boolean {
  const dy = new Float64Array(total);
  let norm = 0;
  for (let i = 0; i < total; i++) { dy[i] = y[i] - yPrev[i]; norm = Math.max(norm, Math.abs(dy[i])); }
  if (norm < 1e-10) return false;
  const eps = 1e-6 * norm;
  const aty = new Float64Array(n);
  for (let i = 0; i < n; i++) aty[i] = dy[i];
  for (let r = 0; r < rows.length; r++) { const { idx, val } = rows[r]; for (let k = 0; k < idx.length; k++) aty[idx[k]] += val[k] * dy[n + r]; }
  for (let i = 0; i < n; i++) if (Math.abs(aty[i]) > eps) return false;
  let s = 0;
  for (let i = 0; i < total; i++) {
    if (dy[i] > 0) { if (hi[i] === Infinity) { if (dy[i] > eps) return false; } else s += hi[i] * dy[i]; }
    else if (dy[i] < 0) { if (lo[i] === -Infinity) { if (-dy[i] > eps) return false; } else s += lo[i] * dy[i]; }
  }
  return s < -eps;
}

function describeBinding(rows: QPRow[], n: number, y: Float64Array, yPrev: Float64Array, lo: Float64Array, hi: Float64Array): string {
  const names: string[] = [];
  let boxes = 0;
  for (let i = 0; i < n + rows.length; i++) {
    const d = y[i] - yPrev[i];
    if (Math.abs(d) < 1e-9) continue;
    if (i < n) boxes++;
    else names.push(`${rows[i - n].name} (${lo[i] === hi[i] ? `= ${lo[i]}` : `${lo[i]} .. ${hi[i]}`})`);
  }
  if (boxes) names.push(`the bounds of ${boxes} variable(s)`);
  return names.join(", ");
}

/**
 * Solve the equality-constrained QP on the active set guessed from (z, y), then
 * correct the guess a few times; returns x (unscaled problem's x) when it is a KKT point.
 */
function polish(P: Float64Array, q: Float64Array, n: number, rows: QPRow[], lo: Float64Array, hi: Float64Array,
  x: Float64Array, z: Float64Array, y: Float64Array): Float64Array | null {
  const total = n + rows.length;
  // state: 0 inactive, -1 at lower, +1 at upper, 2 equality
  const state = new Int8Array(total);
  for (let i = 0; i < total; i++) {
    if (lo[i] === hi[i]) state[i] = 2;
    else if (lo[i] > -Infinity && z[i] - lo[i] < -y[i]) state[i] = -1;
    else if (hi[i] < Infinity && hi[i] - z[i] < y[i]) state[i] = 1;
  }
  for (let round = 0; round < 25; round++) {
    const sol = solveActive(P, q, n, rows, lo, hi, state);
    if (!sol) return null;
    const { xs, mult } = sol;
    // Check primal feasibility of inactive constraints and signs of active multipliers.
    let worstP = FEAS_TOL, worstPi = -1, worstPside = 0;
    for (let i = 0; i < total; i++) {
      if (state[i] !== 0) continue;
      const v = i < n ? xs[i] : rowDot(rows[i - n], xs);
      const scale = Math.max(1, Math.abs(v));
      if (v < lo[i] - FEAS_TOL * scale && lo[i] - v > worstP) { worstP = lo[i] - v; worstPi = i; worstPside = -1; }
      if (v > hi[i] + FEAS_TOL * scale && v - hi[i] > worstP) { worstP = v - hi[i]; worstPi = i; worstPside = 1; }
    }
    let gradScale = 1e-12;
    for (let i = 0; i < n; i++) gradScale = Math.max(gradScale, Math.abs(q[i]));
    let pdiag = 0;
    for (let i = 0; i < n; i++) pdiag = Math.max(pdiag, Math.abs(P[i * n + i]));
    gradScale = Math.max(gradScale, pdiag);
    let worstD = DUAL_TOL * gradScale, worstDi = -1;
    for (let i = 0; i < total; i++) {
      if (state[i] === -1 && mult[i] > worstD) { worstD = mult[i]; worstDi = i; }
      if (state[i] === 1 && -mult[i] > worstD) { worstD = -mult[i]; worstDi = i; }
    }
    if (worstPi < 0 && worstDi < 0) {
      for (let i = 0; i < n; i++) xs[i] = Math.min(hi[i], Math.max(lo[i], xs[i]));
      return xs;
    }
    if (worstPi >= 0) state[worstPi] = worstPside;
    if (worstDi >= 0) state[worstDi] = 0;
  }
  return null;
}

/** Solve the QP with active constraints held as equalities; multipliers in OSQP's sign (y < 0 at lower). */
function solveActive(P: Float64Array, q: Float64Array, n: number, rows: QPRow[], lo: Float64Array, hi: Float64Array,
  state: Int8Array): { xs: Float64Array; mult: Float64Array } | null {
  const xs = new Float64Array(n);
  const free: number[] = [];
  for (let i = 0; i < n; i++) {
    if (state[i] === 0) free.push(i);
    else xs[i] = state[i] === 1 ? hi[i] : lo[i];
  }
  const act: number[] = [];
  for (let r = 0; r < rows.length; r++) if (state[n + r] !== 0) act.push(r);
  const nf = free.length, na = act.length, dim = nf + na;
  const pos = new Int32Array(n).fill(-1);
  free.forEach((v, k) => { pos[v] = k; });
  const K0 = new Float64Array(dim * dim), b = new Float64Array(dim);
  for (let a = 0; a < nf; a++) {
    const i = free[a];
    let s = -q[i];
    for (let j = 0; j < n; j++) if (pos[j] < 0 && xs[j] !== 0) s -= P[i * n + j] * xs[j];
    b[a] = s;
    for (let c2 = 0; c2 < nf; c2++) K0[a * dim + c2] = P[i * n + free[c2]];
  }
  for (let k = 0; k < na; k++) {
    const r = rows[act[k]], gi = n + act[k];
    let t = state[gi] === 1 ? hi[gi] : lo[gi];
    for (let e = 0; e < r.idx.length; e++) {
      const j = r.idx[e], p = pos[j];
      if (p < 0) t -= r.val[e] * xs[j];
      else { K0[(nf + k) * dim + p] += r.val[e]; K0[p * dim + nf + k] += r.val[e]; }
    }
    b[nf + k] = t;
  }
  const delta = 1e-9;
  const K = K0.slice();
  for (let a = 0; a < nf; a++) K[a * dim + a] += delta;
  for (let k = 0; k < na; k++) K[(nf + k) * dim + nf + k] -= delta;
  const sol = ldlSolve(K, dim, b);
  if (!sol) return null;
  for (let ref = 0; ref < 6; ref++) {
    const r = new Float64Array(dim);
    let rn = 0;
    for (let i = 0; i < dim; i++) { let s = b[i]; const o = i * dim; for (let j = 0; j < dim; j++) s -= K0[o + j] * sol[j]; r[i] = s; rn = Math.max(rn, Math.abs(s)); }
    if (rn < 1e-15) break;
    const d = ldlSolve(K, dim, r);
    if (!d) break;
    for (let i = 0; i < dim; i++) sol[i] += d[i];
  }
  if (!sol.every(Number.isFinite)) return null;
  for (let a = 0; a < nf; a++) xs[free[a]] = sol[a];
  const mult = new Float64Array(n + rows.length);
  for (let k = 0; k < na; k++) mult[n + act[k]] = sol[nf + k];
  // Box multipliers: y_i = -(Px + q + A_act' y_act)_i for fixed variables.
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (state[i] === 0) continue;
    let s = q[i];
    const o = i * n;
    for (let j = 0; j < n; j++) s += P[o + j] * xs[j];
    g[i] = s;
  }
  for (let k = 0; k < na; k++) {
    const r = rows[act[k]], yk = sol[nf + k];
    for (let e = 0; e < r.idx.length; e++) g[r.idx[e]] += r.val[e] * yk;
  }
  for (let i = 0; i < n; i++) if (state[i] !== 0) mult[i] = -g[i];
  return { xs, mult };
}

/** The active-set route for box bounds plus one equality row; null when it does not apply or fails. */
function boxBudgetShortcut(prob: QPProblem, opts: QPOptions): QPResult | null {
  const { n, rows } = prob;
  if (rows.length !== 1 || rows[0].lo !== rows[0].hi || !Number.isFinite(rows[0].lo)) return null;
  for (let i = 0; i < n; i++) if (!Number.isFinite(prob.lb[i]) || !Number.isFinite(prob.ub[i])) return null;
  const a = new Float64Array(n);
  const r = rows[0];
  for (let k = 0; k < r.idx.length; k++) a[r.idx[k]] += r.val[k];
  const x0 = opts.x0 && opts.x0.length === n ? opts.x0 : undefined;
  const res = solveBoxQP({ n, P: prob.P, lb: prob.lb, ub: prob.ub, a, b: r.lo }, prob.q, { signal: opts.signal, x0 });
  if (opts.signal?.aborted) throw new BlockError("no-solution", "Cancelled", "the optimization was cancelled");
  return res ? { x: res.x, status: "solved", iterations: res.iterations } : null;
}
