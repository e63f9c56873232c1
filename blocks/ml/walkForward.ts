/**
 * ml.walk_forward: out-of-sample validation of a classifier without leakage
 * (López de Prado, Advances in Financial Machine Learning, ch. 7: purging and embargo).
 *
 * Usable rows (every feature defined, see dataset.ts) are cut into folds of consecutive rows:
 * - scheme `walk_forward`: the first `min_train` usable rows (default half of them) only
 *   train; the rest is cut into `n_splits` test folds; fold k trains on the usable labelled
 *   rows before its first test row (all of them, or the last `train_window`).
 * - scheme `purged_kfold`: the usable rows are cut into `n_splits` folds; fold k trains on
 *   the labelled rows of every other fold, before and after it.
 * Purging: a training sample whose label window [t, t1] overlaps the test span
 * [first test date, last t1 of the test fold's labels] is dropped. Embargo: the `embargo`
 * rows right after the test fold's last row are dropped from training (they matter for
 * purged_kfold; in walk_forward nothing after a test fold trains it anyway).
 * Each fold's model predicts the probability of every usable row of its test fold
 * (labelled or not); metrics use the labelled ones. Overall metrics, the ROC curve, the
 * calibration table and the confusion matrix pool every fold's out-of-sample predictions.
 * Permutation importance (Breiman 2001; scikit-learn permutation_inspection): for each
 * feature, its values are shuffled (seeded) within each test fold, the fold models predict
 * again, and the importance is the pooled score before minus after, mean and std over
 * `importance_repeats`. The output `model` is refitted on every labelled usable row, for
 * ml.predict on new data.
 */
import { z } from "zod";
import { defineBlock, type BlockContext } from "../core/block";
import { BlockError, inputError } from "../core/errors";
import { port } from "../core/ports";
import { series, type Panel, type Series } from "../core/values";
import { checkAbort, report, rng } from "./common";
import { buildDataset, subset, type Dataset } from "./dataset";
import { t1Schema, type T1Json } from "./labels";
import { calibration, classMetrics, rocCurve, score, type ClassMetrics } from "./metrics";
import { checkTrainable, fitModel, modelSpecSchema, predictModel, type Model, type ModelSpec } from "./models";

export const cvParamsShape = {
  model: modelSpecSchema.default({ type: "logistic", C: 1, max_iter: 100, tol: 1e-10, standardize: true }).describe("model kind and hyper-parameters: {type: logistic | gbt | mlp, ...}"),
  scheme: z.enum(["walk_forward", "purged_kfold"]).default("walk_forward").describe("walk_forward trains on the past only; purged_kfold on both sides"),
  n_splits: z.number().int().min(2).max(100).default(5).describe("number of test folds"),
  min_train: z.number().int().min(2).nullable().default(null).describe("walk_forward: usable rows that only train before the first test fold (null = half)"),
  train_window: z.number().int().min(2).nullable().default(null).describe("walk_forward: train on the last this many rows before the fold (null = all: expanding)"),
  purge: z.boolean().default(true).describe("drop training samples whose label window overlaps the test span"),
  embargo: z.number().int().min(0).default(0).describe("rows after each test fold excluded from training"),
  label_horizon: z.number().int().min(0).default(1).describe("without t1: rows from a label's date to its end"),
  threshold: z.number().gt(0).lt(1).default(0.5).describe("probability above which the predicted class is 1 (confusion, accuracy, precision, recall, F1)"),
  calibration_bins: z.number().int().min(2).max(100).default(10),
  importance_repeats: z.number().int().min(0).max(100).default(3).describe("permutations per feature (0 = no importance)"),
  importance_scoring: z.enum(["roc_auc", "accuracy", "log_loss"]).default("roc_auc").describe("score whose drop measures importance"),
  seed: z.number().int().default(0).describe("seed of the permutations"),
  final_model: z.boolean().default(true).describe("refit on all labelled rows and return that model"),
};
export const walkForwardParams = z.object(cvParamsShape);
export type CvParams = z.output<typeof walkForwardParams>;

export interface FoldInfo {
  fold: number; train_start: number; train_end: number; test_start: number; test_end: number;
  n_train: number; n_purged: number; n_embargoed: number; n_test: number; n_test_labelled: number;
  metrics: ClassMetrics | null;
}

export interface CvResult {
  ds: Dataset;
  /** Out-of-sample probability per row (NaN outside the test folds). */
  proba: Float64Array;
  /** Fold of each row (-1 outside the test folds). */
  foldOf: Int32Array;
  folds: FoldInfo[];
  models: Model[];
  tests: number[][];
  overall: ClassMetrics | null;
  importance: { feature: string; importance: number; std: number }[];
  finalModel: Model | null;
}

interface FoldPlan { test: number[]; train: number[]; purged: number; embargoed: number }

/** Train and test rows of each fold (see the module header). */
export function planFolds(ds: Dataset, o: Pick<CvParams, "scheme" | "n_splits" | "min_train" | "train_window" | "purge" | "embargo">): FoldPlan[] {
  const V: number[] = [];
  for (let t = 0; t < ds.n; t++) if (ds.usable[t]) V.push(t);
  const U = V.length;
  const first = o.scheme === "walk_forward" ? (o.min_train ?? Math.ceil(U / 2)) : 0;
  const rest = U - first;
  if (rest < o.n_splits) throw inputError(["inputs", "features"], `${U} usable rows (every feature defined)${o.scheme === "walk_forward" ? `, ${first} of them for the first training window,` : ""} leave ${rest} rows for ${o.n_splits} test folds; give more data or fewer splits`);
  const plans: FoldPlan[] = [];
  for (let k = 0; k < o.n_splits; k++) {
    const a = first + Math.floor((k * rest) / o.n_splits), b = first + Math.floor(((k + 1) * rest) / o.n_splits);
    const test = V.slice(a, b);
    const r0 = test[0], r1 = test[test.length - 1];
    const spanStart = ds.dates[r0];
    let spanEnd = ds.dates[r1];
    for (const t of test) if (ds.t1[t] === ds.t1[t] && ds.t1[t] > spanEnd) spanEnd = ds.t1[t];
    let cands: number[] = o.scheme === "walk_forward" ? V.slice(0, a) : V.filter((t) => t < r0 || t > r1);
    if (o.scheme === "walk_forward" && o.train_window !== null) cands = cands.slice(Math.max(0, cands.length - o.train_window));
    const train: number[] = [];
    let purged = 0, embargoed = 0;
    for (const t of cands) {
      if (!(ds.y[t] === ds.y[t])) continue;
      if (t > r1 && t <= r1 + o.embargo) { embargoed++; continue; }
      if (o.purge && ds.dates[t] <= spanEnd && ds.t1[t] >= spanStart) { purged++; continue; }
      train.push(t);
    }
    plans.push({ test, train, purged, embargoed });
  }
  return plans;
}

function labelledOf(ds: Dataset, rows: number[], proba: Float64Array): { y: number[]; p: number[] } {
  const y: number[] = [], p: number[] = [];
  for (const t of rows) if (ds.y[t] === ds.y[t]) { y.push(ds.y[t]); p.push(proba[t]); }
  return { y, p };
}

function metricsOrNull(y: number[], p: number[], threshold: number): ClassMetrics | null {
  return y.length ? classMetrics(y, p, threshold) : null;
}

export function crossValidate(features: Panel, labels: Series | undefined, t1: T1Json | undefined, o: CvParams, ctx: BlockContext = {}): CvResult {
  const ds = buildDataset(features, labels, t1, o.label_horizon);
  const plans = planFolds(ds, o);
  const proba = new Float64Array(ds.n).fill(NaN);
  const foldOf = new Int32Array(ds.n).fill(-1);
  const models: Model[] = [];
  const folds: FoldInfo[] = [];
  const spec: ModelSpec = o.model;
  const K = plans.length;
  plans.forEach((pl, k) => {
    checkAbort(ctx, "ml.walk_forward");
    const { d, y } = subset(ds, pl.train);
    checkTrainable(d.n, y, `fold ${k + 1}`);
    const model = fitModel(spec, d, y, ds.names, ctx, { ctx, from: (0.8 * k) / K, to: (0.8 * (k + 1)) / K });
    models.push(model);
    const test = subset(ds, pl.test);
    const p = predictModel(model, test.d);
    pl.test.forEach((t, q) => { proba[t] = p[q]; foldOf[t] = k; });
    const lab = labelledOf(ds, pl.test, proba);
    folds.push({
      fold: k + 1,
      train_start: pl.train.length ? ds.dates[pl.train[0]] : NaN, train_end: pl.train.length ? ds.dates[pl.train[pl.train.length - 1]] : NaN,
      test_start: ds.dates[pl.test[0]], test_end: ds.dates[pl.test[pl.test.length - 1]],
      n_train: pl.train.length, n_purged: pl.purged, n_embargoed: pl.embargoed, n_test: pl.test.length, n_test_labelled: lab.y.length,
      metrics: metricsOrNull(lab.y, lab.p, o.threshold),
    });
  });
  const tests = plans.map((pl) => pl.test);
  const allTest = tests.flat();
  const pooled = labelledOf(ds, allTest, proba);
  const overall = metricsOrNull(pooled.y, pooled.p, o.threshold);

  const importance: CvResult["importance"] = [];
  if (o.importance_repeats > 0 && pooled.y.length) {
    const base = score(o.importance_scoring, pooled.y, pooled.p);
    const rand = rng(o.seed);
    const tmp = new Float64Array(ds.n);
    for (let j = 0; j < ds.p; j++) {
      checkAbort(ctx, "ml.walk_forward (importance)");
      report({ ctx, from: 0.8, to: 0.9 }, j / ds.p);
      const drops: number[] = [];
      for (let r = 0; r < o.importance_repeats; r++) {
        tmp.fill(NaN);
        tests.forEach((rows, k) => {
          const { d } = subset(ds, rows);
          const perm = Int32Array.from(rows.keys());
          for (let i = perm.length - 1; i > 0; i--) { const q = Math.floor(rand() * (i + 1)); const x = perm[i]; perm[i] = perm[q]; perm[q] = x; }
          const col = Float64Array.from(perm, (q) => d.X[q * ds.p + j]);
          for (let q = 0; q < rows.length; q++) d.X[q * ds.p + j] = col[q];
          const p = predictModel(models[k], d);
          rows.forEach((t, q) => { tmp[t] = p[q]; });
        });
        const after = labelledOf(ds, allTest, tmp);
        drops.push(base - score(o.importance_scoring, after.y, after.p));
      }
      const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
      const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
      importance.push({ feature: ds.names[j], importance: mean, std });
    }
    importance.sort((a, b) => b.importance - a.importance || a.feature.localeCompare(b.feature));
  }

  let finalModel: Model | null = null;
  if (o.final_model) {
    const rows: number[] = [];
    for (let t = 0; t < ds.n; t++) if (ds.usable[t] && ds.y[t] === ds.y[t]) rows.push(t);
    const { d, y } = subset(ds, rows);
    checkTrainable(d.n, y, "final model");
    finalModel = fitModel(spec, d, y, ds.names, ctx, { ctx, from: 0.9, to: 1 });
  }
  ctx.progress?.(1);
  return { ds, proba, foldOf, folds, models, tests, overall, importance, finalModel };
}

/** Chart-ready outputs of a cross-validation (dates stay day numbers until toJson). */
export function cvOutputs(r: CvResult, o: CvParams): Record<string, unknown> {
  const allTest = r.tests.flat();
  const pooled = labelledOf(r.ds, allTest, r.proba);
  const isoFolds = r.folds.map((f) => ({ ...f, train_start: isoOrNull(f.train_start), train_end: isoOrNull(f.train_end), test_start: isoOrNull(f.test_start), test_end: isoOrNull(f.test_end) }));
  if (!r.overall) throw new BlockError("invalid-inputs", "No labelled test rows", "no test fold has a labelled row: give labels that cover the test period");
  const { confusion, ...metrics } = r.overall;
  return {
    predictions: series(r.ds.dates, r.proba),
    fold: series(r.ds.dates, Float64Array.from(r.foldOf, (k) => (k < 0 ? NaN : k + 1))),
    folds: isoFolds,
    metrics,
    confusion,
    roc: rocCurve(pooled.y, pooled.p),
    calibration: calibration(pooled.y, pooled.p, o.calibration_bins),
    importance: r.importance,
    model: r.finalModel,
  };
}

function isoOrNull(day: number): string | null {
  return Number.isFinite(day) ? new Date(day * 86_400_000).toISOString().slice(0, 10) : null;
}

export const cvInputs = {
  features: port.panel("features, dates x names (ml.features)"),
  labels: port.series("labels by date (ml.labels); positive class = label > 0"),
  t1: port.optional(port.json(t1Schema, "label end dates {index, values} (ml.labels' t1); default: label_horizon rows")),
};

export const cvOutputSpecs = {
  predictions: { kind: "series" as const, description: "out-of-sample probability of the positive class, null outside the test folds" },
  fold: { kind: "series" as const, description: "test fold number of each date, null outside" },
  folds: { kind: "list" as const, description: "per fold: train/test dates, rows trained, purged, embargoed, tested, metrics" },
  metrics: { kind: "object" as const, description: "pooled out-of-sample accuracy, precision, recall, f1, auc, log_loss, brier, n, positives" },
  confusion: { kind: "object" as const, description: "{tp, fp, tn, fn} at the threshold" },
  roc: { kind: "list" as const, description: "[{fpr, tpr, threshold}] from (0, 0)" },
  calibration: { kind: "list" as const, description: "[{lower, upper, mean_predicted, fraction_positive, count}]" },
  importance: { kind: "list" as const, description: "[{feature, importance, std}]: permutation importance, largest first" },
  model: { kind: "object" as const, description: "the model refitted on every labelled row (JSON), for ml.predict" },
};

export const walkForwardBlock = defineBlock({
  id: "ml.walk_forward",
  title: "ML walk-forward validation",
  description: "Train a classifier (logistic, gradient-boosted trees, MLP) fold by fold with purging and an embargo; out-of-sample probabilities, per-fold and pooled metrics, ROC/AUC, calibration, confusion matrix and permutation importance.",
  category: "ml",
  params: walkForwardParams,
  inputs: cvInputs,
  outputs: cvOutputSpecs,
  compute: (params, inputs, ctx) => cvOutputs(crossValidate(inputs.features, inputs.labels, inputs.t1, params, ctx), params),
});
