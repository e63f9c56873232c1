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
import { periodSchema, runIndicator, seriesOrPanelPort } from "./common";
import { emaFrom } from "./ema";

export interface Macd { macd: Float64Array; signal: Float64Array; histogram: Float64Array }

/** MACD of `values`, TA-Lib's way: NaN before index slow + signal - 2 in all outputs. */
export function macd1d(values: Float64Array, fast = 12, slow = 26, signal = 9): Macd {
  if (slow < fast) [fast, slow] = [slow, fast];
  const n = values.length;
  const macd = new Float64Array(n).fill(NaN), sig = new Float64Array(n).fill(NaN), histogram = new Float64Array(n).fill(NaN);
  const start = slow - 1;
  const lookback = start + signal - 1;
  if (lookback >= n) return { macd, signal: sig, histogram };
  const slowEma = emaFrom(values, slow, 0, new Float64Array(n).fill(NaN));
  const fastEma = emaFrom(values, fast, slow - fast, new Float64Array(n).fill(NaN));
  const line = new Float64Array(n).fill(NaN);
  for (let i = start; i < n; i++) line[i] = fastEma[i] - slowEma[i];
  emaFrom(line, signal, start, sig);
  for (let i = start; i < lookback; i++) sig[i] = NaN;
  for (let i = lookback; i < n; i++) {
    macd[i] = line[i];
    histogram[i] = line[i] - sig[i];
  }
  return { macd, signal: sig, histogram };
}

function macdInto(c: Float64Array, fast: number, slow: number, signal: number, [m, s, h]: Float64Array[]): void {
  const r = macd1d(c, fast, slow, signal);
  m.set(r.macd); s.set(r.signal); h.set(r.histogram);
}

/** MACD of every column of a panel; a column's leading nulls are skipped. */
export function macdPanel(p: Panel, fast = 12, slow = 26, signal = 9): { macd: Panel; signal: Panel; histogram: Panel } {
  const [m, s, h] = runIndicator([{ name: "series", value: p }], 3, ([c], outs) => macdInto(c, fast, slow, signal, outs));
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
    const [macd, signal, histogram] = runIndicator([{ name: "series", value: inputs.series }], 3, ([c], outs) => macdInto(c, params.fast, params.slow, params.signal, outs));
    return { macd, signal, histogram };
  },
});
