/**
 * ta.wma: linearly weighted moving average as TA-Lib's TA_WMA (ta_func/ta_WMA.c): weights
 * 1..period with the newest value weighted `period`, divided by period (period + 1) / 2;
 * computed with TA-Lib's running sums so the digits match. First value at index period - 1.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Panel } from "../core/values";
import { columnwise, periodSchema, runIndicator, seriesOrPanelPort } from "./common";

/** WMA of `values`: NaN for the first period - 1 rows. */
export function wma1d(values: Float64Array, period: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length, lb = period - 1;
  for (let i = 0; i < Math.min(lb, n); i++) out[i] = NaN;
  if (n <= lb) return out;
  const divider = (period * (period + 1)) / 2;
  let periodSub = 0, periodSum = 0;
  for (let i = 0; i < lb; i++) {
    periodSub += values[i];
    periodSum += values[i] * (i + 1);
  }
  let trailingValue = 0;
  for (let i = lb, trailing = 0; i < n; i++) {
    const x = values[i];
    periodSub += x;
    periodSub -= trailingValue;
    periodSum += x * period;
    trailingValue = values[trailing++];
    out[i] = periodSum / divider;
    periodSum -= periodSub;
  }
  return out;
}

export function wmaPanel(p: Panel, period: number): Panel {
  return columnwise(p, (c, o) => wma1d(c, period, o));
}

export const wmaBlock = defineBlock({
  id: "ta.wma",
  title: "Weighted moving average",
  description: "TA-Lib WMA: weights 1..period, newest heaviest; null for the first period - 1 rows. Takes a Series (no nulls) or a Panel.",
  category: "indicators",
  params: z.object({ period: periodSchema("window length in rows (integer >= 2)").default(30) }),
  inputs: { series: seriesOrPanelPort("values: a Series with no nulls, or a Panel") },
  outputs: { values: { kind: "series", description: "WMA, same index" } },
  compute: (params, inputs) => {
    const [values] = runIndicator([{ name: "series", value: inputs.series }], 1, ([c], [o]) => wma1d(c, params.period, o));
    return { values };
  },
});
