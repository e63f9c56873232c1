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
function selectKth(a: Float64Array, n: number, k: number): number {
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

/** Clip a row at its own `lower` and `upper` linear quantiles (nulls stay null). */
export function winsorizeRow(row: Float64Array, lower: number, upper: number, out: Float64Array, scratch = new Float64Array(row.length)): void {
  let n = 0;
  for (let i = 0; i < row.length; i++) if (!Number.isNaN(row[i])) scratch[n++] = row[i];
  const lo = quantileSelect(scratch, n, lower), hi = quantileSelect(scratch, n, upper);
  for (let i = 0; i < row.length; i++) {
    const x = row[i];
    out[i] = Number.isNaN(x) ? NaN : x < lo ? lo : x > hi ? hi : x;
  }
}

/**
 * (x - mean) / std over a row's non-null values, std with ddof 1 (two-pass). A row with
 * fewer than two values or zero deviation is all NaN.
 */
export function zscoreRow(row: Float64Array, out: Float64Array): void {
  let n = 0, sum = 0;
  for (let i = 0; i < row.length; i++) if (!Number.isNaN(row[i])) { n++; sum += row[i]; }
  out.fill(NaN);
  if (n < 2) return;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < row.length; i++) if (!Number.isNaN(row[i])) ss += (row[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  if (!(sd > 0)) return;
  for (let i = 0; i < row.length; i++) if (!Number.isNaN(row[i])) out[i] = (row[i] - mean) / sd;
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
