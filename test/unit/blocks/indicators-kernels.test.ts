/**
 * The fast ta.* kernels (issue 8, item 4) against the implementations they replaced, kept
 * verbatim below (git a60956e, blocks/indicators/{ema,rsi,macd,bbands}.ts). Those were
 * checked against TA-Lib's own outputs (indicators.test.ts, "TA-Lib golden values"); the
 * new ones do the same floating-point operations in the same order (only the loops are
 * fused, allocations and NaN fills trimmed, constants hoisted), and IEEE-754 double
 * arithmetic is deterministic, so the outputs must be identical: tolerance 0 (Object.is,
 * which also tells NaN and -0 apart). Against the plain loops of bench/indicators.ts,
 * which reorder the arithmetic (k x + (1 - k) e, multiplication by 1/period), the outputs
 * agree to rounding: 1e-9 of each output's scale is far above the ~1e-12 that rounding
 * gives over 100,000 points and far below any real difference.
 */
import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { mulberry32 } from "../../../blocks/core/random";
import { normalSampler } from "../../../blocks/data/synthetic";
import { bbands1d, bbandsBlock } from "../../../blocks/indicators/bbands";
import { ema1d } from "../../../blocks/indicators/ema";
import { macd1d, macdBlock } from "../../../blocks/indicators/macd";
import { rsi1d } from "../../../blocks/indicators/rsi";
import { plainBbands, plainEma, plainMacd, plainRsi } from "../../../bench/indicators";

// ---- previous implementations, verbatim but for TA_EPSILON written out ----
const TA_EPSILON = 1e-8;
function prevSma1d(values: Float64Array, period: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  const lb = period - 1;
  for (let i = 0; i < Math.min(lb, n); i++) out[i] = NaN;
  if (n <= lb) return out;
  let sum = 0;
  for (let i = 0; i < lb; i++) sum += values[i];
  for (let i = lb, trailing = 0; i < n; i++, trailing++) {
    sum += values[i];
    out[i] = sum / period;
    sum -= values[trailing];
  }
  return out;
}
function prevEmaFrom(values: Float64Array, period: number, start: number, out: Float64Array, k = 2 / (period + 1)): Float64Array {
  const n = values.length;
  const seedAt = start + period - 1;
  if (seedAt >= n) return out;
  let sum = 0;
  for (let i = start; i <= seedAt; i++) sum += values[i];
  let prev = sum / period;
  out[seedAt] = prev;
  for (let i = seedAt + 1; i < n; i++) {
    prev = (values[i] - prev) * k + prev;
    out[i] = prev;
  }
  return out;
}
function prevEma1d(values: Float64Array, period: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const lb = Math.min(period - 1, values.length);
  for (let i = 0; i < lb; i++) out[i] = NaN;
  return prevEmaFrom(values, period, 0, out);
}
function prevRsi1d(values: Float64Array, period: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  for (let i = 0; i < Math.min(period, n); i++) out[i] = NaN;
  if (n <= period) return out;
  let gain = 0, loss = 0;
  let prevValue = values[0];
  for (let i = 1; i <= period; i++) {
    const x = values[i];
    const d = x - prevValue;
    prevValue = x;
    if (d < 0) loss -= d; else gain += d;
  }
  loss /= period;
  gain /= period;
  let s = gain + loss;
  out[period] = s > -TA_EPSILON && s < TA_EPSILON ? 0 : 100 * (gain / s);
  const pm1 = period - 1;
  for (let i = period + 1; i < n; i++) {
    const x = values[i];
    const d = x - prevValue;
    prevValue = x;
    loss = (loss * pm1 + (d < 0 ? -d : 0)) / period;
    gain = (gain * pm1 + (d < 0 ? 0 : d)) / period;
    s = gain + loss;
    out[i] = s > -TA_EPSILON && s < TA_EPSILON ? 0 : 100 * (gain / s);
  }
  return out;
}
function prevMacd1d(values: Float64Array, fast = 12, slow = 26, signal = 9) {
  if (slow < fast) [fast, slow] = [slow, fast];
  const n = values.length;
  const macd = new Float64Array(n).fill(NaN), sig = new Float64Array(n).fill(NaN), histogram = new Float64Array(n).fill(NaN);
  const start = slow - 1;
  const lookback = start + signal - 1;
  if (lookback >= n) return { macd, signal: sig, histogram };
  const slowEma = prevEmaFrom(values, slow, 0, new Float64Array(n).fill(NaN));
  const fastEma = prevEmaFrom(values, fast, slow - fast, new Float64Array(n).fill(NaN));
  const line = new Float64Array(n).fill(NaN);
  for (let i = start; i < n; i++) line[i] = fastEma[i] - slowEma[i];
  prevEmaFrom(line, signal, start, sig);
  for (let i = start; i < lookback; i++) sig[i] = NaN;
  for (let i = lookback; i < n; i++) {
    macd[i] = line[i];
    histogram[i] = line[i] - sig[i];
  }
  return { macd, signal: sig, histogram };
}
function prevRollingPopStd1d(values: Float64Array, mean: Float64Array, period: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  const lb = period - 1;
  for (let i = 0; i < Math.min(lb, n); i++) out[i] = NaN;
  if (n <= lb) return out;
  let sum2 = 0;
  for (let i = 0; i < lb; i++) sum2 += values[i] * values[i];
  for (let i = lb, trailing = 0; i < n; i++, trailing++) {
    sum2 += values[i] * values[i];
    let var_ = sum2 / period;
    sum2 -= values[trailing] * values[trailing];
    var_ -= mean[i] * mean[i];
    out[i] = var_ < TA_EPSILON ? 0 : Math.sqrt(var_);
  }
  return out;
}
function prevBbands1d(values: Float64Array, period: number, k: number) {
  const n = values.length;
  const middle = prevSma1d(values, period, new Float64Array(n));
  const dev = prevRollingPopStd1d(values, middle, period, new Float64Array(n));
  const upper = new Float64Array(n), lower = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = dev[i] * k;
    upper[i] = middle[i] + d;
    lower[i] = middle[i] - d;
  }
  return { upper, middle, lower };
}
// ---- end of the previous implementations ----

/** A geometric random walk around 100 (seeded), daily-like steps of `vol`. */
function walk(n: number, seed = 11, vol = 0.01): Float64Array {
  const normal = normalSampler(mulberry32(seed));
  const x = new Float64Array(n);
  let p = 100;
  for (let i = 0; i < n; i++) { p *= Math.exp(vol * normal()); x[i] = p; }
  return x;
}

/** Index of the first element where a and b differ (Object.is), -1 when identical. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** max |a - b| where both are defined, over the largest |b|; Infinity when they are NaN at different rows. */
function scaledDifference(a: Float64Array, b: Float64Array): number {
  let d = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return Infinity;
    if (Number.isNaN(a[i])) continue;
    d = Math.max(d, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return d / scale;
}

const N = 100_000;
const x = walk(N);
// A flat stretch (RSI's and BBANDS' zero tests) and a jump inside the long series.
const y = walk(N, 5);
y.fill(y[40_000], 40_000, 40_100);
y[70_000] *= 3;
const inputs = [x, y];

describe("fast kernels equal the previous (TA-Lib-exact) implementations on 100,000 points", () => {
  it("ema1d, periods 2, 20, 200", () => {
    for (const v of inputs) for (const p of [2, 20, 200]) expect(firstDifference(ema1d(v, p), prevEma1d(v, p))).toBe(-1);
  });
  it("rsi1d, periods 2, 14, 100", () => {
    for (const v of inputs) for (const p of [2, 14, 100]) expect(firstDifference(rsi1d(v, p), prevRsi1d(v, p))).toBe(-1);
  });
  it("rsi1d on odd inputs too: NaN, infinities, changes near the largest double, subnormals, zeros", () => {
    const odd = [
      [1, 2, NaN, 3, 4, 5, 4, 3, 2, 3, 4],
      [1, 2, 3, Infinity, 3, 4, 5, 4, 3, 2, 3],
      [1, 2, 3, -Infinity, 3, 4, 5, 4, 3, 2, 3],
      [1, 2, 3, 1.7e308, -1.7e308, 1e308, -5e307, 3, 2, 3, 1],
      [0, 5e-324, 0, 1e-323, -5e-324, 0, 2e-323, 0, -0, 0, 5e-324],
      [0, 0, 0, 0, -0, 0, 0, 1, 0, 0, 0],
    ];
    for (const o of odd) for (const p of [2, 3]) expect(firstDifference(rsi1d(Float64Array.from(o), p), prevRsi1d(Float64Array.from(o), p))).toBe(-1);
  });
  it("macd1d, 12/26/9, 26/12/9 (swapped), 5/35/5 and 3/10/1", () => {
    for (const v of inputs) {
      for (const [f, s, g] of [[12, 26, 9], [26, 12, 9], [5, 35, 5], [3, 10, 1]]) {
        const a = macd1d(v, f, s, g), b = prevMacd1d(v, f, s, g);
        expect(firstDifference(a.macd, b.macd)).toBe(-1);
        expect(firstDifference(a.signal, b.signal)).toBe(-1);
        expect(firstDifference(a.histogram, b.histogram)).toBe(-1);
      }
    }
  });
  it("bbands1d, 20/2, 2/1, 50/2.5 and k = 0", () => {
    for (const v of inputs) {
      for (const [p, k] of [[20, 2], [2, 1], [50, 2.5], [20, 0]]) {
        const a = bbands1d(v, p, k), b = prevBbands1d(v, p, k);
        expect(firstDifference(a.upper, b.upper)).toBe(-1);
        expect(firstDifference(a.middle, b.middle)).toBe(-1);
        expect(firstDifference(a.lower, b.lower)).toBe(-1);
      }
    }
  });
  it("all four on every length 0..45 (warm-up edges)", () => {
    for (let n = 0; n <= 45; n++) {
      const v = x.subarray(0, n);
      expect(firstDifference(ema1d(v, 5), prevEma1d(v, 5))).toBe(-1);
      expect(firstDifference(rsi1d(v, 14), prevRsi1d(v, 14))).toBe(-1);
      for (const [f, s, g] of [[12, 26, 9], [3, 10, 1]]) {
        const a = macd1d(v, f, s, g), b = prevMacd1d(v, f, s, g);
        expect([a.macd, a.signal, a.histogram].map((o, i) => firstDifference(o, [b.macd, b.signal, b.histogram][i]))).toEqual([-1, -1, -1]);
      }
      const a = bbands1d(v, 20, 2), b = prevBbands1d(v, 20, 2);
      expect([a.upper, a.middle, a.lower].map((o, i) => firstDifference(o, [b.upper, b.middle, b.lower][i]))).toEqual([-1, -1, -1]);
    }
  });
  it("the ta.macd and ta.bbands blocks give the previous kernels' values", () => {
    const v = x.subarray(0, 300);
    const ser = { index: Array.from({ length: 300 }, (_, i) => new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10)), values: Array.from(v) };
    const nul = (a: Float64Array) => Array.from(a, (z) => (Number.isNaN(z) ? null : z));
    const m = toJson(runBlock(macdBlock, {}, { series: ser })) as any, pm = prevMacd1d(v);
    expect([m.macd.values, m.signal.values, m.histogram.values]).toEqual([nul(pm.macd), nul(pm.signal), nul(pm.histogram)]);
    const b = toJson(runBlock(bbandsBlock, { period: 20, k: 2 }, { series: ser })) as any, pb = prevBbands1d(v, 20, 2);
    expect([b.upper.values, b.middle.values, b.lower.values]).toEqual([nul(pb.upper), nul(pb.middle), nul(pb.lower)]);
  });
});

describe("fast kernels agree with the bench's plain loops (reordered arithmetic) to 1e-9 of scale", () => {
  it("EMA 20, RSI 14, MACD 12/26/9, BBANDS 20/2", () => {
    for (const v of inputs) {
      expect(scaledDifference(ema1d(v, 20), plainEma(v, 20))).toBeLessThan(1e-9);
      expect(scaledDifference(rsi1d(v, 14), plainRsi(v, 14))).toBeLessThan(1e-9);
      const a = macd1d(v, 12, 26, 9), b = plainMacd(v, 12, 26, 9);
      for (const k of ["macd", "signal", "histogram"] as const) expect(scaledDifference(a[k], b[k])).toBeLessThan(1e-9);
      const c = bbands1d(v, 20, 2), d = plainBbands(v, 20, 2);
      for (const k of ["upper", "middle", "lower"] as const) expect(scaledDifference(c[k], d[k])).toBeLessThan(1e-9);
    }
  });
});
