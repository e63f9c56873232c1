/**
 * risk.rolling_var: VaR and ES over a trailing window, one value per date.
 *
 * The value dated t uses the `window` returns ending at t inclusive (data known at the
 * close of t): it is the forecast for the return of t+1, which is how risk.var_backtest
 * compares them. Methods: historical (numpy linear quantile, ES the mean at or below it)
 * or parametric (normal, sample mean and sd). Dates before the first full window, and
 * windows with a missing return, are null. Input: a Series, or a Panel with weights.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { series, type Series } from "../core/values";
import { returnSeries, seriesOrPanelPort } from "./portfolio";
import { mean, stdDev } from "./stats";
import { historicalVar, parametricVar } from "./var";

/** Rolling VaR and ES of x over `window` values (NaN until the first full window). */
export function rollingVar1d(x: Float64Array, window: number, c: number, method: "historical" | "parametric", outVar = new Float64Array(x.length), outEs = new Float64Array(x.length)): { var: Float64Array; es: Float64Array } {
  outVar.fill(NaN); outEs.fill(NaN);
  let lastNaN = -1;
  for (let t = 0; t < x.length; t++) {
    if (!Number.isFinite(x[t])) lastNaN = t;
    if (t < window - 1 || lastNaN > t - window) continue;
    const w = x.subarray(t - window + 1, t + 1);
    const r = method === "historical" ? historicalVar(w, c) : parametricVar(mean(w), stdDev(w, 1), c);
    outVar[t] = r.var; outEs[t] = r.es;
  }
  return { var: outVar, es: outEs };
}

export const rollingVarParams = z.object({
  window: z.number().int().min(2).default(252).describe("trailing window in periods (the value at t uses returns t-window+1..t)"),
  confidence: z.number().gt(0).lt(1).default(0.95).describe("confidence level in (0, 1)"),
  method: z.enum(["historical", "parametric"]).default("historical").describe("historical | parametric"),
});

export const rollingVarBlock = defineBlock({
  id: "risk.rolling_var",
  title: "Rolling value at risk",
  description: "VaR and ES over a trailing window, one value per date (null before the first full window): the value at t forecasts the loss of t+1.",
  category: "risk",
  params: rollingVarParams,
  inputs: {
    returns: seriesOrPanelPort("returns: a Series, or a Panel with weights"),
    weights: port.optional(port.weights("portfolio weights, with a returns Panel")),
  },
  outputs: {
    var: { kind: "series", description: "rolling VaR (positive losses), same index as the returns" },
    es: { kind: "series", description: "rolling ES (positive losses)" },
  },
  compute(params, inputs) {
    const s: Series = returnSeries(inputs.returns, inputs.weights);
    if (s.values.length < params.window) throw inputError(["inputs", "returns"], `${s.values.length} returns are fewer than one window of ${params.window}`);
    const r = rollingVar1d(s.values, params.window, params.confidence, params.method);
    return { var: series(s.index, r.var, "var"), es: series(s.index, r.es, "es") };
  },
});
