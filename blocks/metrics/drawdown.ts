/**
 * metrics.drawdown: the drawdown series of a returns series, its maximum, and the
 * Calmar ratio (empyrical max_drawdown, calmar_ratio).
 *
 * Wealth starts at 1 before the first return (empyrical prepends the starting value),
 * so a first return of -5% is a -5% drawdown. Missing returns count as 0.
 * Drawdowns are negative fractions: -0.35 is a 35% fall from the running peak.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { series } from "../core/values";
import { cagr } from "./growth";

/** Drawdown at each date: wealth / running peak - 1 (peak including the start at 1). */
export function drawdownSeries(returns: ArrayLike<number>, out = new Float64Array(returns.length)): Float64Array {
  let w = 1, peak = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r === r) w *= 1 + r;
    if (w > peak) peak = w;
    out[i] = (w - peak) / peak;
  }
  return out;
}

/** The most negative drawdown (0 when wealth never falls); NaN for an empty series. */
export function maxDrawdown(returns: ArrayLike<number>): number {
  if (returns.length === 0) return NaN;
  let w = 1, peak = 1, worst = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r === r) w *= 1 + r;
    if (w > peak) peak = w;
    const dd = (w - peak) / peak;
    if (dd < worst) worst = dd;
  }
  return worst;
}

/** Calmar ratio: cagr / |max drawdown|; NaN (null) when there is no drawdown or the ratio is infinite. */
export function calmarRatio(returns: ArrayLike<number>, periodsPerYear = 252): number {
  const mdd = maxDrawdown(returns);
  if (!(mdd < 0)) return NaN;
  const c = cagr(returns, periodsPerYear) / Math.abs(mdd);
  return Number.isFinite(c) ? c : NaN;
}

export const drawdownBlock = defineBlock({
  id: "metrics.drawdown",
  title: "Drawdown",
  description: "Drawdown series (wealth over its running peak, minus 1; negative fractions) and the maximum drawdown of a returns series, as empyrical computes them.",
  category: "metrics",
  params: z.object({}),
  inputs: { returns: port.series("periodic simple returns") },
  outputs: {
    drawdown: { kind: "series", description: "drawdown at each date, <= 0" },
    max_drawdown: { kind: "number", description: "most negative drawdown (0 when none; null for no returns)" },
  },
  compute: (_params, inputs) => {
    const r = inputs.returns.values;
    return { drawdown: series(inputs.returns.index, drawdownSeries(r)), max_drawdown: maxDrawdown(r) };
  },
});
