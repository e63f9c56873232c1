/**
 * ta.macd: moving average convergence/divergence as TA-Lib's TA_MACD (ta_func/ta_MACD.c,
 * TA_INT_MACD): both EMAs start at index slow - 1 (the slow one seeded with the SMA of
 * values[0..slow-1], the fast one with the SMA of values[slow-fast..slow-1]),
 * macd = fast EMA - slow EMA, signal = EMA(signal) of macd seeded with the SMA of its first
 * `signal` values, histogram = macd - signal. All three outputs start at TA-Lib's lookback
 * slow - 1 + signal - 1 and are null before. As TA-Lib, a `fast` larger than `slow` is swapped.
 * Reference: G. Appel, Technical Analysis: Power Tools for Active Investors (2005).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Panel } from "../core/values";
import { periodSchema, primeKernel, runIndicator, seriesOrPanelPort } from "./common";

export interface Macd { macd: Float64Array; signal: Float64Array; histogram: Float64Array }

/**
 * MACD of `values` into `macd`, `sig` and `hist` (each at least values.length long), TA-Lib's
 * way: NaN before index slow + signal - 2 in all outputs. One pass (issue 8): the slow and
 * fast EMAs and the signal EMA advance together, each with TA-Lib's seed (the sum from 0,
 * divided by the period) and TA-Lib's update (x - prev) * k + prev, k = 2 / (period + 1),
 * so the values are the same as three separate TA_EMA passes.
 */
export function macdInto(values: Float64Array, fast: number, slow: number, signal: number, macd: Float64Array, sig: Float64Array, hist: Float64Array): void {
  if (slow < fast) { const t = fast; fast = slow; slow = t; }
  const n = values.length;
  const start = slow - 1;
  const lookback = start + signal - 1;
  const warm = lookback < n ? lookback : n;
  for (let i = 0; i < warm; i++) { macd[i] = NaN; sig[i] = NaN; hist[i] = NaN; }
  if (lookback >= n) return;
  const kSlow = 2 / (slow + 1), kFast = 2 / (fast + 1), kSig = 2 / (signal + 1);
  // Seeds at index slow - 1: the slow EMA's from values[0..slow-1], the fast one's from
  // values[slow-fast..slow-1] (TA-Lib aligns both on the slow lookback).
  let sumSlow = 0;
  for (let i = 0; i <= start; i++) sumSlow += values[i];
  let sumFast = 0;
  for (let i = slow - fast; i <= start; i++) sumFast += values[i];
  let es = sumSlow / slow, ef = sumFast / fast;
  // The signal's seed: the mean of the first `signal` MACD values, rows start..lookback.
  let sumSig = 0;
  sumSig += ef - es;
  for (let i = start + 1; i <= lookback; i++) {
    const x = values[i];
    es = (x - es) * kSlow + es;
    ef = (x - ef) * kFast + ef;
    sumSig += ef - es;
  }
  let line = ef - es;
  let eg = sumSig / signal;
  macd[lookback] = line; sig[lookback] = eg; hist[lookback] = line - eg;
  for (let i = lookback + 1; i < n; i++) {
    const x = values[i];
    es = (x - es) * kSlow + es;
    ef = (x - ef) * kFast + ef;
    line = ef - es;
    eg = (line - eg) * kSig + eg;
    macd[i] = line; sig[i] = eg; hist[i] = line - eg;
  }
}

/** MACD of `values`, TA-Lib's way: NaN before index slow + signal - 2 in all outputs. */
export function macd1d(values: Float64Array, fast = 12, slow = 26, signal = 9): Macd {
  const n = values.length;
  const macd = new Float64Array(n), sig = new Float64Array(n), histogram = new Float64Array(n);
  macdInto(values, fast, slow, signal, macd, sig, histogram);
  return { macd, signal: sig, histogram };
}

primeKernel((x) => { macd1d(x, 12, 26, 9); });

function macdOuts(c: Float64Array, fast: number, slow: number, signal: number, [m, s, h]: Float64Array[]): void {
  macdInto(c, fast, slow, signal, m, s, h);
}

/** MACD of every column of a panel; a column's leading nulls are skipped. */
export function macdPanel(p: Panel, fast = 12, slow = 26, signal = 9): { macd: Panel; signal: Panel; histogram: Panel } {
  const [m, s, h] = runIndicator([{ name: "series", value: p }], 3, ([c], outs) => macdOuts(c, fast, slow, signal, outs));
  return { macd: m as Panel, signal: s as Panel, histogram: h as Panel };
}

export const macdParams = z.object({
  fast: periodSchema("fast EMA period (integer >= 2)").default(12),
  slow: periodSchema("slow EMA period (integer >= 2)").default(26),
  signal: periodSchema("signal EMA period (integer >= 1)", 1).default(9),
});

export const macdBlock = defineBlock({
  id: "ta.macd",
  title: "MACD",
  description: "TA-Lib MACD: fast EMA - slow EMA (both starting at index slow - 1), its signal EMA and the histogram; null before index slow + signal - 2. Takes a Series (no nulls) or a Panel.",
  category: "indicators",
  params: macdParams,
  inputs: { series: seriesOrPanelPort("prices: a Series with no nulls, or a Panel") },
  outputs: {
    macd: { kind: "series", description: "fast EMA - slow EMA" },
    signal: { kind: "series", description: "EMA(signal) of macd" },
    histogram: { kind: "series", description: "macd - signal" },
  },
  compute: (params, inputs) => {
    const [macd, signal, histogram] = runIndicator([{ name: "series", value: inputs.series }], 3, ([c], outs) => macdOuts(c, params.fast, params.slow, params.signal, outs));
    return { macd, signal, histogram };
  },
});
