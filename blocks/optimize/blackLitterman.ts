/**
 * Black-Litterman (He & Litterman 1999; Idzorek 2005), as shared/CONTRACTS.md fixes it:
 * prior pi = delta S w_mkt (w_mkt normalised to sum 1);
 * omega = given, else Idzorek's diag(tau (1 - c_k)/c_k p_k'S p_k) from confidences c_k in (0, 1],
 * else He-Litterman's diag(tau P S P');
 * posterior mu = pi + tau S P'(P tau S P' + omega)^-1 (Q - P pi);
 * posterior covariance S + tau S - tau S P'(P tau S P' + omega)^-1 P tau S;
 * weights (delta S)^-1 mu scaled to sum to `net` (bounds do not apply).
 */
import { BlockError } from "../core/errors";
import { cholesky, choleskySolve, solveLinear } from "./linalg";

export interface BLResult { prior: Float64Array; mu: Float64Array; covariance: Float64Array; weights: Float64Array }

export function blackLitterman(S: Float64Array, n: number, wMkt: Float64Array, P: Float64Array, Q: Float64Array, k: number,
  tau: number, delta: number, net: number, omega: Float64Array | null, confidences: Float64Array | null): BLResult {
  let sw = 0;
  for (let i = 0; i < n; i++) sw += wMkt[i];
  const prior = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += S[i * n + j] * wMkt[j]; prior[i] = delta * s / sw; }
  // SP' (n x k)
  const sp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let v = 0; v < k; v++) { let s = 0; for (let j = 0; j < n; j++) s += S[i * n + j] * P[v * n + j]; sp[i * k + v] = s; }
  const psp = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) { let s = 0; for (let i = 0; i < n; i++) s += P[a * n + i] * sp[i * k + b]; psp[a * k + b] = s; }
  const om = new Float64Array(k * k);
  if (omega) om.set(omega);
  else if (confidences) for (let v = 0; v < k; v++) { const c = confidences[v]; om[v * k + v] = tau * ((1 - c) / c) * psp[v * k + v]; }
  else for (let v = 0; v < k; v++) om[v * k + v] = tau * psp[v * k + v];
  const m = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) m[i] = tau * psp[i] + om[i];
  const resid = new Float64Array(k);
  for (let v = 0; v < k; v++) { let s = Q[v]; for (let i = 0; i < n; i++) s -= P[v * n + i] * prior[i]; resid[v] = s; }
  const x = solveLinear(m, k, resid);
  if (!x) throw new BlockError("singular-problem", "Singular views", "P tau S P' + omega is singular: the views are redundant or conflicting with zero uncertainty", [{ path: ["inputs", "views"], message: "singular" }]);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let v = 0; v < k; v++) s += sp[i * k + v] * x[v]; mu[i] = prior[i] + tau * s; }
  // posterior covariance: S + tau S - tau^2 SP' M^-1 PS
  const cov = new Float64Array(n * n);
  const mInvPs = new Float64Array(k * n);
  const col = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let v = 0; v < k; v++) col[v] = sp[i * k + v];
    const y = solveLinear(m, k, col)!;
    for (let v = 0; v < k; v++) mInvPs[v * n + i] = y[v];
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let v = 0; v < k; v++) s += sp[i * k + v] * mInvPs[v * n + j];
    cov[i * n + j] = (1 + tau) * S[i * n + j] - tau * tau * s;
  }
  const L = cholesky(S, n);
  if (!L) throw new BlockError("singular-problem", "Singular covariance", "the covariance is not positive definite");
  const raw = choleskySolve(L, n, mu);
  let s = 0;
  for (let i = 0; i < n; i++) { raw[i] /= delta; s += raw[i]; }
  if (Math.abs(s) < 1e-300) throw new BlockError("no-solution", "Black-Litterman weights undefined", "(delta S)^-1 mu sums to 0: the weights cannot be scaled to the net target");
  for (let i = 0; i < n; i++) raw[i] *= net / s;
  return { prior, mu, covariance: cov, weights: raw };
}
