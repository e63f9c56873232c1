/**
 * Classification metrics of predicted probabilities p against 0/1 labels y, as
 * scikit-learn defines them: accuracy, precision tp/(tp+fp), recall tp/(tp+fn), F1 (their
 * harmonic mean; null when undefined, where scikit-learn warns and returns 0), the 2x2
 * confusion matrix, log loss (p clipped to [1e-15, 1 - 1e-15]) and the Brier score.
 * - Predicted class: 1 when p > threshold (scikit-learn's predict at 0.5: p > 0.5).
 * - ROC: roc_curve(drop_intermediate=False): one point per distinct score, descending,
 *   starting at (0, 0) with threshold +infinity (null in JSON).
 * - AUC: trapezoidal area under that curve, equal to the Mann-Whitney U / (n1 n0) with
 *   ties counted one half.
 * - Calibration: calibration_curve(strategy="uniform"): `bins` equal bins on [0, 1], a
 *   probability on an inner edge goes to the lower bin; per bin the mean predicted
 *   probability, the fraction of positives and the count (empty bins: nulls, count 0).
 */
export interface Confusion { tp: number; fp: number; tn: number; fn: number }
export interface RocPoint { fpr: number; tpr: number; threshold: number }
export interface CalibrationBin { lower: number; upper: number; mean_predicted: number; fraction_positive: number; count: number }
export interface ClassMetrics {
  n: number; positives: number; accuracy: number; precision: number; recall: number; f1: number;
  auc: number; log_loss: number; brier: number; confusion: Confusion;
}

export function confusion(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): Confusion {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    const pred = p[i] > threshold;
    if (y[i] === 1) { if (pred) c.tp++; else c.fn++; } else if (pred) c.fp++; else c.tn++;
  }
  return c;
}

export function rocCurve(y: ArrayLike<number>, p: ArrayLike<number>): RocPoint[] {
  const n = y.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[b] - p[a]);
  let P = 0;
  for (let i = 0; i < n; i++) P += y[i] === 1 ? 1 : 0;
  const N = n - P;
  const out: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Infinity }];
  let tp = 0, fp = 0;
  for (let k = 0; k < n; k++) {
    const i = idx[k];
    if (y[i] === 1) tp++; else fp++;
    if (k + 1 < n && p[idx[k + 1]] === p[i]) continue;
    out.push({ fpr: N ? fp / N : NaN, tpr: P ? tp / P : NaN, threshold: p[i] });
  }
  return out;
}

/** Trapezoidal area under ROC points (NaN when a class is missing). */
export function aucFromRoc(roc: RocPoint[]): number {
  let a = 0;
  for (let k = 1; k < roc.length; k++) a += (roc[k].fpr - roc[k - 1].fpr) * (roc[k].tpr + roc[k - 1].tpr) / 2;
  return a;
}

export function calibration(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const step = 1 / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => (k === bins ? 1 : k * step));
  const sumP = new Float64Array(bins), sumY = new Float64Array(bins), cnt = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    // searchsorted(edges[1:-1], p, side="left"): the number of inner edges strictly below p,
    // edges as numpy's linspace(0, 1, bins + 1) computes them (k x step)
    let b = 0;
    while (b < bins - 1 && edges[b + 1] < p[i]) b++;
    sumP[b] += p[i]; sumY[b] += y[i]; cnt[b]++;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lower: edges[b], upper: edges[b + 1],
    mean_predicted: cnt[b] ? sumP[b] / cnt[b] : NaN,
    fraction_positive: cnt[b] ? sumY[b] / cnt[b] : NaN,
    count: cnt[b],
  }));
}

export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return y.length ? s / y.length : NaN;
}

export function classMetrics(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): ClassMetrics {
  const c = confusion(y, p, threshold);
  const n = y.length;
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : NaN;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : NaN;
  const f1 = 2 * c.tp + c.fp + c.fn ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : NaN;
  let brier = 0;
  for (let i = 0; i < n; i++) brier += (p[i] - y[i]) ** 2;
  return {
    n, positives: c.tp + c.fn, accuracy: n ? (c.tp + c.tn) / n : NaN, precision, recall, f1,
    auc: aucFromRoc(rocCurve(y, p)), log_loss: logLoss(y, p), brier: n ? brier / n : NaN, confusion: c,
  };
}

/** Score used by permutation importance: higher is better. */
export function score(kind: "accuracy" | "roc_auc" | "log_loss", y: ArrayLike<number>, p: ArrayLike<number>): number {
  if (kind === "accuracy") { const c = confusion(y, p); return (c.tp + c.tn) / y.length; }
  if (kind === "roc_auc") return aucFromRoc(rocCurve(y, p));
  return -logLoss(y, p);
}
