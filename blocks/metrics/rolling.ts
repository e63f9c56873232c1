/**
 * metrics.rolling_sharpe: Sharpe ratio over a trailing window (empyrical roll_sharpe_ratio,
 * but keeping the input index: null before the window is full).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { DEFAULT_PERIODS_PER_YEAR } from "../core/periods";
import { port } from "../core/ports";
import { series } from "../core/values";
import { sharpeRatio } from "./sharpe";

/**
 * out[t] = sharpeRatio(returns[t - window + 1 .. t]) for t >= window - 1, NaN before.
 * Missing returns inside a window are left out; a window with fewer than 2 values or
 * zero deviation is NaN.
 */
export function rollingSharpe(returns: Float64Array, window: number, riskFree = 0, periodsPerYear: number = DEFAULT_PERIODS_PER_YEAR, out = new Float64Array(returns.length)): Float64Array {
  out.fill(NaN);
  for (let t = window - 1; t < returns.length; t++) out[t] = sharpeRatio(returns, riskFree, periodsPerYear, t - window + 1, t + 1);
  return out;
}

export const rollingSharpeBlock = defineBlock({
  id: "metrics.rolling_sharpe",
  title: "Rolling Sharpe",
  description: "Annualized Sharpe ratio over a trailing window of returns; null until the window is full.",
  category: "metrics",
  params: z.object({
    window: z.number().int().min(2).default(126).describe("window length in periods (126 = about six months of days)"),
    periods_per_year: z.number().positive().default(DEFAULT_PERIODS_PER_YEAR).describe("periods per year used to annualize"),
    risk_free: z.number().default(0).describe("risk-free rate per period"),
  }),
  inputs: { returns: port.series("periodic simple returns") },
  outputs: { sharpe: { kind: "series", description: "rolling Sharpe ratio, null before the first full window" } },
  compute: (params, inputs) => ({
    sharpe: series(inputs.returns.index, rollingSharpe(inputs.returns.values, params.window, params.risk_free, params.periods_per_year)),
  }),
});
