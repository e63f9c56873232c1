/**
 * Small numeric helpers shared by the metrics: NaN-ignoring mean and sample
 * standard deviation (numpy's nanmean / nanstd), with compensated sums.
 */

/** Neumaier-compensated sum of the non-NaN values of `x[from, to)`. */
export function nanSum(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0, c = 0;
  for (let i = from; i < to; i++) {
    const v = x[i];
    if (v !== v) continue;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/** Number of non-NaN values of `x[from, to)`. */
export function nanCount(x: ArrayLike<number>, from = 0, to = x.length): number {
  let n = 0;
  for (let i = from; i < to; i++) if (x[i] === x[i]) n++;
  return n;
}

/** Mean of the non-NaN values (numpy nanmean); NaN when there are none. */
export function nanMean(x: ArrayLike<number>, from = 0, to = x.length): number {
  const n = nanCount(x, from, to);
  return n === 0 ? NaN : nanSum(x, from, to) / n;
}

/**
 * Standard deviation of the non-NaN values with `ddof` (numpy nanstd, two-pass);
 * NaN when there are ddof or fewer values.
 */
export function nanStd(x: ArrayLike<number>, ddof = 1, from = 0, to = x.length): number {
  const n = nanCount(x, from, to);
  if (n <= ddof) return NaN;
  const m = nanSum(x, from, to) / n;
  let s = 0, c = 0;
  for (let i = from; i < to; i++) {
    const v = x[i];
    if (v !== v) continue;
    const d = (v - m) * (v - m);
    const t = s + d;
    c += s >= d ? s - t + d : d - t + s;
    s = t;
  }
  return Math.sqrt((s + c) / (n - ddof));
}

/** `x - rf` elementwise (empyrical's _adjust_returns with a constant). */
export function subtract(x: Float64Array, rf: number): Float64Array {
  if (rf === 0) return x;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] - rf;
  return out;
}

/** A ratio, NaN when undefined (0/0, x/0, non-finite). */
export function ratio(num: number, den: number): number {
  if (!(den !== 0) || !Number.isFinite(num) || !Number.isFinite(den)) return NaN;
  const r = num / den;
  return Number.isFinite(r) ? r : NaN;
}
