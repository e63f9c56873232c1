/**
 * Sortino ratio and downside risk as empyrical defines them:
 * downside_risk = sqrt(mean(min(r - rf, 0)^2)) x sqrt(periodsPerYear) (NaN ignored, the mean
 * over every return, not only the negative ones);
 * sortino = mean(r - rf) x periodsPerYear / downside_risk.
 */
import { nanMean, ratio, subtract } from "./stats";

/** Annualized downside deviation below `required` (per period); NaN for an empty series. */
export function downsideRisk(returns: Float64Array, required = 0, periodsPerYear = 252): number {
  if (returns.length < 1) return NaN;
  let s = 0, n = 0;
  for (let i = 0; i < returns.length; i++) {
    const d = returns[i] - required;
    if (d !== d) continue;
    n++;
    if (d < 0) s += d * d;
  }
  return n === 0 ? NaN : Math.sqrt(s / n) * Math.sqrt(periodsPerYear);
}

/**
 * Annualized Sortino ratio. NaN (null) with fewer than 2 returns or no downside
 * (empyrical would give inf there; the contract says an undefined ratio is null).
 */
export function sortinoRatio(returns: Float64Array, required = 0, periodsPerYear = 252): number {
  if (returns.length < 2) return NaN;
  return ratio(nanMean(subtract(returns, required)) * periodsPerYear, downsideRisk(returns, required, periodsPerYear));
}
