/**
 * Sharpe ratio as empyrical's sharpe_ratio: mean(r - rf) / std(r - rf, ddof 1) x sqrt(periodsPerYear),
 * NaN returns ignored, `riskFree` a per-period rate.
 */
import { nanMean, nanStd, ratio, subtract } from "./stats";

/**
 * Annualized Sharpe ratio of `returns` over `[from, to)` (default: all).
 * NaN (null in JSON) with fewer than 2 returns or a zero standard deviation.
 */
export function sharpeRatio(returns: Float64Array, riskFree = 0, periodsPerYear = 252, from = 0, to = returns.length): number {
  if (to - from < 2) return NaN;
  const adj = subtract(returns.subarray(from, to), riskFree);
  return ratio(nanMean(adj), nanStd(adj, 1)) * Math.sqrt(periodsPerYear);
}
