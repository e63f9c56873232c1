/**
 * metrics.performance: the KPI set of a returns series with empyrical's definitions
 * (quantopian/empyrical stats.py). Defaults: periods_per_year 252, risk_free 0 per period.
 *
 * - total_return = prod(1 + r) - 1; cagr = (1 + total_return) ** (periods_per_year / n) - 1
 * - volatility = std(r, ddof 1) x sqrt(periods_per_year)
 * - sharpe = mean(r - rf) / std(r - rf, ddof 1) x sqrt(periods_per_year)
 * - sortino = mean(r - rf) x periods_per_year / (sqrt(mean(min(r - rf, 0)^2)) x sqrt(periods_per_year))
 * - max_drawdown (negative), calmar = cagr / |max_drawdown|
 * - win_rate = #(r > 0) / #r; profit_factor = sum of gains / |sum of losses|
 * - best, worst, avg_win (mean of r > 0), avg_loss (mean of r < 0, negative), num_periods (#r)
 * Missing returns are left out (and count as 0 when compounding, as in empyrical). An
 * undefined value (no downside, no drawdown, no losses, too few returns, any 0/0) is NaN, null in JSON.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { DEFAULT_PERIODS_PER_YEAR } from "../core/periods";
import { port } from "../core/ports";
import { calmarRatio, maxDrawdown } from "./drawdown";
import { annualVolatility, cagr, totalReturn } from "./growth";
import { sharpeRatio } from "./sharpe";
import { sortinoRatio } from "./sortino";
import { ratio } from "./stats";

export interface PerformanceKpis {
  total_return: number; cagr: number; volatility: number; sharpe: number; sortino: number;
  max_drawdown: number; calmar: number; win_rate: number; profit_factor: number;
  best: number; worst: number; avg_win: number; avg_loss: number; num_periods: number;
}

export const KPI_NAMES: (keyof PerformanceKpis)[] = [
  "total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "calmar",
  "win_rate", "profit_factor", "best", "worst", "avg_win", "avg_loss", "num_periods",
];

/** Every KPI of `returns` (see the module header). */
export function performance(returns: Float64Array, periodsPerYear: number = DEFAULT_PERIODS_PER_YEAR, riskFree = 0): PerformanceKpis {
  let n = 0, wins = 0, losses = 0, gains = 0, lossSum = 0, best = -Infinity, worst = Infinity;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r !== r) continue;
    n++;
    if (r > 0) { wins++; gains += r; } else if (r < 0) { losses++; lossSum += r; }
    if (r > best) best = r;
    if (r < worst) worst = r;
  }
  return {
    total_return: totalReturn(returns),
    cagr: cagr(returns, periodsPerYear),
    volatility: annualVolatility(returns, periodsPerYear),
    sharpe: sharpeRatio(returns, riskFree, periodsPerYear),
    sortino: sortinoRatio(returns, riskFree, periodsPerYear),
    max_drawdown: maxDrawdown(returns),
    calmar: calmarRatio(returns, periodsPerYear),
    win_rate: n === 0 ? NaN : wins / n,
    profit_factor: losses === 0 ? NaN : ratio(gains, Math.abs(lossSum)),
    best: n === 0 ? NaN : best,
    worst: n === 0 ? NaN : worst,
    avg_win: wins === 0 ? NaN : gains / wins,
    avg_loss: losses === 0 ? NaN : lossSum / losses,
    num_periods: n,
  };
}

export const performanceParams = z.object({
  periods_per_year: z.number().positive().default(DEFAULT_PERIODS_PER_YEAR).describe("periods per year used to annualize (252 daily, 52 weekly, 12 monthly)"),
  risk_free: z.number().default(0).describe("risk-free rate per period, subtracted from every return for sharpe and sortino"),
});

const kpiOutputs = Object.fromEntries(KPI_NAMES.map((k) => [k, { kind: "number" as const, description: k.replace(/_/g, " ") }]));

export const performanceBlock = defineBlock({
  id: "metrics.performance",
  title: "Performance",
  description: "Total return, CAGR, annualized volatility, Sharpe, Sortino, max drawdown, Calmar, win rate, profit factor, best and worst period of a returns series (empyrical's definitions); undefined ratios are null.",
  category: "metrics",
  params: performanceParams,
  inputs: { returns: port.series("periodic simple returns") },
  outputs: kpiOutputs,
  compute: (params, inputs) => ({ ...performance(inputs.returns.values, params.periods_per_year, params.risk_free) }),
});
