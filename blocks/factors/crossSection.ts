/**
 * Cross-sectional kernels over one date (one row of a panel), nulls (NaN) ignored and
 * never zero-filled: numpy's linear quantile, z-score (ddof 1), average-tie rank.
 * Each writes NaN where its input is NaN.
 */

/** Finite values of a row, sorted ascending (a fresh array). */
export function sortedFinite(row: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < row.length; i++) if (!Number.isNaN(row[i])) n++;
  const out = new Float64Array(n);
  for (let i = 0, k = 0; i < row.length; i++) if (!Number.isNaN(row[i])) out[k++] = row[i];
  return out.sort();
}

/**
 * numpy.quantile(x, q) with the default "linear" method (Hyndman & Fan type 7) on values
 * already sorted ascending: index h = (n-1) q, interpolated as numpy's _lerp does
 * (from the upper neighbour when the fraction is >= 0.5). NaN for an empty input.
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  if (h >= n - 1) return sorted[n - 1];
  if (h <= 0) return sorted[0];
  const lo = Math.floor(h), g = h - lo;
  const a = sorted[lo], b = sorted[lo + 1], d = b - a;
  return g >= 0.5 ? b - d * (1 - g) : a + d * g;
}

/**
 * Rearrange a[0..n) so that a[k] is the value a full sort would put there, smaller or equal
 * values before it and greater or equal after (Hoare's selection, median of three): O(n).
 */
export function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0, hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as the pivot
    if (a[mid] < a[lo]) { const t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
    if (a[hi] < a[lo]) { const t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
    if (a[hi] < a[mid]) { const t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
    const pivot = a[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

/**
 * quantileSorted's answer without sorting: the two order statistics it interpolates
 * between are found by selection, so the result is identical, in O(n) instead of O(n log n).
 * `a` holds n finite values and is reordered.
 */
export function quantileSelect(a: Float64Array, n: number, q: number): number {
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  if (h >= n - 1) { let m = a[0]; for (let i = 1; i < n; i++) if (a[i] > m) m = a[i]; return m; }
  if (h <= 0) { let m = a[0]; for (let i = 1; i < n; i++) if (a[i] < m) m = a[i]; return m; }
  const lo = Math.floor(h), g = h - lo;
  const x = selectKth(a, n, lo);
  let y = a[lo + 1];
  for (let i = lo + 2; i < n; i++) if (a[i] < y) y = a[i]; // the next order statistic: the least of the rest
  const d = y - x;
  return g >= 0.5 ? y - d * (1 - g) : x + d * g;
}

/** Insertion sort of a[0..n): the quickest for the few dozen values it is given here. */
function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

/**
 * quantileSelect's answer for one quantile along the rows of a panel, using that the rows
 * change little from one date to the next: the previous row's quantile +- a half-width
 * brackets this row's two order statistics, one pass with well-predicted branches counts
 * the values below the bracket and keeps the few inside, and only those are sorted. When
 * the bracket misses, it widens and the caller falls back to selection (`of`), which also
 * re-centres it; the half-width adapts so that a few dozen values at most fall inside.
 * The result is exactly quantileSelect's (same order statistics, same interpolation).
 */
export class RowQuantile {
  private center = NaN;
  private half = NaN;
  /** values inside the bracket, filled by the caller's pass */
  readonly inside: Float64Array;

  constructor(readonly q: number, width: number) {
    this.inside = new Float64Array(width);
  }

  /** The bracket [from, to] for the next row (NaN before the first answer). */
  get from(): number { return this.center - this.half; }
  get to(): number { return this.center + this.half; }

  /**
   * The quantile of a row of n finite values from a pass that found `below` values under
   * the bracket and `m` inside (in `inside`); NaN when the order statistics are not inside.
   */
  fromBracket(n: number, below: number, m: number): number {
    const h = (n - 1) * this.q;
    const lo = Math.floor(h), g = h - lo;
    if (!(h > 0 && h < n - 1) || below > lo || below + m < lo + 2) {
      this.half *= 4;
      return NaN;
    }
    const inside = this.inside;
    insertionSort(inside, m);
    const x = inside[lo - below], y = inside[lo + 1 - below], d = y - x;
    const value = g >= 0.5 ? y - d * (1 - g) : x + d * g;
    if (m > 32) this.half *= 0.5;
    this.center = value;
    return value;
  }

  /** The quantile of a[0..n) (finite values, reordered) by selection; re-centres the bracket. */
  of(a: Float64Array, n: number): number {
    const value = quantileSelect(a, n, this.q);
    if (Number.isFinite(value) && n > 1) {
      let min = Infinity, max = -Infinity;
      for (let i = 0; i < n; i++) { const v = a[i]; if (v < min) min = v; if (v > max) max = v; }
      this.center = value;
      if (!(this.half > 0) || this.half > max - min) this.half = ((max - min) / n) * 8; // about eight average gaps each side
    }
    return value;
  }
}

/**
 * Winsorizes the rows of a panel one after the other: clips each row at its own `lower` and
 * `upper` linear quantiles (nulls stay null). Both quantiles come from one pass over the row
 * (RowQuantile brackets); rows where a bracket misses use selection on the row's values.
 */
export class RowClipper {
  private readonly lower: RowQuantile;
  private readonly upper: RowQuantile;
  private readonly values: Float64Array;

  constructor(lower: number, upper: number, width: number) {
    this.lower = new RowQuantile(lower, width);
    this.upper = new RowQuantile(upper, width);
    this.values = new Float64Array(width);
  }

  clip(row: Float64Array, out: Float64Array): void {
    const { lower, upper } = this;
    const len = row.length;
    const f1 = lower.from, t1 = lower.to, f2 = upper.from, t2 = upper.to;
    let lo = NaN, hi = NaN;
    if (t1 < f2) { // both brackets known and apart (false when either is NaN)
      const in1 = lower.inside, in2 = upper.inside;
      let below = 0, m1 = 0, mid = 0, m2 = 0, missing = 0;
      for (let i = 0; i < len; i++) {
        const v = row[i];
        if (v < f1) below++;
        else if (v <= t1) in1[m1++] = v;
        else if (v < f2) mid++;
        else if (v <= t2) in2[m2++] = v;
        else if (v !== v) missing++; // NaN fails every comparison above
      }
      const n = len - missing;
      lo = lower.fromBracket(n, below, m1);
      hi = upper.fromBracket(n, below + m1 + mid, m2);
    }
    if (lo !== lo || hi !== hi) {
      const a = this.values;
      let n = 0;
      for (let i = 0; i < len; i++) if (!Number.isNaN(row[i])) a[n++] = row[i];
      lo = lower.of(a, n);
      hi = upper.of(a, n);
    }
    // min/max rather than comparisons: no branch to mispredict on the ~10% of values clipped
    // (2-3x faster); NaN stays NaN.
    for (let i = 0; i < len; i++) out[i] = Math.min(Math.max(row[i], lo), hi);
  }
}

/**
 * (x - mean) / std over a row's non-null values, std with ddof 1 (two-pass). A row with
 * fewer than two values or zero deviation is all NaN.
 */
export function zscoreRow(row: Float64Array, out: Float64Array): void {
  let n = 0, sum = 0;
  for (let i = 0; i < row.length; i++) { const x = row[i]; if (x === x) { n++; sum += x; } }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < row.length; i++) { const x = row[i]; if (x === x) ss += (x - mean) ** 2; }
  const sd = Math.sqrt(ss / (n - 1));
  if (n < 2 || !(sd > 0)) { out.fill(NaN); return; }
  for (let i = 0; i < row.length; i++) out[i] = (row[i] - mean) / sd; // NaN stays NaN
}

/**
 * 1-based average ranks of a row's non-null values (ties share the mean of their ranks,
 * as scipy.stats.rankdata "average"); NaN stays NaN. Returns the count of values.
 * Sorts a copy natively, gives each run of equal values its mean rank, then finds each
 * value's run by binary search.
 */
export function averageRanks(row: Float64Array, out: Float64Array): number {
  const sorted = sortedFinite(row);
  const n = sorted.length;
  const runRank = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    runRank[i] = (i + 1 + j) / 2; // mean of ranks i+1 .. j, stored at the run's first position
    i = j;
  }
  for (let i = 0; i < row.length; i++) {
    const x = row[i];
    if (Number.isNaN(x)) { out[i] = NaN; continue; }
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
    out[i] = runRank[lo];
  }
  return n;
}

/** Rank scaled to [0, 1]: (r - 1)/(n - 1), average ties; a lone value scores 0.5. */
export function rankRow(row: Float64Array, out: Float64Array): void {
  const n = averageRanks(row, out);
  for (let i = 0; i < row.length; i++) {
    if (Number.isNaN(out[i])) continue;
    out[i] = n === 1 ? 0.5 : (out[i] - 1) / (n - 1);
  }
}
