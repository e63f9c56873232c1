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
import { periodSchema, primeKernel, runIndicator, seriesOrPanelPort, TA_EPSILON } from "./common";

export interface Bands { upper: Float64Array; middle: Float64Array; lower: Float64Array }

/**
 * Population standard deviation over `period` rows around a precomputed SMA (`mean`),
 * TA-Lib's way; NaN where `mean` is NaN (the first period - 1 rows).
 */
export function rollingPopStd1d(values: Float64Array, mean: Float64Array, period: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  const eps = TA_EPSILON;
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
    out[i] = var_ < eps ? 0 : Math.sqrt(var_);
  }
  return out;
}

/**
 * Bollinger bands of `values` into `upper`, `middle` and `lower` (each at least
 * values.length long): NaN for the first period - 1 rows in all three. One pass (issue 8)
 * doing TA-Lib's operations in TA-Lib's order: TA_INT_SMA's running sum (add the new value,
 * divide, drop the oldest), TA_INT_stddev_using_precalc_ma's running sum of squares
 * (add x^2, divide, drop the oldest x^2, subtract middle^2, 0 below 1e-8 else sqrt), then
 * middle +/- deviation * k. The digits are those of sma1d + rollingPopStd1d.
 */
export function bbandsInto(values: Float64Array, period: number, k: number, upper: Float64Array, middle: Float64Array, lower: Float64Array): void {
  const n = values.length;
  const eps = TA_EPSILON;
  const lb = period - 1;
  const warm = lb < n ? lb : n;
  for (let i = 0; i < warm; i++) { upper[i] = NaN; middle[i] = NaN; lower[i] = NaN; }
  if (n <= lb) return;
  let sum = 0, sum2 = 0;
  for (let i = 0; i < lb; i++) sum += values[i];
  for (let i = 0; i < lb; i++) sum2 += values[i] * values[i];
  for (let i = lb, trailing = 0; i < n; i++, trailing++) {
    const x = values[i], old = values[trailing];
    sum += x;
    sum2 += x * x;
    const m = sum / period;
    let var_ = sum2 / period;
    sum -= old;
    sum2 -= old * old;
    var_ -= m * m;
    const d = (var_ < eps ? 0 : Math.sqrt(var_)) * k;
    middle[i] = m;
    upper[i] = m + d;
    lower[i] = m - d;
  }
}

/**
 * Bollinger bands of `values`: NaN for the first period - 1 rows in all three outputs.
 * `k` multiplies the population deviation for both bands.
 */
export function bbands1d(values: Float64Array, period: number, k: number): Bands {
  const n = values.length;
  const upper = new Float64Array(n), middle = new Float64Array(n), lower = new Float64Array(n);
  bbandsInto(values, period, k, upper, middle, lower);
  return { upper, middle, lower };
}

primeKernel((x) => { bbands1d(x, 20, 2); });

/** Bollinger bands of every column of a panel; a column's leading nulls are skipped. */
export function bbandsPanel(p: Panel, period = 20, k = 2): { upper: Panel; middle: Panel; lower: Panel } {
  const [upper, middle, lower] = runIndicator([{ name: "series", value: p }], 3, ([c], outs) => bbandsOuts(c, period, k, outs));
  return { upper: upper as Panel, middle: middle as Panel, lower: lower as Panel };
}

function bbandsOuts(c: Float64Array, period: number, k: number, [u, m, l]: Float64Array[]): void {
  bbandsInto(c, period, k, u, m, l);
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
    const [upper, middle, lower] = runIndicator([{ name: "series", value: inputs.series }], 3, ([c], outs) => bbandsOuts(c, params.period, params.k, outs));
    return { upper, middle, lower };
  },
});
