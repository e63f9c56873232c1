/**
 * Growth and volatility of a returns series, as empyrical defines them
 * (empyrical/stats.py: cum_returns_final, annual_return, annual_volatility).
 *
 * Missing returns (NaN) count as 0 when compounding (empyrical's cum_returns), are left
 * out of means and deviations (nanmean, nanstd), and still count as periods in the
 * number of years of `cagr` (empyrical uses len(returns)).
 */
import { nanStd } from "./stats";

/** Compounded total return prod(1 + r) - 1 (NaN as 0); NaN for an empty series. */
export function totalReturn(returns: ArrayLike<number>): number {
  if (returns.length === 0) return NaN;
  let g = 1;
  for (let i = 0; i < returns.length; i++) { const r = returns[i]; if (r === r) g *= 1 + r; }
  return g - 1;
}

/**
 * Compound annual growth rate: ending_value ** (1 / years) - 1 with
 * ending_value = prod(1 + r) and years = len(returns) / periodsPerYear (empyrical
 * annual_return). NaN for an empty series or a negative ending value.
 */
export function cagr(returns: ArrayLike<number>, periodsPerYear = 252): number {
  if (returns.length === 0) return NaN;
  const years = returns.length / periodsPerYear;
  return Math.pow(totalReturn(returns) + 1, 1 / years) - 1;
}

/**
 * Annualized volatility: sample standard deviation (ddof 1, NaN ignored) times
 * sqrt(periodsPerYear) (empyrical annual_volatility). NaN with fewer than 2 returns.
 */
export function annualVolatility(returns: ArrayLike<number>, periodsPerYear = 252): number {
  if (returns.length < 2) return NaN;
  return nanStd(returns, 1) * Math.sqrt(periodsPerYear);
}
