/**
 * ta.ema: exponential moving average, as TA-Lib's TA_EMA (ta_func/ta_EMA.c, default
 * compatibility): k = 2 / (period + 1), seeded with the SMA of the first `period` values
 * at index period - 1, then ema = (x - prev) * k + prev.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Panel } from "../core/values";
import { columnwise, periodSchema, primeKernel, runIndicator, seriesOrPanelPort } from "./common";

/**
 * EMA with TA-Lib's seeding, written from `start` on: the seed is the mean of
 * values[start..start+period-1], placed at start + period - 1. Rows before are left as
 * they are in `out`. `k` defaults to 2 / (period + 1). Used by MACD with its own start.
 */
export function emaFrom(values: Float64Array, period: number, start: number, out: Float64Array, k = 2 / (period + 1)): Float64Array {
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

/**
 * EMA of `values` (TA-Lib): NaN for the first period - 1 rows, then the SMA seed, then
 * (x - prev) * 2/(period+1) + prev. A series shorter than `period` is all NaN. The input
 * must have no NaN (a NaN propagates to every later value); `emaPanel` skips leading NaNs.
 */
export function ema1d(values: Float64Array, period: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const lb = Math.min(period - 1, values.length);
  for (let i = 0; i < lb; i++) out[i] = NaN;
  return emaFrom(values, period, 0, out);
}

primeKernel((x) => { ema1d(x, 20); ema1d(x, 5, new Float64Array(x.length)); });

/** EMA of every column of a panel; a column's leading nulls are skipped. */
export function emaPanel(p: Panel, period: number): Panel {
  return columnwise(p, (c, o) => ema1d(c, period, o));
}

export const emaParams = z.object({
  period: periodSchema("smoothing period in rows (integer >= 2; no default); k = 2/(period+1)"),
});

export const emaBlock = defineBlock({
  id: "ta.ema",
  title: "Exponential moving average",
  description: "TA-Lib EMA: seeded with the SMA of the first `period` values, k = 2/(period+1); null for the first period - 1 rows. Takes a Series (no nulls) or a Panel.",
  category: "indicators",
  params: emaParams,
  inputs: { series: seriesOrPanelPort("values to smooth: a Series with no nulls, or a Panel") },
  outputs: { values: { kind: "series", description: "EMA, same index; a Panel when the input is a Panel" } },
  compute: (params, inputs) => {
    const [values] = runIndicator([{ name: "series", value: inputs.series }], 1, ([c], [o]) => ema1d(c, params.period, o));
    return { values };
  },
});
