/**
 * ta.rsi: Wilder's relative strength index, as TA-Lib's TA_RSI (ta_func/ta_RSI.c,
 * default compatibility, no unstable period): average gain and loss seeded with the
 * plain mean of the first `period` changes, then smoothed avg = (avg * (period-1) + x) / period;
 * RSI = 100 * gain / (gain + loss), 0 when gain + loss is zero (|.| < 1e-8).
 * References: J. W. Wilder, New Concepts in Technical Trading Systems (1978).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Panel } from "../core/values";
import { columnwise, periodSchema, primeKernel, runIndicator, seriesOrPanelPort, TA_EPSILON } from "./common";

/** Half the largest double: below it, |d| + |d| is exact. */
const HALF_MAX = Number.MAX_VALUE / 2;

/**
 * RSI of `values` over `period` (>= 2): NaN for the first `period` rows (the first value
 * needs `period` changes), defined from index `period` on, in [0, 100].
 * Hot loop (issue 8): NaN is written over the warm-up only, the gain/loss split is
 * branch-free, and the smoothing is TA-Lib's operations in TA-Lib's order, so the digits
 * are TA-Lib's.
 */
export function rsi1d(values: Float64Array, period: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  const eps = TA_EPSILON, halfMax = HALF_MAX;
  const warm = period < n ? period : n;
  for (let i = 0; i < warm; i++) out[i] = NaN;
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
  out[period] = s > -eps && s < eps ? 0 : 100 * (gain / s);
  const pm1 = period - 1;
  for (let i = period + 1; i < n; i++) {
    const x = values[i];
    const d = x - prevValue;
    prevValue = x;
    const a = Math.abs(d);
    if (a <= halfMax) {
      // Branch-free (a change's sign is a coin toss, a branch on it mispredicts half the
      // time) and exact: (|d| - d) / 2 is -d for d < 0 and +0 otherwise, (|d| + d) / 2 is d
      // or +0 (doubling then halving loses nothing below HALF_MAX), and adding +0 to the
      // non-negative product changes nothing: TA-Lib's "multiply by period - 1, add today's
      // gain or loss, divide by period", bit for bit.
      loss = (loss * pm1 + (a - d) * 0.5) / period;
      gain = (gain * pm1 + (a + d) * 0.5) / period;
    } else {
      // NaN or a change beyond half the largest double: TA-Lib's branches as they are.
      loss *= pm1;
      gain *= pm1;
      if (d < 0) loss -= d; else gain += d;
      loss /= period;
      gain /= period;
    }
    s = gain + loss;
    out[i] = s > -eps && s < eps ? 0 : 100 * (gain / s);
  }
  return out;
}

primeKernel((x) => { rsi1d(x, 14); rsi1d(x, 5, new Float64Array(x.length)); });

/** RSI of every column of a panel; a column's leading nulls are skipped. */
export function rsiPanel(p: Panel, period = 14): Panel {
  return columnwise(p, (c, o) => rsi1d(c, period, o));
}

export const rsiParams = z.object({
  period: periodSchema("Wilder smoothing period in rows (integer >= 2)").default(14),
});

export const rsiBlock = defineBlock({
  id: "ta.rsi",
  title: "Relative strength index",
  description: "Wilder RSI as TA-Lib computes it, in [0, 100]; null for the first `period` rows. Takes a Series (no nulls) or a Panel.",
  category: "indicators",
  params: rsiParams,
  inputs: { series: seriesOrPanelPort("prices: a Series with no nulls, or a Panel") },
  outputs: { values: { kind: "series", description: "RSI in [0, 100], same index" } },
  compute: (params, inputs) => {
    const [values] = runIndicator([{ name: "series", value: inputs.series }], 1, ([c], [o]) => rsi1d(c, params.period, o));
    return { values };
  },
});
