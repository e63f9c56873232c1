/**
 * Small statistics kernels shared by the risk, compliance and options blocks.
 *
 * - normCdf / normPdf / normPpf: the standard normal distribution. The CDF uses
 *   erfc from a positive-term series (|x| < 2) and a continued fraction (|x| >= 2)
 *   (Abramowitz & Stegun 7.1.6 and 7.1.14), accurate to ~1e-15 relative; the
 *   inverse is Acklam's rational approximation polished by one Halley step on
 *   that CDF (full double precision), as scipy.stats.norm.ppf.
 * - chi2Cdf1: chi-square CDF with one degree of freedom, erf(sqrt(x / 2)).
 * - mean, sampleSd (ddof 1), skewness and excessKurtosis (biased, scipy's defaults),
 *   quantileLinear (numpy's default linear interpolation between order statistics).
 * - mulberry32 / normalSampler: a seeded PRNG and Box-Muller normals (deterministic
 *   for a given seed, on every platform).
 * - cholesky: lower-triangular factor of a symmetric positive semidefinite matrix.
 * Missing values (NaN) are not skipped by these kernels: callers drop them first.
 */
import { mulberry32 } from "../core/random";

export { mulberry32 };

const SQRT_PI = Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** erfc(x) for x >= 0. */
function erfcPositive(x: number): number {
  if (x < 2) {
    // erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1)): positive terms only.
    const x2 = x * x;
    let term = x, sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - (2 / SQRT_PI) * Math.exp(-x2) * sum;
  }
  // Continued fraction erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), modified Lentz.
  const tiny = 1e-300;
  let f = x, c = x, d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** Complementary error function. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x >= 0 ? erfcPositive(x) : 2 - erfcPositive(-x);
}

/** Error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < 0.5) {
    // Near zero 1 - erfc loses digits: use the series directly.
    const x2 = x * x;
    let term = x, sum = x;
    for (let n = 1; n < 60; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / SQRT_PI) * Math.exp(-x2) * sum;
  }
  return x > 0 ? 1 - erfcPositive(x) : erfcPositive(-x) - 1;
}

/** Standard normal density. */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Standard normal CDF, accurate in both tails. */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Standard normal quantile (inverse CDF): -Infinity at 0, +Infinity at 1, NaN outside [0, 1]. */
export function normPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Acklam's rational approximation (relative error 1.15e-9).
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const q = p - 0.5, r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // Two Halley steps on the accurate CDF (the error is computed on the smaller tail).
  for (let i = 0; i < 2; i++) {
    const e = x < 0 ? normCdf(x) - p : (1 - p) - normCdf(-x);
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
    x = x - u / (1 + 0.5 * x * u);
  }
  return x;
}

/** Chi-square CDF with one degree of freedom. */
export function chi2Cdf1(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  return erf(Math.sqrt(x / 2));
}

/** Upper tail of the chi-square distribution with one degree of freedom (a p-value). */
export function chi2Sf1(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return erfc(Math.sqrt(x / 2));
}

/** Arithmetic mean (NaN for an empty array). */
export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  let m = s / n;
  // One correction pass (two-pass mean) for long series.
  let r = 0;
  for (let i = 0; i < n; i++) r += x[i] - m;
  m += r / n;
  return m;
}

/** Standard deviation with `ddof` (1 = sample, the default). NaN when n <= ddof. */
export function stdDev(x: ArrayLike<number>, ddof = 1): number {
  const n = x.length;
  if (n <= ddof) return NaN;
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < n; i++) { const d = x[i] - m; ss += d * d; }
  return Math.sqrt(ss / (n - ddof));
}

/** Biased skewness m3 / m2^1.5 (scipy.stats.skew default). NaN for constant data. */
export function skewness(x: ArrayLike<number>): number {
  const n = x.length, m = mean(x);
  let m2 = 0, m3 = 0;
  for (let i = 0; i < n; i++) { const d = x[i] - m; m2 += d * d; m3 += d * d * d; }
  m2 /= n; m3 /= n;
  return m2 > 0 ? m3 / Math.pow(m2, 1.5) : NaN;
}

/** Biased excess kurtosis m4 / m2^2 - 3 (scipy.stats.kurtosis default). NaN for constant data. */
export function excessKurtosis(x: ArrayLike<number>): number {
  const n = x.length, m = mean(x);
  let m2 = 0, m4 = 0;
  for (let i = 0; i < n; i++) { const d = x[i] - m; const d2 = d * d; m2 += d2; m4 += d2 * d2; }
  m2 /= n; m4 /= n;
  return m2 > 0 ? m4 / (m2 * m2) - 3 : NaN;
}

/** Quantile q in [0, 1] of already sorted data, numpy's default (linear) method. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h), hi = Math.min(lo + 1, n - 1);
  const g = h - lo;
  return g === 0 ? sorted[lo] : sorted[lo] + g * (sorted[hi] - sorted[lo]);
}

/** numpy.quantile(x, q) with linear interpolation; x is not modified. */
export function quantileLinear(x: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(x).sort();
  return quantileSorted(s, q);
}

/** Finite values of x, in order. */
export function finite(x: ArrayLike<number>): Float64Array {
  let k = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) k++;
  const out = new Float64Array(k);
  k = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) out[k++] = x[i];
  return out;
}


/** Standard normal draws by Box-Muller from a seeded uniform source. */
export function normalSampler(seed: number): () => number {
  const u = mulberry32(seed);
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) { const s = spare; spare = NaN; return s; }
    let u1 = u();
    while (u1 <= 0) u1 = u();
    const u2 = u();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

/**
 * Lower-triangular L with L L' = A for a symmetric positive semidefinite n x n
 * row-major A. Returns null when A is not PSD (a pivot below -1e-12 x the largest diagonal);
 * tiny negative pivots of a semidefinite matrix are set to zero.
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i]));
  const tol = 1e-12 * Math.max(scale, 1e-300);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j];
    for (let k = 0; k < j; k++) s -= l[j * n + k] * l[j * n + k];
    if (s < -tol) return null;
    const d = s > tol ? Math.sqrt(s) : 0;
    l[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j];
      for (let k = 0; k < j; k++) t -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = d > 0 ? t / d : 0;
    }
  }
  return l;
}
