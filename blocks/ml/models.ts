/**
 * The ml.* model kinds behind one interface: a model spec (zod, plain data: the kind and
 * its hyper-parameters) is fitted into a model (plain JSON: features, scaler, weights or
 * trees) that ml.predict can apply later, in the studio or after export.
 * Kinds: logistic (logistic.ts), gbt (gbt.ts), mlp (mlp.ts). No LSTM: see DECISIONS.md.
 */
import { z } from "zod";
import type { BlockContext } from "../core/block";
import { inputError, paramError } from "../core/errors";
import { applyScaler, fitScaler, type Design, type Progress, type Scaler } from "./common";
import { fitGbt, predictGbt, type Tree } from "./gbt";
import { fitLogistic, predictLogistic } from "./logistic";
import { fitMlp, predictMlp, type Layer } from "./mlp";

export const modelSpecSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("logistic"),
    C: z.number().positive().nullable().default(1).describe("inverse L2 strength, scikit-learn's C; null = no penalty"),
    max_iter: z.number().int().min(1).max(1000).default(100).describe("Newton iterations"),
    tol: z.number().positive().default(1e-10).describe("stop when max |gradient| <= tol x rows"),
    standardize: z.boolean().default(true).describe("scale features by the training mean and std"),
  }),
  z.object({
    type: z.literal("gbt"),
    n_estimators: z.number().int().min(1).max(5000).default(100).describe("boosting stages (trees)"),
    learning_rate: z.number().positive().max(1).default(0.1).describe("shrinkage of each tree"),
    max_depth: z.number().int().min(1).max(8).default(3).describe("levels of splits per tree"),
    min_samples_leaf: z.number().int().min(1).default(5).describe("fewest training rows in a leaf"),
    subsample: z.number().gt(0).max(1).default(1).describe("fraction of rows drawn (seeded) for each tree"),
    seed: z.number().int().default(0).describe("seed of the subsampling"),
  }),
  z.object({
    type: z.literal("mlp"),
    hidden: z.array(z.number().int().min(1).max(512)).min(1).max(2).default([16]).describe("units of one or two hidden layers"),
    activation: z.enum(["relu", "tanh"]).default("relu"),
    alpha: z.number().min(0).default(1e-4).describe("L2 penalty (scikit-learn's alpha)"),
    learning_rate: z.number().positive().default(1e-3).describe("Adam step size"),
    epochs: z.number().int().min(1).max(10_000).default(100).describe("passes over the training rows"),
    batch_size: z.number().int().min(1).default(32),
    seed: z.number().int().default(0).describe("seed of the initial weights and the shuffling"),
    standardize: z.boolean().default(true).describe("scale features by the training mean and std"),
  }),
]);
export type ModelSpec = z.output<typeof modelSpecSchema>;

export type Model =
  | { type: "logistic"; features: string[]; scaler: Scaler | null; coef: number[]; intercept: number; iterations: number; converged: boolean }
  | { type: "gbt"; features: string[]; init: number; learning_rate: number; trees: Tree[] }
  | { type: "mlp"; features: string[]; scaler: Scaler | null; activation: "relu" | "tanh"; layers: Layer[] };

/** A saved model at the JSON edge: checked in depth by `checkModel`. */
export const modelJsonSchema = z.object({ type: z.enum(["logistic", "gbt", "mlp"]), features: z.array(z.string()).min(1) }).passthrough();

/** Fit a model on rows X with 0/1 targets y. */
export function fitModel(spec: ModelSpec, d: Design, y: Float64Array, features: string[], ctx?: BlockContext, pr?: Progress): Model {
  switch (spec.type) {
    case "logistic": {
      const scaler = spec.standardize ? fitScaler(d) : null;
      const f = fitLogistic(applyScaler(d, scaler), y, spec, ctx, pr);
      return { type: "logistic", features: features.slice(), scaler, ...f };
    }
    case "gbt": {
      const f = fitGbt(d, y, spec, ctx, pr);
      return { type: "gbt", features: features.slice(), init: f.init, learning_rate: spec.learning_rate, trees: f.trees };
    }
    case "mlp": {
      const scaler = spec.standardize ? fitScaler(d) : null;
      const layers = fitMlp(applyScaler(d, scaler), y, spec, ctx, pr);
      return { type: "mlp", features: features.slice(), scaler, activation: spec.activation, layers };
    }
  }
}

/** Probability of the positive class for each row (features in the model's order). */
export function predictModel(model: Model, d: Design): Float64Array {
  switch (model.type) {
    case "logistic": return predictLogistic(applyScaler(d, model.scaler), model.coef, model.intercept);
    case "gbt": return predictGbt(d, model.init, model.learning_rate, model.trees);
    case "mlp": return predictMlp(applyScaler(d, model.scaler), model.layers, model.activation);
  }
}

const finiteArr = (a: unknown, len?: number) => Array.isArray(a) && (len === undefined || a.length === len) && a.every((x) => typeof x === "number" && Number.isFinite(x));

/** Check a model read from JSON; the error names the first bad field. */
export function checkModel(raw: z.output<typeof modelJsonSchema>, path: (string | number)[]): Model {
  const m = raw as Record<string, unknown>;
  const p = raw.features.length;
  const bad = (field: string, msg: string) => inputError([...path, field], msg);
  const checkScaler = () => {
    const s = m.scaler as Scaler | null | undefined;
    if (s === null || s === undefined) return;
    if (!finiteArr(s.mean, p) || !finiteArr(s.scale, p)) throw bad("scaler", `scaler needs mean and scale arrays of ${p} finite numbers`);
  };
  if (raw.type === "logistic") {
    if (!finiteArr(m.coef, p)) throw bad("coef", `coef must be ${p} finite numbers (one per feature)`);
    if (typeof m.intercept !== "number") throw bad("intercept", "intercept must be a number");
    checkScaler();
  } else if (raw.type === "gbt") {
    if (typeof m.init !== "number" || typeof m.learning_rate !== "number") throw bad("init", "a gbt model needs numbers init and learning_rate");
    if (!Array.isArray(m.trees)) throw bad("trees", "trees must be a list");
    (m.trees as Tree[]).forEach((t, k) => {
      const len = t?.feature?.length;
      if (!len || !["threshold", "left", "right", "value"].every((f) => finiteArr((t as unknown as Record<string, unknown>)[f], len))) throw bad("trees", `tree ${k} needs arrays feature, threshold, left, right, value of one length`);
      for (let q = 0; q < len; q++) {
        if (t.feature[q] >= p || (t.feature[q] >= 0 && !(t.left[q] > q && t.right[q] > q && t.left[q] < len && t.right[q] < len))) throw bad("trees", `tree ${k}, node ${q}: bad feature or child index`);
      }
    });
  } else {
    if (m.activation !== "relu" && m.activation !== "tanh") throw bad("activation", "activation must be relu or tanh");
    const layers = m.layers as Layer[];
    if (!Array.isArray(layers) || !layers.length) throw bad("layers", "layers must be a non-empty list");
    let nin = p;
    layers.forEach((L, k) => {
      const nout = L?.b?.length;
      if (!nout || !finiteArr(L.b) || !Array.isArray(L.W) || L.W.length !== nin || !L.W.every((r) => finiteArr(r, nout))) throw bad("layers", `layer ${k} needs W of ${nin} rows x ${nout ?? "?"} columns and b`);
      nin = nout;
    });
    if (nin !== 1) throw bad("layers", "the last layer must have one output");
    checkScaler();
  }
  return raw as unknown as Model;
}

/** Refuse a spec that cannot be fitted on `n` rows. */
export function checkTrainable(n: number, y: Float64Array, where: string): void {
  if (n < 2) throw paramError(["params"], `${where}: ${n} usable training rows; need at least 2`);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i];
  if (pos === 0 || pos === n) throw inputError(["inputs", "labels"], `${where}: the training rows have only one class (${pos === 0 ? "no positive" : "no negative"} labels); widen the window or change the labels`);
}
