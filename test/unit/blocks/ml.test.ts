import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { daysToIso, isoToDays } from "../../../blocks/core/dates";
import { BlockError } from "../../../blocks/core/errors";
import { toJson } from "../../../blocks/core/json";
import { panel, series, type Series } from "../../../blocks/core/values";
import { featuresBlock } from "../../../blocks/ml/features";
import { labelsBlock } from "../../../blocks/ml/labels";
import { fitLogistic } from "../../../blocks/ml/logistic";
import { aucFromRoc, calibration, classMetrics, rocCurve } from "../../../blocks/ml/metrics";
import { buildDataset } from "../../../blocks/ml/dataset";
import { planFolds, walkForwardBlock } from "../../../blocks/ml/walkForward";
import { predictBlock, trainBlock } from "../../../blocks/ml/train";
import { probabilitySignals, signalStrategyBlock } from "../../../blocks/ml/strategy";

const D0 = isoToDays("2020-01-01");
const dates = (n: number) => Int32Array.from({ length: n }, (_, i) => D0 + i);
const iso = (n: number) => Array.from(dates(n), daysToIso);

/** A deterministic AR(1)-return price path (predictable enough for a classifier). */
function path(n: number, seed = 7): Series {
  let s = seed;
  const rand = () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
  const v = new Float64Array(n);
  let px = 100, r = 0;
  for (let i = 0; i < n; i++) { r = 0.3 * r + 0.01 * (rand() - 0.5); px *= 1 + r; v[i] = px; }
  return series(dates(n), v);
}

/** Mann-Whitney U / (n1 n0), ties counted one half: written out pair by pair. */
function mannWhitneyAuc(y: number[], p: number[]): number {
  let u = 0, n1 = 0, n0 = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) n1++; else n0++;
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) if (y[j] !== 1) u += p[i] > p[j] ? 1 : p[i] === p[j] ? 0.5 : 0;
  }
  return u / (n1 * n0);
}

describe("ml.features", () => {
  const close = path(120);
  const out = runBlock(featuresBlock, {}, { close }) as any;
  const col = (name: string) => { const j = out.features.columns.indexOf(name); return (t: number) => out.features.values[t * out.features.columns.length + j]; };
  it("features(close) ret_lag_1 is close[t]/close[t-1]-1 and ret_lag_3 is that two rows earlier", () => {
    const c = close.values;
    expect(col("ret_lag_1")(50)).toBeCloseTo(c[50] / c[49] - 1, 15);
    expect(col("ret_lag_3")(50)).toBeCloseTo(c[48] / c[47] - 1, 15);
    expect(Number.isNaN(col("ret_lag_3")(2))).toBe(true);
    expect(col("ret_lag_3")(3)).toBeCloseTo(c[1] / c[0] - 1, 15);
  });
  it("features(close) ret_mean_5, ret_std_5 (ddof 1), mom_10 and bb_pctb by hand", () => {
    const c = close.values, t = 40;
    const r = [0, 1, 2, 3, 4].map((k) => c[t - k] / c[t - k - 1] - 1);
    const mean = r.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(col("ret_mean_5")(t)).toBeCloseTo(mean, 14);
    expect(col("ret_std_5")(t)).toBeCloseTo(sd, 14);
    expect(col("mom_10")(t)).toBeCloseTo(c[t] / c[t - 10] - 1, 14);
    const w = Array.from(c.subarray(t - 19, t + 1));
    const m = w.reduce((a, b) => a + b) / 20, psd = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / 20);
    expect(col("bb_pctb")(t)).toBeCloseTo((c[t] - (m - 2 * psd)) / (4 * psd), 8);
  });
  it("features(close) at row t do not change when closes after t change (no look-ahead)", () => {
    const v2 = Float64Array.from(close.values);
    for (let i = 80; i < v2.length; i++) v2[i] *= 1.5 + 0.01 * i;
    const out2 = runBlock(featuresBlock, {}, { close: series(close.index, v2) }) as any;
    const m = out.features.columns.length;
    expect(Array.from(out2.features.values.subarray(0, 80 * m))).toEqual(Array.from(out.features.values.subarray(0, 80 * m)));
    expect(out2.features.values[80 * m]).not.toBe(out.features.values[80 * m]);
  });
  it("features(close, volume) adds volume_z_20 and volume_chg", () => {
    const vol = series(close.index, Float64Array.from({ length: 120 }, (_, i) => 1000 + (i % 7) * 10));
    const o = runBlock(featuresBlock, {}, { close, volume: vol }) as any;
    expect(o.names.slice(-2)).toEqual(["volume_z_20", "volume_chg"]);
    const j = o.features.columns.indexOf("volume_chg");
    expect(o.features.values[10 * o.features.columns.length + j]).toBeCloseTo(Math.log(vol.values[10] / vol.values[9]), 15);
  });
  it("features(close with a null) is bad input naming the row", () => {
    const bad = { index: iso(3), values: [1, null, 2] };
    expect(() => runBlock(featuresBlock, {}, { close: bad })).toThrow(/inputs\.close\.values\[1\]/);
  });
});

describe("ml.labels", () => {
  const close = { index: iso(7), values: [100, 101, 103, 99, 98, 100, 104] };
  it("labels(triple_barrier, upper 2%, lower 1.5%, h 3) by hand, with t1 at the first touch", () => {
    const out = toJson(runBlock(labelsBlock, { method: "triple_barrier", horizon: 3, upper: 0.02, lower: 0.015, vol_window: null }, { close })) as any;
    // t0: +1%, +3% -> upper at row 2; t1: +1.98%, -1.98% -> lower at row 3; t2: -3.88% -> lower at row 3;
    // t3: -1.01%, +1.01%, +5.05% -> upper at row 6; t4.. run past the last row -> null
    expect(out.labels.values).toEqual([1, -1, -1, 1, null, null, null]);
    expect(out.t1.values).toEqual([close.index[2], close.index[3], close.index[3], close.index[6], null, null, null]);
    expect(out.forward_return.values[3]).toBeCloseTo(104 / 99 - 1, 15);
  });
  it("labels(triple_barrier) hitting the vertical barrier is 0, or the sign of the return", () => {
    const c = { index: iso(4), values: [100, 100.5, 100.2, 100.8] };
    const p = { method: "triple_barrier", horizon: 3, upper: 0.02, lower: 0.02, vol_window: null };
    const zero = toJson(runBlock(labelsBlock, p, { close: c })) as any;
    expect(zero.labels.values[0]).toBe(0);
    expect(zero.t1.values[0]).toBe(c.index[3]);
    const sign = toJson(runBlock(labelsBlock, { ...p, vertical_label: "sign" }, { close: c })) as any;
    expect(sign.labels.values[0]).toBe(1);
  });
  it("labels(triple_barrier, vol_window 3) scales the barriers by the sample std of the last 3 returns", () => {
    const c = { index: iso(8), values: [100, 102, 101, 103, 104.5, 103, 101, 100] };
    const out = toJson(runBlock(labelsBlock, { method: "triple_barrier", horizon: 3, upper: 1, lower: 1, vol_window: 3 }, { close: c })) as any;
    const r = [102 / 100 - 1, 101 / 102 - 1, 103 / 101 - 1];
    const m = (r[0] + r[1] + r[2]) / 3, sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / 2);
    // s_3 = 1.715%: row 3 (103) sees +1.46%, 0%, then 101/103 - 1 = -1.94% <= -1.715%: lower barrier at row 6
    expect(sd).toBeCloseTo(0.017150424543, 10);
    expect(out.labels.values.slice(0, 4)).toEqual([null, null, null, -1]);
    expect(out.t1.values[3]).toBe(c.index[6]);
    // with plain 2% barriers the same row reaches the vertical barrier instead
    const plain = toJson(runBlock(labelsBlock, { method: "triple_barrier", horizon: 3, upper: 0.02, lower: 0.02, vol_window: null }, { close: c })) as any;
    expect(plain.labels.values[3]).toBe(0);
  });
  it("labels(threshold, h 2, 1%) is 1 when close[t+2]/close[t]-1 > 1%", () => {
    const out = toJson(runBlock(labelsBlock, { method: "threshold", horizon: 2, threshold: 0.01 }, { close })) as any;
    // 103/100 = +3%, 99/101 = -2%, 98/103, 100/99 = +1.01%, 104/98
    expect(out.labels.values).toEqual([1, 0, 0, 1, 1, null, null]);
    const s = toJson(runBlock(labelsBlock, { method: "sign", horizon: 2 }, { close })) as any;
    expect(s.labels.values).toEqual([1, -1, -1, 1, 1, null, null]);
  });
});

describe("ml models", () => {
  it("logistic(C=null) on x in {0,1} with 1/4 and 3/4 positives is intercept -ln 3, coef 2 ln 3 (saturated MLE)", () => {
    const X = Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const y = Float64Array.from([1, 0, 0, 0, 1, 1, 1, 0]);
    const f = fitLogistic({ X, n: 8, p: 1 }, y, { C: null, max_iter: 100, tol: 1e-12 });
    expect(f.converged).toBe(true);
    expect(f.intercept).toBeCloseTo(-Math.log(3), 10);
    expect(f.coef[0]).toBeCloseTo(2 * Math.log(3), 10);
  });
  it("logistic(C=0.5) has a zero gradient of sum logloss + ||w||^2/(2C) at its answer", () => {
    let s = 3;
    const rand = () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
    const n = 200, p = 3, C = 0.5;
    const X = Float64Array.from({ length: n * p }, () => rand() * 2 - 1);
    const y = Float64Array.from({ length: n }, (_, i) => (X[i * p] - 0.5 * X[i * p + 1] + 0.8 * (rand() - 0.5) > 0 ? 1 : 0));
    const f = fitLogistic({ X, n, p }, y, { C, max_iter: 100, tol: 1e-12 });
    const g = new Array(p + 1).fill(0);
    for (let i = 0; i < n; i++) {
      const z = f.intercept + f.coef[0] * X[i * p] + f.coef[1] * X[i * p + 1] + f.coef[2] * X[i * p + 2];
      const r = 1 / (1 + Math.exp(-z)) - y[i];
      g[0] += r; for (let j = 0; j < p; j++) g[j + 1] += r * X[i * p + j];
    }
    for (let j = 0; j < p; j++) g[j + 1] += f.coef[j] / C;
    for (const x of g) expect(Math.abs(x)).toBeLessThan(1e-8);
    expect(f.coef[0]).toBeGreaterThan(0);
    expect(f.coef[1]).toBeLessThan(0);
  });

  const toyIndex = iso(8);
  const toyFeatures = { index: toyIndex, columns: ["x"], values: [[0.1], [0.2], [0.3], [0.4], [0.6], [0.7], [0.8], [0.9]] };
  const toyLabels = { index: toyIndex, values: [0, 0, 0, 0, 1, 1, 1, 1] };
  it("ml.train(gbt, 1 stump, learning rate 1) splits at the midpoint 0.5 with Newton leaves -2 and +2", () => {
    const out = toJson(runBlock(trainBlock, { model: { type: "gbt", n_estimators: 1, learning_rate: 1, max_depth: 1, min_samples_leaf: 1 } }, { features: toyFeatures, labels: toyLabels })) as any;
    const t = out.model.trees[0];
    expect(out.model.init).toBeCloseTo(0, 15); // log(4/4)
    expect(t.feature[0]).toBe(0);
    expect(t.threshold[0]).toBeCloseTo(0.5, 15);
    // residuals -0.5 (left) and +0.5 (right), p(1-p) = 0.25: leaf = sum(res)/sum(hess) = -2, +2
    expect(t.value[t.left[0]]).toBeCloseTo(-2, 12);
    expect(t.value[t.right[0]]).toBeCloseTo(2, 12);
    const pr = toJson(runBlock(predictBlock, {}, { model: JSON.parse(JSON.stringify(out.model)), features: toyFeatures })) as any;
    expect(pr.probabilities.values[0]).toBeCloseTo(1 / (1 + Math.exp(2)), 14);
    expect(pr.probabilities.values[7]).toBeCloseTo(1 / (1 + Math.exp(-2)), 14);
  });
  it("ml.predict(saved logistic model) is sigmoid(b + w'(x - mean)/scale) with the stored scaler", () => {
    const tr = toJson(runBlock(trainBlock, { model: { type: "logistic", C: 1 } }, { features: toyFeatures, labels: toyLabels })) as any;
    const m = tr.model;
    expect(m.scaler.mean[0]).toBeCloseTo(0.5, 15);
    const pr = toJson(runBlock(predictBlock, {}, { model: JSON.parse(JSON.stringify(m)), features: toyFeatures })) as any;
    const x = 0.3, z = m.intercept + m.coef[0] * (x - m.scaler.mean[0]) / m.scaler.scale[0];
    expect(pr.probabilities.values[2]).toBeCloseTo(1 / (1 + Math.exp(-z)), 14);
    expect(tr.in_sample.accuracy).toBe(1);
  });
  it("ml.predict names a feature the model needs that features lack", () => {
    const tr = runBlock(trainBlock, {}, { features: toyFeatures, labels: toyLabels }) as any;
    const other = { index: toyIndex, columns: ["z"], values: toyFeatures.values };
    expect(() => runBlock(predictBlock, {}, { model: tr.model, features: other })).toThrow(/needs feature\(s\) x/);
  });
  it("ml.train(mlp) with one seed gives one network, and separates a separable toy set", () => {
    const spec = { model: { type: "mlp", hidden: [8], epochs: 300, learning_rate: 0.05, batch_size: 4, seed: 11 } };
    const a = toJson(runBlock(trainBlock, spec, { features: toyFeatures, labels: toyLabels })) as any;
    const b = toJson(runBlock(trainBlock, spec, { features: toyFeatures, labels: toyLabels })) as any;
    expect(a.model).toEqual(b.model);
    expect(a.in_sample.accuracy).toBe(1);
    const c = toJson(runBlock(trainBlock, { model: { ...spec.model, seed: 12 } }, { features: toyFeatures, labels: toyLabels })) as any;
    expect(c.model.layers[0].W).not.toEqual(a.model.layers[0].W);
  });
  it("ml.train on labels of one class is bad input", () => {
    expect(() => runBlock(trainBlock, {}, { features: toyFeatures, labels: { index: toyIndex, values: [1, 1, 1, 1, 1, 1, 1, 1] } })).toThrow(/only one class/);
  });
});

describe("ml metrics", () => {
  const y = [1, 0, 1, 1, 0, 0];
  const p = [0.9, 0.8, 0.8, 0.3, 0.3, 0.1];
  it("auc(y, p) with ties is the Mann-Whitney U / (n1 n0) = 7/9", () => {
    // pairs: 0.9 beats 3; 0.8 ties 0.8 and beats 2 -> 2.5; 0.3 ties 0.3 and beats 0.1 -> 1.5: U = 7
    expect(aucFromRoc(rocCurve(y, p))).toBeCloseTo(7 / 9, 15);
    expect(mannWhitneyAuc(y, p)).toBeCloseTo(7 / 9, 15);
  });
  it("rocCurve(y, p) has one point per distinct score from (0, 0) to (1, 1)", () => {
    const roc = rocCurve(y, p);
    expect(roc.map((r) => [r.fpr, r.tpr])).toEqual([[0, 0], [0, 1 / 3], [1 / 3, 2 / 3], [2 / 3, 1], [1, 1]]);
  });
  it("classMetrics(y, p, 0.5): confusion tp 2 fp 1 tn 2 fn 1, precision = recall = f1 = 2/3", () => {
    const m = classMetrics(y, p);
    expect(m.confusion).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(m.accuracy).toBeCloseTo(4 / 6, 15);
    expect(m.precision).toBeCloseTo(2 / 3, 15);
    expect(m.recall).toBeCloseTo(2 / 3, 15);
    expect(m.f1).toBeCloseTo(2 / 3, 15);
    expect(m.log_loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.2) + Math.log(0.8) + Math.log(0.3) + Math.log(0.7) + Math.log(0.9)) / 6, 14);
  });
  it("calibration(y, p, 2 bins): 0.3 and 0.1 in [0, 0.5], the rest in (0.5, 1]", () => {
    const c = calibration(y, p, 2);
    expect(c[0].count).toBe(3);
    expect(c[0].mean_predicted).toBeCloseTo(0.7 / 3, 15);
    expect(c[0].fraction_positive).toBeCloseTo(1 / 3, 15);
    expect(c[1].fraction_positive).toBeCloseTo(2 / 3, 15);
  });
});

describe("ml.walk_forward", () => {
  it("planFolds purges by hand: label windows [t, t+2] overlapping the test span leave training", () => {
    const n = 10;
    const feats = panel(dates(n), ["x"], Float64Array.from({ length: n }, (_, i) => i));
    const labels = series(dates(n), Float64Array.from({ length: n }, (_, i) => i % 2));
    const t1 = { index: iso(n), values: Array.from({ length: n }, (_, i) => daysToIso(D0 + Math.min(i + 2, n - 1))) };
    const ds = buildDataset(feats, labels, t1, 0);
    const wf = planFolds(ds, { scheme: "walk_forward", n_splits: 2, min_train: 4, train_window: null, purge: true, embargo: 0 });
    // test rows 4-6: rows 2 (ends 4) and 3 (ends 5) overlap; test rows 7-9: rows 5 (ends 7) and 6 (ends 8) overlap
    expect(wf.map((f) => [f.test, f.train, f.purged])).toEqual([[[4, 5, 6], [0, 1], 2], [[7, 8, 9], [0, 1, 2, 3, 4], 2]]);
    const kf = planFolds(ds, { scheme: "purged_kfold", n_splits: 2, min_train: null, train_window: null, purge: true, embargo: 1 });
    // fold 1 tests rows 0-4, labels end by row 6: row 5 embargoed, row 6 purged (starts before 6's end);
    // fold 2 tests rows 5-9: rows 3 (ends 5) and 4 (ends 6) purged
    expect(kf.map((f) => [f.train, f.purged, f.embargoed])).toEqual([[[7, 8, 9], 1, 1], [[0, 1, 2], 2, 0]]);
    const nopurge = planFolds(ds, { scheme: "walk_forward", n_splits: 2, min_train: 4, train_window: null, purge: false, embargo: 0 });
    expect(nopurge[0].train).toEqual([0, 1, 2, 3]);
  });

  const close = path(700);
  const feat = runBlock(featuresBlock, { windows: [5, 20], momentum: [10, 20] }, { close }) as any;
  const lab = runBlock(labelsBlock, { method: "triple_barrier", horizon: 5, vol_window: 20 }, { close }) as any;
  const params = { model: { type: "logistic" }, n_splits: 4, importance_repeats: 2 };
  const wf = toJson(runBlock(walkForwardBlock, params, { features: feat.features, labels: lab.labels, t1: lab.t1 })) as any;

  it("walk_forward(logistic) pooled AUC equals the Mann-Whitney statistic of its own out-of-sample predictions", () => {
    const y: number[] = [], p: number[] = [];
    wf.predictions.values.forEach((q: number | null, i: number) => {
      const l = lab.labels.values[i];
      if (q !== null && l === l) { y.push(l > 0 ? 1 : 0); p.push(q); }
    });
    expect(wf.metrics.n).toBe(y.length);
    expect(wf.metrics.auc).toBeCloseTo(mannWhitneyAuc(y, p), 12);
    const c = wf.confusion;
    expect(c.tp + c.fp + c.tn + c.fn).toBe(y.length);
    expect(wf.roc[0]).toEqual({ fpr: 0, tpr: 0, threshold: null });
    expect(wf.importance.length).toBe(feat.names.length);
    expect(wf.folds.length).toBe(4);
    for (const f of wf.folds) expect(f.n_purged).toBeGreaterThan(0);
  });

  it("walk_forward: perturbing prices after a test fold's end leaves that fold's predictions unchanged (no leakage)", () => {
    const fold2End = isoToDays(wf.folds[1].test_end);
    const cut = Array.from(close.index).findIndex((d) => d > fold2End);
    const v2 = Float64Array.from(close.values);
    for (let i = cut; i < v2.length; i++) v2[i] *= 1 + 0.05 * Math.sin(i);
    const close2 = series(close.index, v2);
    const feat2 = runBlock(featuresBlock, { windows: [5, 20], momentum: [10, 20] }, { close: close2 }) as any;
    const lab2 = runBlock(labelsBlock, { method: "triple_barrier", horizon: 5, vol_window: 20 }, { close: close2 }) as any;
    for (const model of [{ type: "logistic" }, { type: "gbt", n_estimators: 20 }]) {
      const a = toJson(runBlock(walkForwardBlock, { ...params, model, importance_repeats: 0 }, { features: feat.features, labels: lab.labels, t1: lab.t1 })) as any;
      const b = toJson(runBlock(walkForwardBlock, { ...params, model, importance_repeats: 0 }, { features: feat2.features, labels: lab2.labels, t1: lab2.t1 })) as any;
      const inFolds = (o: any, k: number) => o.predictions.values.filter((_: unknown, i: number) => o.fold.values[i] === k);
      expect(inFolds(b, 1)).toEqual(inFolds(a, 1));
      expect(inFolds(b, 2)).toEqual(inFolds(a, 2));
      expect(inFolds(b, 2).length).toBeGreaterThan(50);
      expect(inFolds(b, 4)).not.toEqual(inFolds(a, 4)); // the perturbation did reach later folds
    }
  });

  it("walk_forward reports progress up to 1 and stops when cancelled", () => {
    const seen: number[] = [];
    runBlock(walkForwardBlock, { ...params, importance_repeats: 0 }, { features: feat.features, labels: lab.labels, t1: lab.t1 }, { progress: (f) => seen.push(f) });
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((x, i) => i === 0 || x >= seen[i - 1])).toBe(true);
    const ac = new AbortController();
    ac.abort();
    expect(() => runBlock(walkForwardBlock, params, { features: feat.features, labels: lab.labels }, { signal: ac.signal })).toThrow(BlockError);
  });

  it("signal_strategy(long_flat, 0.55) equity compounds the previous close's signal times the next return", () => {
    const out = toJson(runBlock(signalStrategyBlock, { ...params, importance_repeats: 0, upper: 0.55 }, { close, features: feat.features, labels: lab.labels, t1: lab.t1 })) as any;
    const probs = out.predictions.values.map((x: number | null) => (x === null ? NaN : x));
    const sig = Array.from(probabilitySignals(Float64Array.from(probs), { mode: "long_flat", upper: 0.55, lower: 0.45, size: 1 }));
    expect(out.signal.values).toEqual(sig);
    expect(sig.every((s, i) => s === (probs[i] > 0.55 ? 1 : 0))).toBe(true);
    let eq = 1;
    const c = close.values;
    for (let t = 1; t < c.length; t++) eq *= 1 + sig[t - 1] * (c[t] / c[t - 1] - 1);
    expect(out.equity.values[c.length - 1]).toBeCloseTo(eq, 10);
    expect(out.model.type).toBe("logistic");
    expect(JSON.parse(JSON.stringify(out.model))).toEqual(out.model);
  });
  it("probabilitySignals(long_short) is short below lower, flat between and without a prediction", () => {
    expect(Array.from(probabilitySignals(Float64Array.from([0.7, 0.5, 0.3, NaN]), { mode: "long_short", upper: 0.6, lower: 0.4, size: 0.5 }))).toEqual([0.5, 0, -0.5, 0]);
  });
});
