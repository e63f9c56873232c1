/**
 * Indicator micro-benchmark: RSI 14, EMA 20, MACD 12/26/9 and Bollinger 20/2 over
 * 1,000,000 points, the blocks' kernels (blocks/indicators) against the plain loops below:
 * the single-pass Float64Array loops a competent person writes first (one recurrence for
 * the EMA, Wilder smoothing for RSI, MACD as both EMAs in one pass then the signal EMA,
 * Bollinger with running sums of x and x^2), without TA-Lib's exact order of operations.
 * Kernel and plain runs alternate within one process and the medians are reported (the
 * machine is shared, so single timings are noisy); the outputs are compared too (largest
 * absolute and relative difference where both are defined), so a fast kernel that is
 * wrong shows. `talibMs` is issue 8's figure for TA-Lib compiled to WebAssembly.
 */
import { performance as clock } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { mulberry32, normalSampler } from "../blocks/data/synthetic";
import { bbands1d } from "../blocks/indicators/bbands";
import { ema1d } from "../blocks/indicators/ema";
import { macd1d } from "../blocks/indicators/macd";
import { rsi1d } from "../blocks/indicators/rsi";

/** EMA seeded with the mean of x[from..from+period-1], then e = k x + (1 - k) e; NaN before. */
export function plainEma(x: Float64Array, period: number, from = 0): Float64Array {
  const n = x.length, out = new Float64Array(n);
  const seedAt = from + period - 1;
  for (let i = 0; i < seedAt && i < n; i++) out[i] = NaN;
  if (seedAt >= n) return out;
  const k = 2 / (period + 1), k1 = 1 - k;
  let s = 0;
  for (let i = from; i <= seedAt; i++) s += x[i];
  let e = s / period;
  out[seedAt] = e;
  for (let i = seedAt + 1; i < n; i++) {
    e = x[i] * k + e * k1;
    out[i] = e;
  }
  return out;
}

/** Wilder RSI: mean gain and loss of the first `period` changes, then Wilder smoothing. */
export function plainRsi(x: Float64Array, period: number): Float64Array {
  const n = x.length, out = new Float64Array(n);
  for (let i = 0; i < period && i < n; i++) out[i] = NaN;
  if (n <= period) return out;
  let gain = 0, loss = 0;
  for (let i = 1; i <= period; i++) { const d = x[i] - x[i - 1]; if (d > 0) gain += d; else loss -= d; }
  gain /= period; loss /= period;
  out[period] = gain + loss === 0 ? 0 : (100 * gain) / (gain + loss);
  const a = (period - 1) / period, b = 1 / period;
  for (let i = period + 1; i < n; i++) {
    const d = x[i] - x[i - 1];
    if (d > 0) { gain = gain * a + d * b; loss = loss * a; }
    else { gain = gain * a; loss = loss * a - d * b; }
    const s = gain + loss;
    out[i] = s === 0 ? 0 : (100 * gain) / s;
  }
  return out;
}

/**
 * MACD: EMA(fast) and EMA(slow) in one pass from index slow - 1 (both seeded there, as
 * TA-Lib aligns them), their difference, then its EMA(signal) and the histogram in a
 * second pass; all NaN before slow + signal - 2.
 */
export function plainMacd(x: Float64Array, fast: number, slow: number, signal: number): { macd: Float64Array; signal: Float64Array; histogram: Float64Array } {
  const n = x.length;
  const macd = new Float64Array(n), sig = new Float64Array(n), hist = new Float64Array(n);
  const start = slow - 1, lookback = start + signal - 1;
  for (let i = 0; i < lookback && i < n; i++) { macd[i] = NaN; sig[i] = NaN; hist[i] = NaN; }
  if (lookback >= n) return { macd, signal: sig, histogram: hist };
  const kf = 2 / (fast + 1), ks = 2 / (slow + 1), kg = 2 / (signal + 1);
  let f = 0, s = 0;
  for (let i = 0; i <= start; i++) { s += x[i]; if (i > start - fast) f += x[i]; }
  f /= fast; s /= slow;
  macd[start] = f - s;
  for (let i = start + 1; i < n; i++) {
    const v = x[i];
    f = v * kf + f * (1 - kf);
    s = v * ks + s * (1 - ks);
    macd[i] = f - s;
  }
  let g = 0;
  for (let i = start; i <= lookback; i++) g += macd[i];
  g /= signal;
  sig[lookback] = g; hist[lookback] = macd[lookback] - g;
  for (let i = lookback + 1; i < n; i++) {
    g = macd[i] * kg + g * (1 - kg);
    sig[i] = g; hist[i] = macd[i] - g;
  }
  for (let i = start; i < lookback; i++) macd[i] = NaN;
  return { macd, signal: sig, histogram: hist };
}

/** Bollinger bands in one pass: running sums of x and x^2 give each window's mean and population deviation. */
export function plainBbands(x: Float64Array, period: number, k: number): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const n = x.length;
  const upper = new Float64Array(n), middle = new Float64Array(n), lower = new Float64Array(n);
  for (let i = 0; i < period - 1 && i < n; i++) { upper[i] = NaN; middle[i] = NaN; lower[i] = NaN; }
  if (n < period) return { upper, middle, lower };
  const inv = 1 / period;
  let s = 0, s2 = 0;
  for (let i = 0; i < period - 1; i++) { const v = x[i]; s += v; s2 += v * v; }
  for (let i = period - 1; i < n; i++) {
    const v = x[i];
    s += v; s2 += v * v;
    const m = s * inv, va = s2 * inv - m * m;
    const d = k * (va > 0 ? Math.sqrt(va) : 0);
    middle[i] = m; upper[i] = m + d; lower[i] = m - d;
    const o = x[i - period + 1];
    s -= o; s2 -= o * o;
  }
  return { upper, middle, lower };
}

/** Largest |a - b| where both are defined, and that over the largest |b| (the output's scale: a relative difference per value means nothing where MACD crosses 0). */
function maxDiffs(a: Float64Array, b: Float64Array): [number, number] {
  let d = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === a[i] && b[i] === b[i]) {
      const e = Math.abs(a[i] - b[i]);
      if (e > d) d = e;
      if (Math.abs(b[i]) > scale) scale = Math.abs(b[i]);
    }
  }
  return [d, scale > 0 ? d / scale : d];
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Median and fastest of `runs` timings of each function, the functions alternating run by
 * run. With node --expose-gc, a full GC runs before each timed call (untimed): the outputs
 * are 8 MB typed arrays, and without it V8's external-memory GCs land in whichever call
 * crosses the threshold, which spreads the timings (MACD 8 to 17 ms in one process).
 */
function timeMedians(runs: number, fs: (() => unknown)[]): { median: number; min: number }[] {
  const gc = (globalThis as { gc?: () => void }).gc;
  const ts = fs.map((): number[] => []);
  for (let r = 0; r < runs; r++) {
    fs.forEach((f, j) => { gc?.(); const t = clock.now(); f(); ts[j].push(clock.now() - t); });
  }
  return ts.map((t) => ({ median: median(t), min: Math.min(...t) }));
}

export interface IndicatorRow {
  name: string;
  /** medians */
  kernelMs: number;
  plainMs: number;
  /** fastest runs (the least disturbed by the machine's other work) */
  kernelMinMs: number;
  plainMinMs: number;
  /** plainMs / kernelMs */
  speedup: number;
  /** largest |kernel - plain| where both are defined */
  maxDiff: number;
  /** maxDiff over the largest |plain| of that output (the largest over the outputs) */
  maxRelDiff: number;
  /** issue 8's figure for TA-Lib (C, compiled to WebAssembly) on the same task */
  talibMs: number;
}

/** A seeded random walk of `n` prices around 100. */
export function randomWalk(n: number, seed = 1): Float64Array {
  const normal = normalSampler(mulberry32(seed));
  const x = new Float64Array(n);
  let p = 100;
  for (let i = 0; i < n; i++) { p *= Math.exp(0.001 * normal()); x[i] = p; }
  return x;
}

/**
 * Warm-up, for kernels and plain loops alike: a few calls on a short prefix, then one on
 * the whole series. V8 allocates a function's feedback vector lazily; a first call on the
 * long series would compile code without the prologue's feedback, which then deoptimizes
 * and can stay 3x slower for the rest of the process (see primeKernel in
 * blocks/indicators/common.ts, which does this for the kernels at load).
 */
function warmUp(x: Float64Array, f: (x: Float64Array) => unknown): void {
  const head = x.subarray(0, 2000);
  for (let r = 0; r < 3; r++) f(head);
  f(x);
}

export function indicatorBench(points = 1_000_000, runs = 7): IndicatorRow[] {
  const x = randomWalk(points);
  const rows: IndicatorRow[] = [];
  const add = (name: string, talibMs: number, kernel: (x: Float64Array) => Float64Array[], plain: (x: Float64Array) => Float64Array[]) => {
    warmUp(x, kernel); warmUp(x, plain);
    const a = kernel(x), b = plain(x);
    let maxDiff = 0, maxRelDiff = 0;
    a.forEach((v, i) => { const [d, r] = maxDiffs(v, b[i]); maxDiff = Math.max(maxDiff, d); maxRelDiff = Math.max(maxRelDiff, r); });
    const [k, p] = timeMedians(runs, [() => kernel(x), () => plain(x)]);
    rows.push({ name, kernelMs: k.median, plainMs: p.median, kernelMinMs: k.min, plainMinMs: p.min, speedup: p.median / k.median, maxDiff, maxRelDiff, talibMs });
  };
  add("RSI 14", 13, (v) => [rsi1d(v, 14)], (v) => [plainRsi(v, 14)]);
  add("EMA 20", 6, (v) => [ema1d(v, 20)], (v) => [plainEma(v, 20)]);
  add("MACD 12/26/9", 40, (v) => { const m = macd1d(v, 12, 26, 9); return [m.macd, m.signal, m.histogram]; }, (v) => { const m = plainMacd(v, 12, 26, 9); return [m.macd, m.signal, m.histogram]; });
  add("BBANDS 20/2", 30, (v) => { const b = bbands1d(v, 20, 2); return [b.upper, b.middle, b.lower]; }, (v) => { const b = plainBbands(v, 20, 2); return [b.upper, b.middle, b.lower]; });
  return rows;
}

/** `npx tsx --expose-gc bench/indicators.ts [runs]`: the table alone (bench/INDICATORS.md). */
function main(runs: number): void {
  const w = (s: string) => process.stdout.write(s);
  const gc = typeof (globalThis as { gc?: unknown }).gc === "function" ? ", full GC before each" : "";
  w(`Indicators over 1,000,000 points, ${runs} alternating runs${gc} (ms): median, and fastest in ()\n`);
  w(`${"indicator".padEnd(14)}${"kernel".padStart(14)}${"plain".padStart(14)}${"k/plain".padStart(9)}${"TA-Lib".padStart(8)}   max |k - plain| (abs, / scale)\n`);
  const f = (med: number, min: number) => `${med.toFixed(1)} (${min.toFixed(1)})`.padStart(14);
  for (const r of indicatorBench(1_000_000, runs)) {
    w(`${r.name.padEnd(14)}${f(r.kernelMs, r.kernelMinMs)}${f(r.plainMs, r.plainMinMs)}${(r.kernelMs / r.plainMs).toFixed(2).padStart(9)}${r.talibMs.toFixed(0).padStart(8)}   ${r.maxDiff.toExponential(1)}, ${r.maxRelDiff.toExponential(1)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(Number(process.argv[2] ?? 31));
