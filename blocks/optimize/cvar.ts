/**
 * Minimum CVaR portfolio over historical scenarios (optimize.portfolio method `min_cvar`,
 * issue 4.2), the linear program of Rockafellar & Uryasev, "Optimization of conditional
 * value-at-risk", Journal of Risk 2 (2000), eq. (17):
 *
 *     minimise   alpha + 1 / ((1 - beta) T) sum_t u_t
 *     subject to u_t >= -r_t'w - alpha,  u_t >= 0       (t = 1..T scenarios)
 *                sum w = net,  lo <= w <= hi,  group caps,  gross (with shorts)
 *
 * At the optimum the objective is the CVaR (expected shortfall, a positive loss, one
 * period) of the portfolio's scenario returns at confidence beta: the mean of the
 * (1 - beta) T worst losses, the boundary scenario weighted by the fraction left when
 * (1 - beta) T is not an integer; alpha is a VaR. This is PyPortfolioOpt's EfficientCVaR
 * (beta 0.95 by default).
 *
 * Solver: the dense bounded-variable simplex of simplex.ts (exact vertices). ADMM (qp.ts
 * with P = 0) was tried first and stalls on these degenerate LPs. Each pivot costs
 * O(T (n + 2T)): fine for a few hundred scenarios (250 x 50 assets: well under a second),
 * seconds for a thousand; subsample longer histories.
 */
import { BlockError, inputError, paramError } from "../core/errors";
import type { Panel } from "../core/values";
import type { Constraints } from "./meanVariance";
import { simplex } from "./simplex";

/** Scenario returns (T x n, row-major) of the covariance's columns from a returns Panel; rows with a null are dropped. */
export function scenarioMatrix(returns: Panel, columns: string[]): { R: Float64Array; T: number } {
  const m = returns.columns.length;
  const src = columns.map((c) => {
    const j = returns.columns.indexOf(c);
    if (j < 0) throw inputError(["inputs", "returns", "columns"], `returns has no column ${c} (min_cvar needs one scenario column per asset)`);
    return j;
  });
  const n = columns.length, rowsIn = returns.index.length;
  const keep: number[] = [];
  for (let t = 0; t < rowsIn; t++) {
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = Number.isFinite(returns.values[t * m + src[i]]);
    if (ok) keep.push(t);
  }
  if (keep.length < 2) throw inputError(["inputs", "returns"], `min_cvar needs at least 2 scenario rows without nulls in the assets used (found ${keep.length})`);
  const T = keep.length, R = new Float64Array(T * n);
  keep.forEach((t, k) => { for (let i = 0; i < n; i++) R[k * n + i] = returns.values[t * m + src[i]]; });
  return { R, T };
}

/** CVaR (positive loss) at confidence beta of scenario returns x: the (1 - beta) T worst, fractional boundary. */
export function scenarioCvar(x: Float64Array, beta: number): number {
  const s = Float64Array.from(x).sort();
  let k = (1 - beta) * s.length, sum = 0;
  for (let i = 0; i < s.length && k > 1e-12; i++) {
    const f = Math.min(1, k);
    sum += f * s[i];
    k -= f;
  }
  return -sum / ((1 - beta) * s.length);
}

export interface MinCvarResult { weights: Float64Array; cvar: number; var: number }

/** Weights minimising CVaR at `beta` over T scenarios R (T x n row-major) under the constraints. */
export function minCvar(R: Float64Array, T: number, n: number, beta: number, c: Constraints, signal?: AbortSignal): MinCvarResult {
  if (!(beta > 0 && beta < 1)) throw paramError(["params", "beta"], "beta (the CVaR confidence) must be in (0, 1)");
  if (c.maxNames !== null) throw paramError(["params", "max_names"], "min_cvar does not support max_names");
  if (c.current !== null && (c.turnoverLimit !== null || c.turnoverPenalty > 0)) throw paramError(["params", "turnover_limit"], "min_cvar does not support turnover constraints");
  if (c.gross !== null && c.lo < 0) throw paramError(["params", "gross"], "min_cvar does not support gross with short positions; use bounds");
  if (c.lo > c.hi) throw new BlockError("infeasible", "Infeasible constraints", `bounds [${c.lo}, ${c.hi}]: the lower bound is above the upper bound (max_weight included)`);
  // Columns: w - lo (n, upper hi - lo) | alpha+ | alpha- | u_t (T) | s_t (T) | group slacks (G).
  const groups: { members: number[]; cap: number }[] = [];
  if (c.groupOf) {
    for (const [g, cap] of c.groupCaps) {
      const members: number[] = [];
      for (let i = 0; i < n; i++) if (c.groupOf[i] === g) members.push(i);
      if (members.length) groups.push({ members, cap });
    }
  }
  const G = groups.length, ia = n, iu = n + 2, is = n + 2 + T, ig = n + 2 + 2 * T;
  const N = ig + G, m = T + 1 + G;
  const A = new Float64Array(m * N), b = new Float64Array(m), cost = new Float64Array(N), upper = new Float64Array(N).fill(Infinity);
  const start = new Int32Array(m).fill(-1);
  for (let i = 0; i < n; i++) upper[i] = c.hi - c.lo;
  cost[ia] = 1; cost[ia + 1] = -1;
  for (let t = 0; t < T; t++) cost[iu + t] = 1 / ((1 - beta) * T);
  for (let t = 0; t < T; t++) {
    const o = t * N;
    let rl = 0;
    for (let i = 0; i < n; i++) { A[o + i] = R[t * n + i]; rl += R[t * n + i]; }
    A[o + ia] = 1; A[o + ia + 1] = -1; A[o + iu + t] = 1; A[o + is + t] = -1;
    b[t] = -c.lo * rl;
    if (b[t] >= 0) start[t] = iu + t;
    else { for (let k = 0; k < N; k++) A[o + k] = -A[o + k]; b[t] = -b[t]; start[t] = is + t; }
  }
  const ob = T * N;
  for (let i = 0; i < n; i++) A[ob + i] = 1;
  b[T] = c.net - n * c.lo;
  if (b[T] < 0) { for (let i = 0; i < n; i++) A[ob + i] = -1; b[T] = -b[T]; }
  groups.forEach(({ members, cap }, k) => {
    const o = (T + 1 + k) * N, sign = cap - members.length * c.lo >= 0 ? 1 : -1;
    for (const i of members) A[o + i] = sign;
    A[o + ig + k] = sign;
    b[T + 1 + k] = sign * (cap - members.length * c.lo);
    if (sign > 0) start[T + 1 + k] = ig + k;
  });
  const x = simplex({ m, N, A, b, c: cost, upper, start }, signal);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = Math.min(c.hi, Math.max(c.lo, c.lo + x[i]));
  // Report the CVaR of the weights themselves (equal to the LP objective at the optimum).
  const pr = new Float64Array(T);
  for (let t = 0; t < T; t++) { let s = 0; for (let i = 0; i < n; i++) s += R[t * n + i] * w[i]; pr[t] = s; }
  return { weights: w, cvar: scenarioCvar(pr, beta), var: x[ia] - x[ia + 1] };
}
