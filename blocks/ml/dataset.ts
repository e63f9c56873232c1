/**
 * The learning set shared by ml.walk_forward, ml.train and ml.signal_strategy: features
 * (dates x names) aligned with labels and their end times t1 by date.
 * - A row is usable when every feature is defined; a usable row is a training sample when
 *   its label is defined too. The positive class is label > 0 (1 for threshold labels,
 *   an upper-barrier touch or a positive sign otherwise).
 * - t1 (ml.labels' output) gives each label's last date; without t1 a label ends
 *   `label_horizon` rows after its date (clipped to the last row).
 */
import { isoToDays } from "../core/dates";
import { inputError } from "../core/errors";
import type { Panel, Series } from "../core/values";
import type { Design } from "./common";
import type { T1Json } from "./labels";

export interface Dataset {
  dates: Int32Array;
  names: string[];
  /** n x p row-major, NaN allowed. */
  X: Float64Array;
  n: number; p: number;
  /** 0/1 target, NaN without a label. */
  y: Float64Array;
  /** Day number of each label's end (NaN without a label). */
  t1: Float64Array;
  /** 1 when every feature of the row is defined. */
  usable: Uint8Array;
}

export function buildDataset(features: Panel, labels: Series | undefined, t1: T1Json | undefined, labelHorizon: number): Dataset {
  const n = features.index.length, p = features.columns.length;
  if (p === 0) throw inputError(["inputs", "features", "columns"], "features have no columns");
  const y = new Float64Array(n).fill(NaN), end = new Float64Array(n).fill(NaN);
  if (labels) {
    const byDay = new Map<number, number>();
    labels.index.forEach((d, i) => byDay.set(d, labels.values[i]));
    for (let t = 0; t < n; t++) {
      const v = byDay.get(features.index[t]);
      if (v !== undefined && v === v) y[t] = v > 0 ? 1 : 0;
    }
  }
  if (t1) {
    if (t1.index.length !== t1.values.length) throw inputError(["inputs", "t1", "values"], `${t1.values.length} values for ${t1.index.length} dates`);
    const byDay = new Map<number, number>();
    t1.index.forEach((d, i) => {
      const day = isoToDays(d);
      if (Number.isNaN(day)) throw inputError(["inputs", "t1", "index", i], `"${d}" is not a date (YYYY-MM-DD)`);
      const v = t1.values[i];
      const e = v === null ? NaN : isoToDays(v);
      if (v !== null && Number.isNaN(e)) throw inputError(["inputs", "t1", "values", i], `"${v}" is not a date (YYYY-MM-DD)`);
      if (e < day) throw inputError(["inputs", "t1", "values", i], `a label ends (${v}) before its own date (${d})`);
      byDay.set(day, e);
    });
    for (let t = 0; t < n; t++) {
      const e = byDay.get(features.index[t]);
      end[t] = e === undefined ? NaN : e;
      if (!(end[t] === end[t])) y[t] = NaN; // a label without an end cannot be purged: unusable
    }
  } else {
    for (let t = 0; t < n; t++) if (y[t] === y[t]) end[t] = features.index[Math.min(n - 1, t + labelHorizon)];
  }
  const usable = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    let ok = 1;
    for (let j = 0; j < p; j++) if (!Number.isFinite(features.values[t * p + j])) { ok = 0; break; }
    usable[t] = ok;
  }
  return { dates: features.index, names: features.columns.slice(), X: features.values, n, p, y, t1: end, usable };
}

/** The rows `rows` as a dense design (and their targets). */
export function subset(ds: Dataset, rows: ArrayLike<number>): { d: Design; y: Float64Array } {
  const k = rows.length, p = ds.p;
  const X = new Float64Array(k * p), y = new Float64Array(k);
  for (let q = 0; q < k; q++) {
    const t = rows[q];
    X.set(ds.X.subarray(t * p, (t + 1) * p), q * p);
    y[q] = ds.y[t];
  }
  return { d: { X, n: k, p }, y };
}

/** Columns of `features` in the order of `names` (the names a model was trained on). */
export function reorderFeatures(features: Panel, names: string[]): Panel {
  const pos = names.map((nm) => features.columns.indexOf(nm));
  const missing = names.filter((_, k) => pos[k] < 0);
  if (missing.length) throw inputError(["inputs", "features", "columns"], `the model needs feature(s) ${missing.join(", ")}, missing from features (columns: ${features.columns.join(", ")})`);
  if (pos.every((q, k) => q === k) && features.columns.length === names.length) return features;
  const n = features.index.length, m = features.columns.length, p = names.length;
  const values = new Float64Array(n * p);
  for (let t = 0; t < n; t++) for (let k = 0; k < p; k++) values[t * p + k] = features.values[t * m + pos[k]];
  return { kind: "panel", index: features.index, columns: names.slice(), values };
}
