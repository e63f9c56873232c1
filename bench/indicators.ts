/**
 * Indicator micro-benchmark: RSI 14, EMA 20, MACD 12/26/9 and Bollinger 20/2 over
 * 1,000,000 points, the blocks' kernels (blocks/indicators) against the plain, obvious
 * loops below (what one writes first: each window summed again, two EMAs for MACD, each
 * deviation from its own window). Medians of several runs; the outputs are compared too
 * (largest difference where both are defined), so a fast kernel that is wrong shows.
 */
import { performance as clock } from "node:perf_hooks";
import { mulberry32, normalSampler } from "../blocks/data/synthetic";
import { bbands1d } from "../blocks/indicators/bbands";
import { ema1d } from "../blocks/indicators/ema";
import { macd1d } from "../blocks/indicators/macd";
import { rsi1d } from "../blocks/indicators/rsi";

/** EMA seeded with the mean of the first `period` values. */
export function plainEma(x: Float64Array, period: number, from = 0): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  const k = 2 / (period + 1);
  let s = 0;
  for (let i = from; i < from + period; i++) s += x[i];
  out[from + period - 1] = s / period;
  for (let i = from + period; i < x.length; i++) out[i] = x[i] * k + out[i - 1] * (1 - k);
  return out;
}

/** Wilder RSI: mean gain and loss of the first `period` changes, then Wilder smoothing. */
export function plainRsi(x: Float64Array, period: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  let gain = 0, loss = 0;
  for (let i = 1; i <= period; i++) { const d = x[i] - x[i - 1]; if (d > 0) gain += d; else loss -= d; }
  gain /= period; loss /= period;
  out[period] = gain + loss === 0 ? 0 : (100 * gain) / (gain + loss);
  for (let i = period + 1; i < x.length; i++) {
    const d = x[i] - x[i - 1];
    gain = (gain * (period - 1) + Math.max(d, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-d, 0)) / period;
    out[i] = gain + loss === 0 ? 0 : (100 * gain) / (gain + loss);
  }
  return out;
}

/** MACD: EMA(fast) - EMA(slow) from index slow - 1, its EMA(signal), the histogram. */
export function plainMacd(x: Float64Array, fast: number, slow: number, signal: number): { macd: Float64Array; signal: Float64Array; histogram: Float64Array } {
  const f = plainEma(x, fast, slow - fast), s = plainEma(x, slow);
  const line = new Float64Array(x.length).fill(NaN);
  for (let i = slow - 1; i < x.length; i++) line[i] = f[i] - s[i];
  const sig = plainEma(line, signal, slow - 1);
  const hist = new Float64Array(x.length).fill(NaN);
  for (let i = slow + signal - 2; i < x.length; i++) hist[i] = line[i] - sig[i];
  return { macd: line, signal: sig, histogram: hist };
}

/** Bollinger bands: each window's mean and population deviation computed from scratch. */
export function plainBbands(x: Float64Array, period: number, k: number): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const n = x.length;
  const upper = new Float64Array(n).fill(NaN), middle = new Float64Array(n).fill(NaN), lower = new Float64Array(n).fill(NaN);
  for (let i = period - 1; i < n; i++) {
    let s = 0;
    for (let j = i - period + 1; j <= i; j++) s += x[j];
    const m = s / period;
    let v = 0;
    for (let j = i - period + 1; j <= i; j++) v += (x[j] - m) ** 2;
    const sd = Math.sqrt(v / period);
    middle[i] = m; upper[i] = m + k * sd; lower[i] = m - k * sd;
  }
  return { upper, middle, lower };
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === a[i] && b[i] === b[i]) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function timeMedian(runs: number, f: () => unknown): number {
  f(); // warm-up (JIT)
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) { const t = clock.now(); f(); ts.push(clock.now() - t); }
  return median(ts);
}

export interface IndicatorRow { name: string; kernelMs: number; plainMs: number; speedup: number; maxDiff: number }

/** A seeded random walk of `n` prices around 100. */
export function randomWalk(n: number, seed = 1): Float64Array {
  const normal = normalSampler(mulberry32(seed));
  const x = new Float64Array(n);
  let p = 100;
  for (let i = 0; i < n; i++) { p *= Math.exp(0.001 * normal()); x[i] = p; }
  return x;
}

export function indicatorBench(points = 1_000_000, runs = 7): IndicatorRow[] {
  const x = randomWalk(points);
  const rows: IndicatorRow[] = [];
  const add = (name: string, kernel: () => Float64Array[], plain: () => Float64Array[]) => {
    const a = kernel(), b = plain();
    const diff = Math.max(...a.map((v, i) => maxDiff(v, b[i])));
    const kernelMs = timeMedian(runs, kernel), plainMs = timeMedian(runs, plain);
    rows.push({ name, kernelMs, plainMs, speedup: plainMs / kernelMs, maxDiff: diff });
  };
  add("RSI 14", () => [rsi1d(x, 14)], () => [plainRsi(x, 14)]);
  add("EMA 20", () => [ema1d(x, 20)], () => [plainEma(x, 20)]);
  add("MACD 12/26/9", () => { const m = macd1d(x, 12, 26, 9); return [m.macd, m.signal, m.histogram]; }, () => { const m = plainMacd(x, 12, 26, 9); return [m.macd, m.signal, m.histogram]; });
  add("BBANDS 20/2", () => { const b = bbands1d(x, 20, 2); return [b.upper, b.middle, b.lower]; }, () => { const b = plainBbands(x, 20, 2); return [b.upper, b.middle, b.lower]; });
  return rows;
}
