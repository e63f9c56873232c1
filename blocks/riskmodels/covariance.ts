/**
 * risk.covariance and risk.covariance_constant_correlation: covariance estimators
 * of a returns panel (T dates x N assets, no nulls).
 *
 * - sample: unbiased sample covariance (ddof = 1), as pandas `DataFrame.cov()`.
 * - ledoit_wolf: scikit-learn's `LedoitWolf(assume_centered=False)`: the biased
 *   (ddof 0) empirical covariance shrunk towards mu I, mu = trace / N, with
 *   sklearn's `ledoit_wolf_shrinkage` formula (Ledoit & Wolf, "A well-conditioned
 *   estimator for large-dimensional covariance matrices", JMVA 2004).
 * - exponential: exponentially weighted covariance, weights (1/2)^(age/halflife)
 *   normalised to sum 1, around the weighted mean (ddof 0; pandas `ewm(halflife).cov(bias=True)`
 *   on the last row).
 * - pca: the k-factor principal-component model of the sample covariance:
 *   V_k diag(lambda_k) V_k' plus the residual diagonal, so it stays positive definite.
 * - constant correlation (Ledoit & Wolf, "Honey, I shrunk the sample covariance
 *   matrix", JPM 2004): the sample covariance (ddof 0, as in the paper's code) shrunk
 *   towards the constant-correlation target with the optimal intensity.
 *
 * `periods_per_year` (or null) multiplies the matrix (annualization); shrinkage is unitless.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError, paramError } from "../core/errors";
import { port } from "../core/ports";
import { matrix, type Panel } from "../core/values";
import { symmetricEigen } from "../optimize/linalg";

/** Column means of a T x N row-major buffer. */
export function columnMeans(x: Float64Array, t: number, n: number): Float64Array {
  const mu = new Float64Array(n);
  for (let r = 0; r < t; r++) for (let j = 0; j < n; j++) mu[j] += x[r * n + j];
  for (let j = 0; j < n; j++) mu[j] /= t;
  return mu;
}

/** Demeaned copy of X (T x N). */
export function demean(x: Float64Array, t: number, n: number): Float64Array {
  const mu = columnMeans(x, t, n);
  const out = new Float64Array(t * n);
  for (let r = 0; r < t; r++) for (let j = 0; j < n; j++) out[r * n + j] = x[r * n + j] - mu[j];
  return out;
}

/**
 * X'X / divisor of a T x N buffer (N x N, symmetric). Each entry is summed over the rows
 * in order with one accumulator (so results do not depend on the blocking), over a
 * column-major copy of X and four columns at a time: contiguous reads and sums kept in
 * registers (about 4x quicker than updating the N x N buffer row by row).
 */
export function crossProduct(x: Float64Array, t: number, n: number, divisor: number): Float64Array {
  const xt = new Float64Array(t * n);
  for (let r = 0; r < t; r++) { const o = r * n; for (let j = 0; j < n; j++) xt[j * t + r] = x[o + j]; }
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = i * t, si = i * n;
    let j = i;
    for (; j + 3 < n; j += 4) {
      const b0 = j * t, b1 = b0 + t, b2 = b1 + t, b3 = b2 + t;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let r = 0; r < t; r++) {
        const xi = xt[a + r];
        s0 += xi * xt[b0 + r]; s1 += xi * xt[b1 + r]; s2 += xi * xt[b2 + r]; s3 += xi * xt[b3 + r];
      }
      s[si + j] = s0; s[si + j + 1] = s1; s[si + j + 2] = s2; s[si + j + 3] = s3;
    }
    for (; j < n; j++) {
      const b = j * t;
      let s0 = 0;
      for (let r = 0; r < t; r++) s0 += xt[a + r] * xt[b + r];
      s[si + j] = s0;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) { const v = s[i * n + j] / divisor; s[i * n + j] = v; s[j * n + i] = v; }
  return s;
}

/** Sample covariance (ddof 1, or 0 with `ddof = 0`). Needs T > ddof. */
export function sampleCovariance(x: Float64Array, t: number, n: number, ddof = 1): Float64Array {
  return crossProduct(demean(x, t, n), t, n, t - ddof);
}

/** scikit-learn's ledoit_wolf_shrinkage on already-centered X (`xtx`: X'X when already computed). */
export function ledoitWolfShrinkage(xc: Float64Array, t: number, n: number, xtx: Float64Array = crossProduct(xc, t, n, 1)): number {
  const rowSquares = new Float64Array(t);
  for (let r = 0; r < t; r++) { let s = 0; for (let j = 0; j < n; j++) s += xc[r * n + j] * xc[r * n + j]; rowSquares[r] = s; }
  return ledoitWolfIntensity(xtx, rowSquares, t, n);
}

/**
 * sklearn's shrinkage from the moments it needs: the centered X'X (n x n) and, per row,
 * the sum over assets of the squared centered value (so X2'X2 is never formed:
 * sum(X2'X2) = sum_t (sum_i X2[t,i])^2).
 */
export function ledoitWolfIntensity(xtx: Float64Array, rowSquares: Float64Array, t: number, n: number): number {
  if (n === 1) return 0;
  let traceSum = 0; // sum of emp_cov_trace
  let betaRaw = 0; // beta_ = sum(X2' X2)
  for (let r = 0; r < t; r++) { traceSum += rowSquares[r]; betaRaw += rowSquares[r] * rowSquares[r]; }
  traceSum /= t;
  const mu = traceSum / n;
  // delta_ = sum((X'X)^2) / T^2
  let deltaRaw = 0;
  for (let i = 0; i < xtx.length; i++) deltaRaw += xtx[i] * xtx[i];
  deltaRaw /= t * t;
  let beta = (1 / (n * t)) * (betaRaw / t - deltaRaw);
  let delta = deltaRaw - 2 * mu * traceSum + n * mu * mu;
  delta /= n;
  beta = Math.min(beta, delta);
  if (beta === 0 || !(delta > 0)) return 0;
  return beta / delta;
}

/** The Ledoit-Wolf estimate from centered X'X: (1 - s) X'X / t + s mu I, mu = its mean variance (into `emp`, which may be xtx itself). */
export function shrunkCovariance(xtx: Float64Array, t: number, n: number, shrinkage: number, emp = new Float64Array(n * n)): Float64Array {
  for (let i = 0; i < emp.length; i++) emp[i] = xtx[i] / t;
  let tr = 0;
  for (let i = 0; i < n; i++) tr += emp[i * n + i];
  const mu = tr / n;
  for (let i = 0; i < emp.length; i++) emp[i] *= 1 - shrinkage;
  for (let i = 0; i < n; i++) emp[i * n + i] += shrinkage * mu;
  return emp;
}

/** Ledoit-Wolf shrunk covariance (scikit-learn LedoitWolf, assume_centered = false). */
export function ledoitWolfCovariance(x: Float64Array, t: number, n: number): { covariance: Float64Array; shrinkage: number } {
  const xc = demean(x, t, n);
  const xtx = crossProduct(xc, t, n, 1);
  const shrinkage = ledoitWolfShrinkage(xc, t, n, xtx);
  return { covariance: shrunkCovariance(xtx, t, n, shrinkage), shrinkage };
}

/** Exponentially weighted covariance, weight of age a (0 = last row) = 0.5^(a / halflife), normalised. */
export function exponentialCovariance(x: Float64Array, t: number, n: number, halflife: number): Float64Array {
  const w = new Float64Array(t);
  let sw = 0;
  for (let r = 0; r < t; r++) { w[r] = Math.pow(0.5, (t - 1 - r) / halflife); sw += w[r]; }
  for (let r = 0; r < t; r++) w[r] /= sw;
  const mu = new Float64Array(n);
  for (let r = 0; r < t; r++) for (let j = 0; j < n; j++) mu[j] += w[r] * x[r * n + j];
  const xc = new Float64Array(t * n);
  for (let r = 0; r < t; r++) { const s = Math.sqrt(w[r]); for (let j = 0; j < n; j++) xc[r * n + j] = s * (x[r * n + j] - mu[j]); }
  return crossProduct(xc, t, n, 1);
}

/** k-factor PCA covariance: top-k eigenpairs of the sample covariance plus the residual diagonal. */
export function pcaCovariance(x: Float64Array, t: number, n: number, k: number): Float64Array {
  const s = sampleCovariance(x, t, n, 1);
  const { values, vectors } = symmetricEigen(s, n);
  const out = new Float64Array(n * n);
  for (let f = 0; f < k; f++) {
    const lam = Math.max(values[f], 0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] += lam * vectors[i * n + f] * vectors[j * n + f];
  }
  for (let i = 0; i < n; i++) out[i * n + i] = s[i * n + i]; // residual variance restores the diagonal
  return out;
}

/**
 * Ledoit-Wolf (2004) constant-correlation shrinkage: target F with F_ii = s_ii and
 * F_ij = rbar sqrt(s_ii s_jj); intensity max(0, min(1, (pi - rho)/gamma / T)).
 * Sample covariance with ddof 0 as in the authors' covCor.m.
 */
export function constantCorrelationCovariance(x: Float64Array, t: number, n: number): { covariance: Float64Array; shrinkage: number } {
  const xc = demean(x, t, n);
  const s = crossProduct(xc, t, n, t);
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(s[i * n + i]);
  let rsum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) rsum += s[i * n + j] / (sd[i] * sd[j]);
  const rbar = n > 1 ? rsum / (n * (n - 1)) : 0;
  const f = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) f[i * n + j] = i === j ? s[i * n + i] : rbar * sd[i] * sd[j];
  // pi-hat: sum_ij mean_t ((x_ti x_tj - s_ij)^2)
  const y2 = new Float64Array(t * n);
  for (let i = 0; i < y2.length; i++) y2[i] = xc[i] * xc[i];
  const phiMat = crossProduct(y2, t, n, t); // mean_t x_ti^2 x_tj^2
  let pi = 0;
  for (let i = 0; i < n * n; i++) pi += phiMat[i] - s[i] * s[i];
  // rho-hat: diagonal part + rbar * off-diagonal theta terms
  let rhoDiag = 0;
  for (let i = 0; i < n; i++) rhoDiag += phiMat[i * n + i] - s[i * n + i] * s[i * n + i];
  // theta_ii,ij = mean_t (x_ti^2 - s_ii)(x_ti x_tj - s_ij)
  const y3 = new Float64Array(t * n); // x_ti^3
  for (let i = 0; i < y3.length; i++) y3[i] = y2[i] * xc[i];
  let rhoOff = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let m3 = 0; // mean_t x_ti^3 x_tj
      for (let r = 0; r < t; r++) m3 += y3[r * n + i] * xc[r * n + j];
      m3 /= t;
      const thetaII = m3 - s[i * n + i] * s[i * n + j];
      let m3j = 0;
      for (let r = 0; r < t; r++) m3j += y3[r * n + j] * xc[r * n + i];
      m3j /= t;
      const thetaJJ = m3j - s[j * n + j] * s[i * n + j];
      rhoOff += (sd[j] / sd[i]) * thetaII + (sd[i] / sd[j]) * thetaJJ;
    }
  }
  const rho = rhoDiag + (rbar / 2) * rhoOff;
  let gamma = 0;
  for (let i = 0; i < n * n; i++) gamma += (f[i] - s[i]) ** 2;
  const kappa = gamma > 0 ? (pi - rho) / gamma : 0;
  const shrinkage = Math.max(0, Math.min(1, kappa / t));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) out[i] = shrinkage * f[i] + (1 - shrinkage) * s[i];
  return { covariance: out, shrinkage };
}

/** Reject nulls: the estimators need complete rows. */
export function requireComplete(p: Panel, name = "returns"): void {
  const m = p.columns.length;
  for (let i = 0; i < p.values.length; i++) {
    if (!Number.isFinite(p.values[i])) {
      const t = Math.floor(i / m), j = i % m;
      throw inputError(["inputs", name, "values", t, j], `${name} has a null for ${p.columns[j]} on row ${t}: the covariance needs complete rows (drop or fill them first)`);
    }
  }
  if (m === 0) throw inputError(["inputs", name, "columns"], `${name} has no columns`);
}

const periodsParam = z.number().positive().nullable().default(null).describe("multiply the matrix by this (252 annualizes daily returns); null leaves it per period");

export const covarianceParams = z.object({
  method: z.enum(["sample", "ledoit_wolf", "exponential", "pca"]).default("sample").describe("sample (ddof 1), ledoit_wolf (scikit-learn), exponential (halflife), pca (k factors)"),
  periods_per_year: periodsParam,
  halflife: z.number().positive().default(63).describe("exponential: half-life in rows"),
  k: z.number().int().positive().default(3).describe("pca: number of principal components"),
});

/** Covariance of a returns panel by method; returns the matrix buffer and the shrinkage (NaN when none). */
export function estimateCovariance(returns: Panel, params: z.output<typeof covarianceParams>): { covariance: Float64Array; shrinkage: number } {
  requireComplete(returns);
  const t = returns.index.length, n = returns.columns.length;
  const need = params.method === "sample" || params.method === "pca" ? 2 : 1;
  if (t < need) throw inputError(["inputs", "returns", "index"], `${params.method} covariance needs at least ${need} rows, got ${t}`);
  let res: { covariance: Float64Array; shrinkage: number };
  switch (params.method) {
    case "sample": res = { covariance: sampleCovariance(returns.values, t, n, 1), shrinkage: NaN }; break;
    case "ledoit_wolf": res = ledoitWolfCovariance(returns.values, t, n); break;
    case "exponential": res = { covariance: exponentialCovariance(returns.values, t, n, params.halflife), shrinkage: NaN }; break;
    case "pca":
      if (params.k > n) throw paramError(["params", "k"], `k = ${params.k} factors but only ${n} assets`);
      if (n > 400) throw paramError(["params", "method"], `pca uses a Jacobi eigensolver, limited to 400 assets (got ${n}); use ledoit_wolf`);
      res = { covariance: pcaCovariance(returns.values, t, n, params.k), shrinkage: NaN };
      break;
  }
  if (params.periods_per_year !== null) for (let i = 0; i < res.covariance.length; i++) res.covariance[i] *= params.periods_per_year;
  return res;
}

export const covarianceBlock = defineBlock({
  id: "risk.covariance",
  title: "Covariance",
  description: "Covariance matrix of a returns panel (no nulls): sample (ddof 1), Ledoit-Wolf (scikit-learn's, on the ddof-0 covariance), exponential (halflife) or PCA (k factors); optionally annualized by periods_per_year.",
  category: "risk",
  params: covarianceParams,
  inputs: { returns: port.panel("returns, dates x assets, no nulls") },
  outputs: {
    covariance: { kind: "matrix", description: "covariance, assets x assets" },
    shrinkage: { kind: "number", description: "Ledoit-Wolf shrinkage intensity in [0, 1]; null for other methods" },
  },
  compute: (params, inputs) => {
    const { covariance, shrinkage } = estimateCovariance(inputs.returns, params);
    return { covariance: matrix(inputs.returns.columns.slice(), covariance), shrinkage: Number.isNaN(shrinkage) ? null : shrinkage };
  },
});

export const constantCorrelationBlock = defineBlock({
  id: "risk.covariance_constant_correlation",
  title: "Covariance (constant-correlation shrinkage)",
  description: "Ledoit-Wolf (2004) shrinkage of the sample covariance (ddof 0) towards the constant-correlation matrix, with the optimal intensity.",
  category: "risk",
  params: z.object({ periods_per_year: periodsParam }),
  inputs: { returns: port.panel("returns, dates x assets, no nulls") },
  outputs: {
    covariance: { kind: "matrix", description: "shrunk covariance" },
    shrinkage: { kind: "number", description: "shrinkage intensity in [0, 1]" },
  },
  compute: (params, inputs) => {
    requireComplete(inputs.returns);
    const t = inputs.returns.index.length, n = inputs.returns.columns.length;
    if (t < 2) throw inputError(["inputs", "returns", "index"], `needs at least 2 rows, got ${t}`);
    const { covariance, shrinkage } = constantCorrelationCovariance(inputs.returns.values, t, n);
    if (params.periods_per_year !== null) for (let i = 0; i < covariance.length; i++) covariance[i] *= params.periods_per_year;
    return { covariance: matrix(inputs.returns.columns.slice(), covariance), shrinkage };
  },
});
