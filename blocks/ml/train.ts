/**
 * ml.train: fit one model on every labelled usable row (no validation: use
 * ml.walk_forward to judge it) and return it as JSON with its in-sample metrics.
 * ml.predict: apply a saved model (from ml.train, ml.walk_forward or
 * ml.signal_strategy) to a feature panel: the probability of the positive class per
 * date, null where a feature the model needs is null; columns are matched by name.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { series, type Panel } from "../core/values";
import { buildDataset, reorderFeatures, subset } from "./dataset";
import { classMetrics } from "./metrics";
import { checkModel, checkTrainable, fitModel, modelJsonSchema, modelSpecSchema, predictModel, type Model } from "./models";
import { cvInputs } from "./walkForward";

export const trainParams = z.object({
  model: modelSpecSchema.default({ type: "logistic", C: 1, max_iter: 100, tol: 1e-10, standardize: true }).describe("model kind and hyper-parameters"),
  label_horizon: z.number().int().min(0).default(1).describe("without t1: rows from a label's date to its end (not used by the fit itself)"),
});

export const trainBlock = defineBlock({
  id: "ml.train",
  title: "ML train",
  description: "Fit a classifier (logistic, gradient-boosted trees, MLP) on every labelled row with all features defined; returns the model as JSON and its in-sample metrics.",
  category: "ml",
  params: trainParams,
  inputs: cvInputs,
  outputs: {
    model: { kind: "object", description: "the fitted model (JSON), for ml.predict" },
    in_sample: { kind: "object", description: "in-sample metrics (optimistic: not a validation)" },
  },
  compute: (params, inputs, ctx) => {
    const ds = buildDataset(inputs.features, inputs.labels, inputs.t1, params.label_horizon);
    const rows: number[] = [];
    for (let t = 0; t < ds.n; t++) if (ds.usable[t] && ds.y[t] === ds.y[t]) rows.push(t);
    const { d, y } = subset(ds, rows);
    checkTrainable(d.n, y, "ml.train");
    const model = fitModel(params.model, d, y, ds.names, ctx, { ctx, from: 0, to: 1 });
    const { confusion, ...m } = classMetrics(y, predictModel(model, d));
    return { model, in_sample: { ...m, confusion } };
  },
});

/** Probabilities of a model on a panel (NaN where a needed feature is NaN). */
export function predictPanel(model: Model, features: Panel): Float64Array {
  const f = reorderFeatures(features, model.features);
  const n = f.index.length, p = f.columns.length;
  const rows: number[] = [];
  for (let t = 0; t < n; t++) {
    let ok = true;
    for (let j = 0; j < p; j++) if (!Number.isFinite(f.values[t * p + j])) { ok = false; break; }
    if (ok) rows.push(t);
  }
  const X = new Float64Array(rows.length * p);
  rows.forEach((t, q) => X.set(f.values.subarray(t * p, (t + 1) * p), q * p));
  const pr = predictModel(model, { X, n: rows.length, p });
  const out = new Float64Array(n).fill(NaN);
  rows.forEach((t, q) => { out[t] = pr[q]; });
  return out;
}

export const predictBlock = defineBlock({
  id: "ml.predict",
  title: "ML predict",
  description: "Apply a saved model (JSON) to features: probability of the positive class per date, null where a needed feature is null.",
  category: "ml",
  params: z.object({}),
  inputs: {
    model: port.json(modelJsonSchema, "a model from ml.train, ml.walk_forward or ml.signal_strategy"),
    features: port.panel("features, dates x names; must contain the model's features"),
  },
  outputs: { probabilities: { kind: "series", description: "probability of the positive class by date" } },
  compute: (_params, inputs) => {
    const model = checkModel(inputs.model, ["inputs", "model"]);
    return { probabilities: series(inputs.features.index, predictPanel(model, inputs.features)) };
  },
});
