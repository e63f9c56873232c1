/**
 * ta.sma: simple moving average, as TA-Lib's TA_SMA computes it (ta_func/ta_SMA.c):
 * a running sum, the first value at index period - 1.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Panel } from "../core/values";
import { columnwise, periodSchema, runIndicator, seriesOrPanelPort } from "./common";

/**
 * SMA of `values` over `period` rows. out[i] = mean(values[i-period+1..i]) for
 * i >= period - 1, NaN before (and everywhere when the series is shorter than `period`).
 * The sum runs as TA-Lib's does (add the new value, divide, then drop the oldest), so
 * the digits match TA-Lib's. NaN in the input propagates.
 */
export function sma1d(values: Float64Array, period: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
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

/** SMA of every column of a panel; a column's leading nulls are skipped. */
export function smaPanel(p: Panel, period: number): Panel {
  return columnwise(p, (c, o) => sma1d(c, period, o));
}

export const smaParams = z.object({
  period: periodSchema("window length in rows (integer >= 2; no default)"),
});

export const smaBlock = defineBlock({
  id: "ta.sma",
  title: "Simple moving average",
  description: "Mean of the last `period` values (TA-Lib SMA); null for the first period - 1 rows. Takes a Series (no nulls) or a Panel (column by column).",
  category: "indicators",
  params: smaParams,
  inputs: { series: seriesOrPanelPort("values to average: a Series with no nulls, or a Panel") },
  outputs: { values: { kind: "series", description: "SMA, same index; a Panel when the input is a Panel" } },
  compute: (params, inputs) => {
    const [values] = runIndicator([{ name: "series", value: inputs.series }], 1, ([c], [o]) => sma1d(c, params.period, o));
    return { values };
  },
});
