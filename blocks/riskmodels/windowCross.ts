/**
 * Centered cross products of asset returns over a sliding window of rows, for a set of
 * assets that changes a little at each step: what optimize.rolling needs at every
 * rebalance (sample or Ledoit-Wolf covariance of the chosen assets' trailing returns).
 *
 * Raw sums S_ij = sum_r x_ri x_rj over the window are kept, for the assets of the previous
 * request, in a compact c x c matrix in that request's order. The next request moves those pairs by the rows that
 * entered and left the window (2 x step products instead of `window`), and sums the
 * pairs with a new asset in full. Centering uses exact column sums of the current
 * window: C_ij = S_ij - s_i s_j / T. Every `REFRESH` steps all pairs are summed afresh,
 * so rounding cannot build up along a long history (the difference from summing the
 * demeaned rows directly stays near 1e-15 relative).
 *
 * Returns are column-major (asset j's rows at j * rows .. j * rows + rows - 1), so every
 * inner loop reads contiguous memory.
 */

import type { WasmGram } from "./gramWasm";

const REFRESH = 24;

export interface WindowMoments {
  /** centered cross products X_c'X_c of the chosen assets, c x c row-major (not divided) */
  xtx: Float64Array<ArrayBuffer>;
  /** column means over the window */
  means: Float64Array<ArrayBuffer>;
  /** sum over assets of the squared centered return, per window row (Ledoit-Wolf's beta) */
  rowSquares: Float64Array<ArrayBuffer>;
}

/**
 * out[p c + q] += sign * sum_{r in [from, to)} x[off[p] + r] x[off[q] + r] for p in [p0, p1) and
 * q in [max(p, q0), q1): a 2 x 4 register tile (six loads feed eight multiply-adds).
 * A tile's second row also fills a few entries below the diagonal, which callers ignore.
 */
function gramTile(x: Float64Array, off: Int32Array, c: number, p0: number, p1: number, q0: number, q1: number, from: number, to: number, out: Float64Array, sign: number): void {
  for (let p = p0; p < p1; p += 2) {
    const two = p + 1 < p1;
    const a0 = off[p], a1 = two ? off[p + 1] : a0, o0 = p * c, o1 = o0 + c;
    let q = Math.max(p, q0);
    for (; q + 3 < q1; q += 4) {
      const b0 = off[q], b1 = off[q + 1], b2 = off[q + 2], b3 = off[q + 3];
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let r = from; r < to; r++) {
        const u = x[a0 + r], v = x[a1 + r], y0 = x[b0 + r], y1 = x[b1 + r], y2 = x[b2 + r], y3 = x[b3 + r];
        s00 += u * y0; s01 += u * y1; s02 += u * y2; s03 += u * y3;
        s10 += v * y0; s11 += v * y1; s12 += v * y2; s13 += v * y3;
      }
      out[o0 + q] += sign * s00; out[o0 + q + 1] += sign * s01; out[o0 + q + 2] += sign * s02; out[o0 + q + 3] += sign * s03;
      if (two) { out[o1 + q] += sign * s10; out[o1 + q + 1] += sign * s11; out[o1 + q + 2] += sign * s12; out[o1 + q + 3] += sign * s13; }
    }
    for (; q < q1; q++) {
      const b = off[q];
      let s0 = 0, s1 = 0;
      for (let r = from; r < to; r++) { const y = x[b + r]; s0 += x[a0 + r] * y; s1 += x[a1 + r] * y; }
      out[o0 + q] += sign * s0;
      if (two) out[o1 + q] += sign * s1;
    }
  }
}

/** x[from] + ... + x[from + count - 1] in four running sums (one sum waits on each add's latency). */
function sum(x: Float64Array, from: number, count: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = from;
  const end = from + count;
  for (; i + 3 < end; i += 4) { s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]; }
  for (; i < end; i++) s0 += x[i];
  return (s0 + s1) + (s2 + s3);
}

export class WindowCrossProducts {
  /** raw sums of the previous request, c' x c' in its (ascending) asset order */
  private prevSums = new Float64Array(0);
  private spare = new Float64Array(0);
  private raw = new Float64Array(0);
  private prevCount = 0;
  /** position of each asset in the previous request, -1 when it was not in it */
  private readonly prevPos: Int32Array;
  private prevAssets = new Int32Array(0);
  private start = 0;
  private end = 0;
  private steps = 0;

  /**
   * `x`: returns, column-major, `rows` rows per asset, `n` assets; no NaN in any window asked for.
   * With `wasm` (x must then be wasm.x), the sums are made by its SIMD kernel, in its memory.
   */
  constructor(private readonly x: Float64Array, private readonly rows: number, n: number, private readonly wasm: WasmGram | null = null) {
    if (wasm && wasm.x !== x) throw new Error("WindowCrossProducts: x must be the wasm kernel's returns");
    this.prevPos = new Int32Array(n).fill(-1);
    if (wasm) this.raw = wasm.raw;
  }

  /** Moments of rows [start, end) of `assets` (ascending asset indices). */
  moments(start: number, end: number, assets: Int32Array): WindowMoments {
    const { x, rows, prevPos } = this;
    const c = assets.length, T = end - start;
    const rolling = ++this.steps % REFRESH !== 0 && start >= this.start && end >= this.end && start < this.end && 2 * (end - this.end) < T;
    // Assets of the previous request first (their pairs move by a few rows), then the new ones (summed in full).
    const order = new Int32Array(c);
    let h = 0;
    if (rolling) for (let p = 0; p < c; p++) if (prevPos[assets[p]] >= 0) order[h++] = p;
    for (let p = 0, k = h; p < c; p++) if (!rolling || prevPos[assets[p]] < 0) order[k++] = p;
    const wasm = this.wasm;
    if (wasm && c > wasm.off.length) throw new Error(`WindowCrossProducts: ${c} columns, the kernel's memory holds ${wasm.off.length}`);
    const off = wasm ? wasm.off : new Int32Array(c);
    for (let p = 0; p < c; p++) off[p] = assets[order[p]] * rows;
    // Scratch and the kept sums live in two buffers that trade places (no c x c garbage per step).
    if (this.raw.length < c * c) this.raw = new Float64Array(c * c);
    const raw = this.raw;
    const tile = (p0: number, p1: number, q0: number, q1: number, from: number, to: number, sign: number) => {
      if (wasm) wasm.tile(c, p0, p1, q0, q1, from, to, sign); else gramTile(x, off, c, p0, p1, q0, q1, from, to, raw, sign);
    };
    raw.fill(0, 0, c * c);
    const prev = this.prevSums, cp = this.prevCount;
    for (let p = 0; p < h; p++) {
      const o = prevPos[assets[order[p]]] * cp;
      for (let q = p; q < h; q++) raw[p * c + q] = prev[o + prevPos[assets[order[q]]]];
    }
    if (h > 0) {
      tile(0, h, 0, h, this.end, end, 1);
      tile(0, h, 0, h, this.start, start, -1);
    }
    tile(0, c, h, c, start, end, 1);
    const means = new Float64Array(c);
    for (let p = 0; p < c; p++) means[p] = sum(x, assets[p] * rows + start, T) / T;
    // Keep the raw sums in asset order for the next request; centre them for this one.
    if (this.spare.length < c * c) this.spare = new Float64Array(c * c);
    const sums = this.spare, xtx = new Float64Array(c * c);
    for (let p = 0; p < c; p++) {
      const ap = order[p];
      for (let q = p; q < c; q++) {
        const aq = order[q], v = raw[p * c + q];
        sums[ap * c + aq] = v; sums[aq * c + ap] = v;
        const cv = v - T * means[ap] * means[aq]; // S_ij - T m_i m_j, exact column sums of this window
        xtx[ap * c + aq] = cv; xtx[aq * c + ap] = cv;
      }
    }
    for (const i of this.prevAssets) prevPos[i] = -1;
    for (let p = 0; p < c; p++) prevPos[assets[p]] = p;
    this.prevAssets = assets.slice();
    this.spare = this.prevSums;
    this.prevSums = sums;
    this.prevCount = c;
    this.start = start;
    this.end = end;
    const rowSquares = new Float64Array(T);
    for (let p = 0; p < c; p++) {
      const a = assets[p] * rows + start, m = means[p];
      for (let r = 0; r < T; r++) { const d = x[a + r] - m; rowSquares[r] += d * d; }
    }
    return { xtx, means, rowSquares };
  }
}

/**
 * Column-major simple returns of a row-major prices buffer (T x N): row 0 and non-positive
 * or missing prices give NaN. Done in blocks of 16 assets so that reads (a few cache lines
 * per row) and writes (16 streams) both stay in cache. With `from`/`to`, only the returns of
 * rows [from, to) are computed; the other rows of the buffer are left at 0 (never read).
 * With `nanRows` (one array per asset), the rows whose return is NaN are appended to their
 * asset's array in ascending order, so that a caller can tell a full window without reading
 * the returns again (a scan of every column per rebalance misses the cache 500 times).
 * With `out` (t x n values, zero), the returns are written there.
 */
export function columnReturns(prices: Float64Array, t: number, n: number, from = 0, to = t, nanRows?: number[][], out = new Float64Array(t * n)): Float64Array {
  if (out.length !== t * n) throw new Error(`columnReturns: out holds ${out.length} values, not ${t} x ${n}`);
  for (let j0 = 0; j0 < n; j0 += 16) {
    const j1 = Math.min(n, j0 + 16);
    if (from === 0) for (let j = j0; j < j1; j++) { out[j * t] = NaN; nanRows?.[j].push(0); }
    for (let r = Math.max(1, from); r < to; r++) {
      const o = r * n, po = o - n;
      for (let j = j0; j < j1; j++) {
        const p = prices[o + j], prev = prices[po + j];
        const v = prev > 0 && p > 0 ? p / prev - 1 : NaN;
        out[j * t + r] = v;
        if (v !== v && nanRows) nanRows[j].push(r);
      }
    }
  }
  return out;
}
