/**
 * ta.stoch: the slow stochastic oscillator as TA-Lib's TA_STOCH with its defaults
 * (ta_func/ta_STOCH.c): fast %K = (close - lowest low) / ((highest high - lowest low) / 100)
 * over `fastk_period` rows (0 when the range is 0), slow %K = SMA(fast %K, slowk_period),
 * slow %D = SMA(slow %K, slowd_period). Both outputs start at TA-Lib's lookback
 * (fastk - 1) + (slowk - 1) + (slowd - 1) and are null before.
 * Reference: G. Lane, "Lane's Stochastics", Technical Analysis of Stocks & Commodities (1984).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { periodSchema, runIndicator, seriesOrPanelPort } from "./common";
import { sma1d } from "./sma";

export interface Stoch { slowk: Float64Array; slowd: Float64Array }

/** Slow stochastic (TA-Lib STOCH with SMA smoothing). */
export function stoch1d(high: Float64Array, low: Float64Array, close: Float64Array, fastk = 5, slowk = 3, slowd = 3): Stoch {
  const n = close.length;
  const k = new Float64Array(n).fill(NaN), d = new Float64Array(n).fill(NaN);
  const lookback = fastk - 1 + slowk - 1 + slowd - 1;
  if (n <= lookback) return { slowk: k, slowd: d };
  const fast = new Float64Array(n - (fastk - 1));
  for (let t = fastk - 1; t < n; t++) {
    let hi = -Infinity, lo = Infinity;
    for (let s = t - fastk + 1; s <= t; s++) {
      if (high[s] > hi) hi = high[s];
      if (low[s] < lo) lo = low[s];
    }
    const diff = (hi - lo) / 100;
    fast[t - fastk + 1] = diff !== 0 ? (close[t] - lo) / diff : 0;
  }
  const sk = sma1d(fast, slowk).subarray(slowk - 1);
  const sd = sma1d(sk, slowd);
  for (let t = lookback; t < n; t++) {
    const a = t - (fastk - 1) - (slowk - 1);
    k[t] = sk[a];
    d[t] = sd[a];
  }
  return { slowk: k, slowd: d };
}

export const stochParams = z.object({
  fastk_period: periodSchema("fast %K window in rows", 1).default(5),
  slowk_period: periodSchema("SMA period of slow %K", 1).default(3),
  slowd_period: periodSchema("SMA period of slow %D", 1).default(3),
});

export const stochBlock = defineBlock({
  id: "ta.stoch",
  title: "Stochastic oscillator",
  description: "TA-Lib STOCH (defaults 5, 3 SMA, 3 SMA): slow %K and slow %D in [0, 100], null before index fastk + slowk + slowd - 3. Takes Series (no nulls) or Panels.",
  category: "indicators",
  params: stochParams,
  inputs: { high: seriesOrPanelPort("high prices"), low: seriesOrPanelPort("low prices"), close: seriesOrPanelPort("close prices") },
  outputs: {
    slowk: { kind: "series", description: "slow %K" },
    slowd: { kind: "series", description: "slow %D" },
  },
  compute: (params, inputs) => {
    const [slowk, slowd] = runIndicator(
      [{ name: "high", value: inputs.high }, { name: "low", value: inputs.low }, { name: "close", value: inputs.close }], 2,
      ([h, l, c], [ko, dout]) => {
        const r = stoch1d(h, l, c, params.fastk_period, params.slowk_period, params.slowd_period);
        ko.set(r.slowk); dout.set(r.slowd);
      });
    return { slowk, slowd };
  },
});
