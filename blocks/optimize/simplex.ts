/**
 * A dense bounded-variable primal simplex (two phases; Dantzig pricing, Bland's rule
 * after a stall) for small and medium linear programs such as min_cvar's:
 *
 *     minimise c'x   subject to  A x = b,  0 <= x_j <= u_j (u_j may be Infinity)
 *
 * (Chvatal, Linear Programming, 1983, ch. 8 for the bounded variables; Bland, "New
 * finite pivoting rules for the simplex method", Math. Oper. Res. 1977.) The tableau is
 * m x N, no artificial columns are stored: rows given an initial basic column (a unit
 * column with +1 in that row, b_i >= 0) start with it, the others with an artificial that
 * phase 1 drives out. Values of basic variables are kept explicitly.
 */
import { BlockError } from "../core/errors";

export interface LP { m: number; N: number; A: Float64Array; b: Float64Array; c: Float64Array; upper: Float64Array; start: Int32Array }

/** Returns x, or throws BlockError("infeasible") / ("no-solution"). `start[i]` is row i's initial basic column or -1. */
export function simplex(lp: LP, signal?: AbortSignal): Float64Array {
  const { m, N, upper } = lp;
  const T = lp.A.slice(), beta = lp.b.slice();
  const basis = Int32Array.from(lp.start);
  const rowOf = new Int32Array(N).fill(-1);
  for (let i = 0; i < m; i++) if (basis[i] >= 0) rowOf[basis[i]] = i;
  const atUpper = new Uint8Array(N);
  const d = new Float64Array(N);
  const nzIdx = new Int32Array(N); // the pivot row's nonzero columns (the tableau stays sparse in the u/s columns)
  let cScale = 0;
  for (let j = 0; j < N; j++) cScale = Math.max(cScale, Math.abs(lp.c[j]));
  const pricing = (phase: 1 | 2) => {
    for (let j = 0; j < N; j++) d[j] = phase === 1 ? 0 : lp.c[j];
    for (let i = 0; i < m; i++) {
      const cb = basis[i] < 0 ? (phase === 1 ? 1 : 0) : phase === 1 ? 0 : lp.c[basis[i]];
      if (cb === 0) continue;
      const o = i * N;
      for (let j = 0; j < N; j++) d[j] -= cb * T[o + j];
    }
  };
  const run = (phase: 1 | 2) => {
    pricing(phase);
    const tol = 1e-11 * Math.max(phase === 1 ? 1 : cScale, 1e-300);
    let stall = 0, bland = false;
    for (let it = 0; it < 50 * (m + N); it++) {
      if (signal?.aborted) throw new BlockError("no-solution", "Cancelled", "the optimization was cancelled");
      let j = -1, best = tol;
      for (let k = 0; k < N; k++) {
        if (rowOf[k] >= 0 || upper[k] === 0) continue;
        const gain = atUpper[k] ? d[k] : -d[k];
        if (gain > best) { j = k; best = gain; if (bland) break; }
      }
      if (j < 0) return;
      const dir = atUpper[j] ? -1 : 1;
      let theta = upper[j], r = -1;
      for (let i = 0; i < m; i++) {
        const a = T[i * N + j] * dir;
        if (a > 1e-12) {
          const lim = Math.max(0, beta[i]) / a;
          if (lim < theta || (lim === theta && r >= 0 && basis[i] < basis[r])) { theta = lim; r = i; }
        } else if (a < -1e-12) {
          const ub = basis[i] < 0 ? (phase === 1 ? Infinity : 0) : upper[basis[i]];
          if (ub < Infinity) {
            const lim = Math.max(0, ub - beta[i]) / -a;
            if (lim < theta || (lim === theta && r >= 0 && basis[i] < basis[r])) { theta = lim; r = i; }
          }
        }
      }
      if (theta === Infinity) throw new BlockError("no-solution", "Unbounded", "the linear program is unbounded");
      stall = theta > 0 ? 0 : stall + 1;
      if (stall > 50) bland = true;
      for (let i = 0; i < m; i++) { const a = T[i * N + j]; if (a !== 0) beta[i] -= theta * dir * a; }
      if (r < 0) { atUpper[j] = atUpper[j] ? 0 : 1; continue; }
      const leave = basis[r], o = r * N;
      const enterValue = (atUpper[j] ? upper[j] : 0) + dir * theta;
      if (leave >= 0) {
        rowOf[leave] = -1;
        atUpper[leave] = T[o + j] * dir < 0 && upper[leave] < Infinity ? 1 : 0;
      }
      atUpper[j] = 0;
      const piv = T[o + j];
      let nz = 0;
      for (let k = 0; k < N; k++) { if (T[o + k] !== 0) { T[o + k] /= piv; nzIdx[nz++] = k; } }
      for (let i = 0; i < m; i++) {
        if (i === r) continue;
        const f = T[i * N + j];
        if (f === 0) continue;
        const oi = i * N;
        for (let e = 0; e < nz; e++) { const k = nzIdx[e]; T[oi + k] -= f * T[o + k]; }
        T[oi + j] = 0;
      }
      const f = d[j];
      for (let e = 0; e < nz; e++) { const k = nzIdx[e]; d[k] -= f * T[o + k]; }
      d[j] = 0;
      basis[r] = j; rowOf[j] = r; beta[r] = enterValue;
    }
    throw new BlockError("no-solution", "Simplex did not converge", "the simplex method hit its iteration limit");
  };
  if (basis.some((v) => v < 0)) {
    run(1);
    let infeas = 0, bs = 1;
    for (let i = 0; i < m; i++) { bs = Math.max(bs, Math.abs(lp.b[i])); if (basis[i] < 0) infeas += beta[i]; }
    if (infeas > 1e-9 * bs) throw new BlockError("infeasible", "Infeasible constraints", "no portfolio satisfies the constraints together");
  }
  run(2);
  const x = new Float64Array(N);
  for (let j = 0; j < N; j++) if (rowOf[j] < 0 && atUpper[j]) x[j] = upper[j];
  for (let i = 0; i < m; i++) if (basis[i] >= 0) x[basis[i]] = beta[i];
  return x;
}
