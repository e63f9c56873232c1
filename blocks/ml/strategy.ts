/**
 * ml.signal_strategy: from a classifier to a backtest on one instrument.
 * 1. ml.walk_forward's out-of-sample probabilities p_t (each from a model that never saw
 *    a label ending on or after its test fold: purged, embargoed).
 * 2. Signal at the close of t: `size` when p_t > `upper`; with `mode` long_short, -`size`
 *    when p_t < `lower`; otherwise 0 (also where there is no out-of-sample prediction).
 * 3. The signal is the target weight, filled at that close and earning from t+1, through
 *    runSignalBacktest (the engine of backtest.run), costs in bps of traded value.
 * The outputs add the walk-forward metrics and the model refitted on all labelled rows
 * (JSON), so the notebook keeps it and ml.predict can apply it later.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError, paramError } from "../core/errors";
import { port } from "../core/ports";
import { checkCloses, runSignalBacktest, signalOutputs, signalOutputSpecs } from "../backtest/strategies/signal";
import { crossValidate, cvInputs, cvOutputs, cvOutputSpecs, cvParamsShape } from "./walkForward";

// The walk-forward's validation outputs, less the per-date fold numbers this block does not return.
const { fold: _fold, ...validationOutputSpecs } = cvOutputSpecs;

export const signalStrategyParams = z.object({
  ...cvParamsShape,
  mode: z.enum(["long_flat", "long_short"]).default("long_flat").describe("long_flat: long or out; long_short: also short below `lower`"),
  upper: z.number().gt(0).lt(1).default(0.55).describe("go long when the probability is above this"),
  lower: z.number().gt(0).lt(1).default(0.45).describe("long_short: go short when the probability is below this"),
  size: z.number().gt(0).max(1).default(1).describe("target weight of a position (fraction of equity)"),
  commission_bps: z.number().min(0).default(0).describe("commission in bps of traded value"),
  slippage_bps: z.number().min(0).default(0).describe("slippage in bps of traded value"),
});

/** Signals from probabilities (see the module header). */
export function probabilitySignals(p: Float64Array, o: { mode: "long_flat" | "long_short"; upper: number; lower: number; size: number }): Float64Array {
  return Float64Array.from(p, (x) => (!(x === x) ? 0 : x > o.upper ? o.size : o.mode === "long_short" && x < o.lower ? -o.size : 0));
}

export const signalStrategyBlock = defineBlock({
  id: "ml.signal_strategy",
  title: "ML signal strategy",
  description: "Walk-forward out-of-sample probabilities to signals (threshold; long/flat or long/short) to a backtest on the close; returns the equity, trades, KPIs, the validation metrics and the trained model (JSON).",
  category: "ml",
  params: signalStrategyParams,
  inputs: { close: port.series("closing prices on the features' dates, no nulls, > 0"), ...cvInputs },
  outputs: {
    ...signalOutputSpecs,
    close: { kind: "series", description: "the close the strategy traded, for predictions over price" },
    ...validationOutputSpecs,
  },

  compute: (params, inputs, ctx) => {
    const { close, features } = inputs;
    if (close.index.length !== features.index.length || close.index.some((d, i) => d !== features.index[i])) {
      throw inputError(["inputs", "close", "index"], "close must have the same dates as features");
    }
    if (params.mode === "long_short" && params.lower > params.upper) throw paramError(["params", "lower"], `lower (${params.lower}) must not be above upper (${params.upper})`);
    checkCloses(close.values);
    const cv = crossValidate(features, inputs.labels, inputs.t1, params, ctx);
    const out = cvOutputs(cv, params);
    const signals = probabilitySignals(cv.proba, params);
    const bt = runSignalBacktest(close.values, signals, params);
    return {
      ...signalOutputs(close, signals, bt),
      predictions: out.predictions, metrics: out.metrics, confusion: out.confusion, roc: out.roc,
      importance: out.importance, folds: out.folds, calibration: out.calibration, model: out.model,
      close,
    };
  },
});
