/**
 * ta.bbands: Bollinger bands as TA-Lib's TA_BBANDS with its default SMA middle band
 * (ta_func/ta_BBANDS.c, TA_INT_stddev_using_precalc_ma in ta_STDDEV.c): middle = SMA,
 * deviation = population standard deviation of the same window computed as TA-Lib does,
 * sqrt(mean(x^2) - middle^2) with running sums, 0 when that variance is below 1e-8;
 * upper/lower = middle +/- k * deviation.
 * Reference: J. Bollinger, Bollinger on Bollinger Bands (2001).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Panel } from "../core/values";
import { periodSchema, runIndicator, seriesOrPanelPort, TA_EPSILON } from "./common";
import { sma1d } from "./sma";

export interface Bands { upper: Float64Array; middle: Float64Array; lower: Float64Array }

/**
 * Population standard deviation over `period` rows around a precomputed SMA (`mean`),
 * TA-Lib's way; NaN where `mean` is NaN (the first period - 1 rows).
 */
export function rollingPopStd1d(values: Float64Array, mean: Float64Array, period: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
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

/**
 * Bollinger bands of `values`: NaN for the first period - 1 rows in all three outputs.
 * `k` multiplies the population deviation for both bands.
 */
export function bbands1d(values: Float64Array, period: number, k: number): Bands {
  const n = values.length;
  const middle = sma1d(values, period, new Float64Array(n));
  const dev = rollingPopStd1d(values, middle, period, new Float64Array(n));
  const upper = new Float64Array(n), lower = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = dev[i] * k;
    upper[i] = middle[i] + d;
    lower[i] = middle[i] - d;
  }
  return { upper, middle, lower };
}

/** Bollinger bands of every column of a panel; a column's leading nulls are skipped. */
export function bbandsPanel(p: Panel, period = 20, k = 2): { upper: Panel; middle: Panel; lower: Panel } {
  const [upper, middle, lower] = runIndicator([{ name: "series", value: p }], 3, ([c], outs) => bbandsInto(c, period, k, outs));
  return { upper: upper as Panel, middle: middle as Panel, lower: lower as Panel };
}

function bbandsInto(c: Float64Array, period: number, k: number, [u, m, l]: Float64Array[]): void {
  const b = bbands1d(c, period, k);
  u.set(b.upper); m.set(b.middle); l.set(b.lower);
}

export const bbandsParams = z.object({
  period: periodSchema("window length in rows (integer >= 2)").default(20),
  k: z.number().min(0).max(100).default(2).describe("number of (population) standard deviations for the bands"),
});

export const bbandsBlock = defineBlock({
  id: "ta.bbands",
  title: "Bollinger bands",
  description: "TA-Lib BBANDS with an SMA middle band and the population deviation: middle +/- k deviations; null for the first period - 1 rows. Takes a Series (no nulls) or a Panel.",
  category: "indicators",
  params: bbandsParams,
  inputs: { series: seriesOrPanelPort("prices: a Series with no nulls, or a Panel") },
  outputs: {
    upper: { kind: "series", description: "middle + k * deviation" },
    middle: { kind: "series", description: "SMA over `period`" },
    lower: { kind: "series", description: "middle - k * deviation" },
  },
  compute: (params, inputs) => {
    const [upper, middle, lower] = runIndicator([{ name: "series", value: inputs.series }], 3, ([c], outs) => bbandsInto(c, params.period, params.k, outs));
    return { upper, middle, lower };
  },
});
