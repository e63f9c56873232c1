/**
 * ta.rolling_volatility and ta.rolling_zscore: rolling sample statistics over the last
 * `period` values, as pandas' rolling(period).std() (ddof 1) and
 * (x - rolling(period).mean()) / rolling(period).std(). One pass with a rolling Welford
 * update (add the new value, drop the oldest), stable for long series.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Panel } from "../core/values";
import { columnwise, periodSchema, runIndicator, seriesOrPanelPort } from "./common";

/**
 * Rolling mean and sample std of the last `period` values (NaN for the first period - 1
 * rows). `mean` and `std` are written in place.
 */
export function rollingMeanStd1d(x: Float64Array, period: number, mean: Float64Array, std: Float64Array): void {
  const n = x.length;
  mean.fill(NaN, 0, Math.min(period - 1, n)); std.fill(NaN, 0, Math.min(period - 1, n));
  if (n < period) return;
  let mu = 0, m2 = 0;
  for (let i = 0; i < period; i++) {
    const d = x[i] - mu;
    mu += d / (i + 1);
    m2 += d * (x[i] - mu);
  }
  mean[period - 1] = mu;
  std[period - 1] = Math.sqrt(Math.max(m2, 0) / (period - 1));
  for (let i = period; i < n; i++) {
    const xin = x[i], xout = x[i - period];
    const old = mu;
    mu += (xin - xout) / period;
    m2 += (xin - xout) * (xin - mu + xout - old);
    if (m2 < 0) m2 = 0;
    mean[i] = mu;
    std[i] = Math.sqrt(m2 / (period - 1));
  }
}

/** Rolling sample std, times sqrt(periodsPerYear) when given. */
export function rollingVolatility1d(x: Float64Array, period: number, periodsPerYear: number | null = null, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const mean = new Float64Array(x.length);
  rollingMeanStd1d(x, period, mean, out);
  if (periodsPerYear) { const s = Math.sqrt(periodsPerYear); for (let i = 0; i < out.length; i++) out[i] *= s; }
  return out;
}

/** (x - rolling mean) / rolling sample std over the last `period` values; NaN when the std is 0. */
export function rollingZscore1d(x: Float64Array, period: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const mean = new Float64Array(x.length), std = new Float64Array(x.length);
  rollingMeanStd1d(x, period, mean, std);
  for (let i = 0; i < x.length; i++) out[i] = std[i] > 0 ? (x[i] - mean[i]) / std[i] : NaN;
  return out;
}

export function rollingVolatilityPanel(p: Panel, period: number, periodsPerYear: number | null = null): Panel {
  return columnwise(p, (c, o) => rollingVolatility1d(c, period, periodsPerYear, o));
}

export function rollingZscorePanel(p: Panel, period: number): Panel {
  return columnwise(p, (c, o) => rollingZscore1d(c, period, o));
}

export const rollingVolatilityBlock = defineBlock({
  id: "ta.rolling_volatility",
  title: "Rolling volatility",
  description: "Sample standard deviation (ddof 1) of the last `period` values, e.g. of returns; times sqrt(periods_per_year) when given. Null for the first period - 1 rows.",
  category: "indicators",
  params: z.object({
    period: periodSchema("window length in rows (integer >= 2)").default(21),
    periods_per_year: z.number().positive().nullable().default(null).describe("annualize by sqrt(periods_per_year) (252 for daily data); null = per period"),
  }),
  inputs: { series: seriesOrPanelPort("values, usually returns: a Series with no nulls, or a Panel") },
  outputs: { values: { kind: "series", description: "rolling volatility, same index" } },
  compute: (params, inputs) => {
    const [values] = runIndicator([{ name: "series", value: inputs.series }], 1, ([c], [o]) => rollingVolatility1d(c, params.period, params.periods_per_year, o));
    return { values };
  },
});

export const rollingZscoreBlock = defineBlock({
  id: "ta.rolling_zscore",
  title: "Rolling z-score",
  description: "(x - mean) / sample std of the last `period` values including the current one; null for the first period - 1 rows and where the window is constant.",
  category: "indicators",
  params: z.object({ period: periodSchema("window length in rows (integer >= 2)").default(20) }),
  inputs: { series: seriesOrPanelPort("values: a Series with no nulls, or a Panel") },
  outputs: { values: { kind: "series", description: "rolling z-score, same index" } },
  compute: (params, inputs) => {
    const [values] = runIndicator([{ name: "series", value: inputs.series }], 1, ([c], [o]) => rollingZscore1d(c, params.period, o));
    return { values };
  },
});
