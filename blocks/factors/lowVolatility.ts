/**
 * factor.low_volatility: the low-volatility anomaly (Ang, Hodrick, Xing & Zhang 2006;
 * Baker, Bradley & Wurgler 2011): score[t] = -(sample std, ddof 1, of the `window` simple
 * returns ending at t), returns r[t] = price[t]/price[t-1] - 1. Null for the first `window`
 * rows and whenever a return in the window is null (as pandas rolling(window).std()).
 * Not annualized unless `periods_per_year` is given (std x sqrt(periods_per_year)).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";
import { checkPositivePrices } from "./momentum";

/** Rolling sample std of one column of returns (NaN where the window has a NaN), two-pass per window. */
export function rollingStd1d(x: Float64Array, window: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  out.fill(NaN);
  let bad = 0; // NaNs in the current window
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(x[t])) bad++;
    if (t >= window && Number.isNaN(x[t - window])) bad--;
    if (t < window - 1 || bad > 0) continue;
    let mean = 0;
    for (let k = t - window + 1; k <= t; k++) mean += x[k];
    mean /= window;
    let ss = 0;
    for (let k = t - window + 1; k <= t; k++) ss += (x[k] - mean) ** 2;
    out[t] = Math.sqrt(ss / (window - 1));
  }
  return out;
}

export function lowVolatilityPanel(prices: Panel, window = 63, periodsPerYear?: number | null): Panel {
  checkPositivePrices(prices);
  const n = prices.index.length, m = prices.columns.length;
  const out = new Float64Array(n * m).fill(NaN);
  const r = new Float64Array(n), s = new Float64Array(n);
  const scale = periodsPerYear ? Math.sqrt(periodsPerYear) : 1;
  for (let j = 0; j < m; j++) {
    r[0] = NaN;
    for (let t = 1; t < n; t++) r[t] = prices.values[t * m + j] / prices.values[(t - 1) * m + j] - 1;
    rollingStd1d(r, window, s);
    for (let t = 0; t < n; t++) out[t * m + j] = -s[t] * scale;
  }
  return panel(prices.index, prices.columns.slice(), out);
}

export const lowVolatilityParams = z.object({
  window: z.number().int().min(2).default(63).describe("number of daily returns in the volatility window (63 = one quarter)"),
  periods_per_year: z.number().positive().nullable().default(null).describe("annualize the volatility by sqrt(periods_per_year); null = per period"),
});

export const lowVolatilityBlock = defineBlock({
  id: "factor.low_volatility",
  title: "Low volatility",
  description: "Minus the rolling sample standard deviation of simple returns over `window` rows: calm assets score high. Null for the first `window` rows or when a return in the window is null.",
  category: "factors",
  params: lowVolatilityParams,
  inputs: { prices: port.panel("prices, dates x assets") },
  outputs: { scores: { kind: "panel", description: "-(volatility), same index and columns as prices" } },
  compute: (params, inputs) => ({ scores: lowVolatilityPanel(inputs.prices, params.window, params.periods_per_year) }),
});
