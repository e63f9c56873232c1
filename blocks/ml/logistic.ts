/**
 * Logistic regression with an L2 penalty, fitted by Newton's method (IRLS) with step
 * halving. The objective is scikit-learn's LogisticRegression(penalty="l2", C):
 *   sum_i [ -y_i ln p_i - (1 - y_i) ln(1 - p_i) ] + ||w||^2 / (2 C),  p_i = sigmoid(b + x_i'w),
 * the intercept b not penalised; C = null fits without penalty (the maximum-likelihood
 * estimate, which does not exist for separable data: then `converged` is false).
 * Stops when the largest gradient component is below `tol` x n.
 */
import type { BlockContext } from "../core/block";
import { checkAbort, sigmoid, type Design, type Progress, report } from "./common";

export interface LogisticFit { coef: number[]; intercept: number; iterations: number; converged: boolean }

/** Value of the objective at (b, w). */
export function logisticObjective(d: Design, y: Float64Array, b: number, w: ArrayLike<number>, C: number | null): number {
  const { X, n, p } = d;
  let f = 0;
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < p; j++) z += X[i * p + j] * w[j];
    // log(1 + e^z) - y z, stable
    f += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
  }
  if (C !== null) { let s = 0; for (let j = 0; j < p; j++) s += w[j] * w[j]; f += s / (2 * C); }
  return f;
}

/** Solve A x = g for symmetric positive definite A (k x k, row-major, overwritten) by Cholesky; null when not PD. */
function cholSolve(A: Float64Array, g: Float64Array, k: number): Float64Array | null {
  for (let j = 0; j < k; j++) {
    let s = A[j * k + j];
    for (let q = 0; q < j; q++) s -= A[j * k + q] ** 2;
    if (!(s > 0)) return null;
    const l = Math.sqrt(s);
    A[j * k + j] = l;
    for (let i = j + 1; i < k; i++) {
      let t = A[i * k + j];
      for (let q = 0; q < j; q++) t -= A[i * k + q] * A[j * k + q];
      A[i * k + j] = t / l;
    }
  }
  const x = Float64Array.from(g);
  for (let i = 0; i < k; i++) { let s = x[i]; for (let q = 0; q < i; q++) s -= A[i * k + q] * x[q]; x[i] = s / A[i * k + i]; }
  for (let i = k - 1; i >= 0; i--) { let s = x[i]; for (let q = i + 1; q < k; q++) s -= A[q * k + i] * x[q]; x[i] = s / A[i * k + i]; }
  return x;
}

export function fitLogistic(d: Design, y: Float64Array, o: { C: number | null; max_iter: number; tol: number }, ctx?: BlockContext, pr?: Progress): LogisticFit {
  const { X, n, p } = d;
  const k = p + 1; // index 0 = intercept
  const beta = new Float64Array(k);
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += y[i];
  ybar /= n;
  if (ybar > 0 && ybar < 1) beta[0] = Math.log(ybar / (1 - ybar));
  const w = () => beta.subarray(1);
  let f = logisticObjective(d, y, beta[0], w(), o.C);
  const g = new Float64Array(k), H = new Float64Array(k * k), xi = new Float64Array(k);
  let converged = false, it = 0;
  for (; it < o.max_iter; it++) {
    checkAbort(ctx, "logistic regression");
    report(pr, it / o.max_iter);
    g.fill(0); H.fill(0);
    for (let i = 0; i < n; i++) {
      xi[0] = 1;
      let z = beta[0];
      for (let j = 0; j < p; j++) { xi[j + 1] = X[i * p + j]; z += xi[j + 1] * beta[j + 1]; }
      const pi = sigmoid(z), r = pi - y[i], wgt = pi * (1 - pi);
      for (let a = 0; a < k; a++) {
        g[a] += r * xi[a];
        const wa = wgt * xi[a];
        for (let c = 0; c <= a; c++) H[a * k + c] += wa * xi[c];
      }
    }
    if (o.C !== null) for (let j = 1; j < k; j++) { g[j] += beta[j] / o.C; H[j * k + j] += 1 / o.C; }
    for (let a = 0; a < k; a++) for (let c = a + 1; c < k; c++) H[a * k + c] = H[c * k + a];
    let gmax = 0;
    for (let a = 0; a < k; a++) gmax = Math.max(gmax, Math.abs(g[a]));
    if (gmax <= o.tol * n) { converged = true; break; }
    let step = cholSolve(Float64Array.from(H), g, k);
    if (!step) {
      let tr = 0; for (let a = 0; a < k; a++) tr += H[a * k + a];
      const Hr = Float64Array.from(H);
      for (let a = 0; a < k; a++) Hr[a * k + a] += 1e-8 * (tr / k + 1);
      step = cholSolve(Hr, g, k) ?? g;
    }
    let t = 1, improved = false;
    const old = Float64Array.from(beta);
    for (let h = 0; h < 40; h++, t /= 2) {
      for (let a = 0; a < k; a++) beta[a] = old[a] - t * step[a];
      const fn = logisticObjective(d, y, beta[0], w(), o.C);
      if (fn <= f - 1e-4 * t * dot(g, step)) { f = fn; improved = true; break; }
    }
    if (!improved) { beta.set(old); break; }
  }
  return { coef: Array.from(w()), intercept: beta[0], iterations: it, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Probabilities of the positive class. */
export function predictLogistic(d: Design, coef: number[], intercept: number, out = new Float64Array(d.n)): Float64Array {
  const { X, n, p } = d;
  for (let i = 0; i < n; i++) {
    let z = intercept;
    for (let j = 0; j < p; j++) z += X[i * p + j] * coef[j];
    out[i] = sigmoid(z);
  }
  return out;
}
