/**
 * Small statistics used by the factor analysis: Pearson and Spearman correlation, the
 * one-sample t-test (scipy.stats.ttest_1samp, two-sided) and Student's t distribution
 * through the regularized incomplete beta function (Numerical Recipes, 6.4).
 */
import { averageRanks } from "../factors/crossSection";

/** Pearson correlation of two equal-length arrays; NaN when either is constant or n < 2. */
export function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2) return NaN;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] - mx, b = y[i] - my;
    sxx += a * a; syy += b * b; sxy += a * b;
  }
  if (!(sxx > 0 && syy > 0)) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/** Spearman rank correlation (scipy.stats.spearmanr): Pearson of the average ranks. */
export function spearman(x: Float64Array, y: Float64Array): number {
  const rx = new Float64Array(x.length), ry = new Float64Array(y.length);
  averageRanks(x, rx); averageRanks(y, ry);
  return pearson(rx, ry);
}

function logGamma(z: number): number {
  // Lanczos approximation (g = 7, n = 9), relative error ~1e-15.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  z -= 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const bt = Math.exp(lbt);
  return x < (a + 1) / (a + b + 2) ? (bt * betaContinuedFraction(a, b, x)) / a : 1 - (bt * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Two-sided p-value of a Student t statistic with `df` degrees of freedom. */
export function tTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t) || !(df > 0)) return NaN;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

export interface TTest { mean: number; std: number; n: number; t: number; p: number }

/** One-sample t-test of mean 0 over the finite values (scipy ttest_1samp, nan_policy "omit"). */
export function tTest1Samp(values: ArrayLike<number>): TTest {
  let n = 0, sum = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) { n++; sum += values[i]; }
  const mean = n ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) ss += (values[i] - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  const t = n > 1 && std > 0 ? mean / (std / Math.sqrt(n)) : NaN;
  return { mean, std, n, t, p: tTwoSidedP(t, n - 1) };
}
