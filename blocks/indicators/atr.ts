/**
 * ta.atr: Wilder's average true range as TA-Lib's TA_ATR (ta_func/ta_ATR.c, no unstable
 * period). True range TR[t] = max(high - low, |high - close[t-1]|, |low - close[t-1]|),
 * defined from t = 1; the first ATR, at index `period`, is the mean of TR[1..period];
 * then ATR[t] = (ATR[t-1] * (period - 1) + TR[t]) / period. Period 1 is the true range
 * itself (from index 1). Reference: J. W. Wilder, New Concepts in Technical Trading Systems (1978).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Panel } from "../core/values";
import { periodSchema, runIndicator, seriesOrPanelPort } from "./common";

/** True range of each row from t = 1 (NaN at 0), TA-Lib's TA_TRANGE. */
export function trueRange1d(high: Float64Array, low: Float64Array, close: Float64Array, out: Float64Array = new Float64Array(high.length)): Float64Array {
  const n = high.length;
  if (n > 0) out[0] = NaN;
  for (let t = 1; t < n; t++) {
    const h = high[t], l = low[t], c = close[t - 1];
    let g = h - l;
    const a = Math.abs(c - h);
    if (a > g) g = a;
    const b = Math.abs(c - l);
    if (b > g) g = b;
    out[t] = g;
  }
  return out;
}

/** ATR over `period` (>= 1): NaN before index `period`. */
export function atr1d(high: Float64Array, low: Float64Array, close: Float64Array, period: number, out: Float64Array = new Float64Array(high.length)): Float64Array {
  const n = high.length;
  trueRange1d(high, low, close, out);
  if (period <= 1) return out;
  if (n <= period) {
    out.fill(NaN);
    return out;
  }
  // TR is written into `out` first: out[t] still holds TR[t] when it is read.
  let sum = 0;
  for (let t = 1; t <= period; t++) sum += out[t];
  let prev = sum / period;
  for (let t = 1; t < period; t++) out[t] = NaN;
  out[period] = prev;
  const pm1 = period - 1;
  for (let t = period + 1; t < n; t++) {
    prev *= pm1;
    prev += out[t];
    prev /= period;
    out[t] = prev;
  }
  return out;
}

/** ATR of every column of high, low and close panels (same index and columns). */
export function atrPanel(high: Panel, low: Panel, close: Panel, period = 14): Panel {
  return runIndicator([{ name: "high", value: high }, { name: "low", value: low }, { name: "close", value: close }], 1, ([h, l, c], [o]) => atr1d(h, l, c, period, o))[0] as Panel;
}

export const atrParams = z.object({
  period: periodSchema("Wilder smoothing period in rows (integer >= 1; 1 is the true range)", 1).default(14),
});

export const atrBlock = defineBlock({
  id: "ta.atr",
  title: "Average true range",
  description: "Wilder ATR as TA-Lib computes it: first value at index `period` = mean of the true ranges 1..period, then Wilder smoothing; period 1 is the true range. Takes Series (no nulls) or Panels.",
  category: "indicators",
  params: atrParams,
  inputs: {
    high: seriesOrPanelPort("high prices"),
    low: seriesOrPanelPort("low prices"),
    close: seriesOrPanelPort("close prices"),
  },
  outputs: { values: { kind: "series", description: "ATR in price units, same index" } },
  compute: (params, inputs) => {
    const [values] = runIndicator([{ name: "high", value: inputs.high }, { name: "low", value: inputs.low }, { name: "close", value: inputs.close }], 1, ([hh, ll, cc], [o]) => atr1d(hh, ll, cc, params.period, o));
    return { values };
  },
});
