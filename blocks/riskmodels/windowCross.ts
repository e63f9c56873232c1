/**
 * Centered cross products of asset returns over a sliding window of rows, for a set of
 * assets that changes a little at each step: what optimize.rolling needs at every
 * rebalance (sample or Ledoit-Wolf covariance of the chosen assets' trailing returns).
 *
 * Raw sums S_ij = sum_r x_ri x_rj over the window are kept in an N x N buffer for the
 * assets of the previous request. The next request moves those pairs by the rows that
 * entered and left the window (2 x step products instead of `window`), and sums the
 * pairs with a new asset in full. Centering uses exact column sums of the current
 * window: C_ij = S_ij - s_i s_j / T. Every `REFRESH` steps all pairs are summed afresh,
 * so rounding cannot build up along a long history (the difference from summing the
 * demeaned rows directly stays near 1e-15 relative).
 *
 * Returns are column-major (asset j's rows at j * rows .. j * rows + rows - 1), so every
 * inner loop reads contiguous memory.
 */

const REFRESH = 24;

export interface WindowMoments {
  /** centered cross products X_c'X_c of the chosen assets, c x c row-major (not divided) */
  xtx: Float64Array;
  /** column means over the window */
  means: Float64Array;
  /** sum over assets of the squared centered return, per window row (Ledoit-Wolf's beta) */
  rowSquares: Float64Array;
}

/** sum_{r in [from, to)} x[a + r] * x[b + r] for four b columns at once: register sums, contiguous reads. */
function addProducts4(x: Float64Array, a: number, b0: number, b1: number, b2: number, b3: number, from: number, to: number, out: Float64Array, o: number, sign: number): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let r = from; r < to; r++) {
    const xi = x[a + r];
    s0 += xi * x[b0 + r]; s1 += xi * x[b1 + r]; s2 += xi * x[b2 + r]; s3 += xi * x[b3 + r];
  }
  out[o] += sign * s0; out[o + 1] += sign * s1; out[o + 2] += sign * s2; out[o + 3] += sign * s3;
}

function products1(x: Float64Array, a: number, b: number, from: number, to: number): number {
  let s = 0;
  for (let r = from; r < to; r++) s += x[a + r] * x[b + r];
  return s;
}

export class WindowCrossProducts {
  private readonly sums: Float64Array;
  private readonly held: Uint8Array;
  private start = 0;
  private end = 0;
  private steps = 0;
  /** Row-major c x c scratch of raw sums for the request being answered. */
  private scratch = new Float64Array(0);

  /** `x`: returns, column-major, `rows` rows per asset, `n` assets; no NaN in any window asked for. */
  constructor(private readonly x: Float64Array, private readonly rows: number, private readonly n: number) {
    this.sums = new Float64Array(n * n);
    this.held = new Uint8Array(n);
  }

  /** Moments of rows [start, end) of `assets` (ascending asset indices). */
  moments(start: number, end: number, assets: Int32Array): WindowMoments {
    const { x, rows, n, sums, held } = this;
    const c = assets.length, T = end - start;
    const rolling = ++this.steps % REFRESH !== 0 && this.end > this.start && start >= this.start && end >= this.end && start < this.end;
    if (!rolling) held.fill(0);
    // Raw sums of this request's pairs, in a c x c scratch (four columns at a time).
    if (this.scratch.length < c * c) this.scratch = new Float64Array(c * c);
    const raw = this.scratch;
    raw.fill(0, 0, c * c);
    for (let p = 0; p < c; p++) {
      const i = assets[p], a = i * rows, o = p * c;
      let q = p;
      if (held[i]) {
        // Pairs with an already held asset move by the rows that entered and left; start from the kept sums.
        for (let k = p; k < c; k++) { const j = assets[k]; if (held[j]) raw[o + k] = sums[i * n + j]; }
      }
      for (; q + 3 < c; q += 4) {
        const j0 = assets[q], j1 = assets[q + 1], j2 = assets[q + 2], j3 = assets[q + 3];
        const b0 = j0 * rows, b1 = j1 * rows, b2 = j2 * rows, b3 = j3 * rows;
        if (held[i] && held[j0] && held[j1] && held[j2] && held[j3]) {
          addProducts4(x, a, b0, b1, b2, b3, this.end, end, raw, o + q, 1);
          addProducts4(x, a, b0, b1, b2, b3, this.start, start, raw, o + q, -1);
        } else {
          for (let u = 0; u < 4; u++) {
            const j = assets[q + u], b = j * rows;
            raw[o + q + u] = held[i] && held[j]
              ? raw[o + q + u] + products1(x, a, b, this.end, end) - products1(x, a, b, this.start, start)
              : products1(x, a, b, start, end);
          }
        }
      }
      for (; q < c; q++) {
        const j = assets[q], b = j * rows;
        raw[o + q] = held[i] && held[j]
          ? raw[o + q] + products1(x, a, b, this.end, end) - products1(x, a, b, this.start, start)
          : products1(x, a, b, start, end);
      }
    }
    // Keep the new sums for the next request; only this request's assets stay held.
    held.fill(0);
    for (let p = 0; p < c; p++) {
      const i = assets[p];
      held[i] = 1;
      for (let q = p; q < c; q++) { const j = assets[q], v = raw[p * c + q]; sums[i * n + j] = v; sums[j * n + i] = v; }
    }
    this.start = start;
    this.end = end;
    // Exact column sums, then centering.
    const means = new Float64Array(c);
    for (let p = 0; p < c; p++) {
      const a = assets[p] * rows;
      let s = 0;
      for (let r = start; r < end; r++) s += x[a + r];
      means[p] = s / T;
    }
    const xtx = new Float64Array(c * c);
    for (let p = 0; p < c; p++) {
      for (let q = p; q < c; q++) {
        const v = raw[p * c + q] - T * means[p] * means[q];
        xtx[p * c + q] = v;
        xtx[q * c + p] = v;
      }
    }
    const rowSquares = new Float64Array(T);
    for (let p = 0; p < c; p++) {
      const a = assets[p] * rows + start, m = means[p];
      for (let r = 0; r < T; r++) { const d = x[a + r] - m; rowSquares[r] += d * d; }
    }
    return { xtx, means, rowSquares };
  }
}

/** Column-major simple returns of a row-major prices buffer (T x N): row 0 and non-positive prices give NaN. */
export function columnReturns(prices: Float64Array, t: number, n: number): Float64Array {
  const out = new Float64Array(t * n);
  for (let j = 0; j < n; j++) {
    const o = j * t;
    out[o] = NaN;
    let prev = prices[j];
    for (let r = 1; r < t; r++) {
      const p = prices[r * n + j];
      out[o + r] = prev > 0 && p > 0 ? p / prev - 1 : NaN;
      prev = p;
    }
  }
  return out;
}
