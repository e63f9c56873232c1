/**
 * ml.labels: what a classifier learns, from a close series. The label at row t uses
 * closes t+1 .. t+h only, and records its end t1 (the last close it looked at), so that
 * training samples whose label window overlaps a test window can be purged.
 *
 * Methods (h = `horizon` rows; R = close[t1]/close[t] - 1 is the return to the label's end):
 * - `threshold`: 1 when close[t+h]/close[t] - 1 > `threshold`, else 0; t1 = t + h.
 * - `sign`: sign of close[t+h]/close[t] - 1 (1, -1, or 0 when equal); t1 = t + h.
 * - `triple_barrier` (López de Prado, AFML 3.4): upper barrier at +`upper` x s_t and lower
 *   at -`lower` x s_t in return terms, s_t = sample std (ddof 1) of the last `vol_window`
 *   returns ending at t (or 1 when vol_window is null: then `upper` and `lower` are
 *   returns). The first k in 1..h with close[t+k]/close[t] - 1 >= upper barrier gives 1,
 *   <= -lower barrier gives -1 (t1 = t + k); none gives the vertical barrier t1 = t + h
 *   labelled 0, or the sign of R when `vertical_label` is "sign". `upper` or `lower` = 0
 *   switches that barrier off.
 * A row whose window runs past the last close (t + h > last row) or whose s_t is undefined
 * has a null label and a null t1. Models learn "label > 0" as the positive class.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { daysToIso } from "../core/dates";
import { port } from "../core/ports";
import { series, type Series } from "../core/values";
import { checkCloses } from "../backtest/strategies/signal";
import { simpleReturns1d } from "./features";
import { rollingMeanStd1d } from "../indicators/rolling";

/** Label end times as dated text: t1.values[i] is the ISO date of label i's last close, or null. */
export const t1Schema = z.object({
  index: z.array(z.string()),
  values: z.array(z.string().nullable()),
});
export type T1Json = z.infer<typeof t1Schema>;

export interface LabelParams {
  method: "threshold" | "sign" | "triple_barrier";
  horizon: number; threshold: number; upper: number; lower: number;
  vol_window: number | null; vertical_label: "zero" | "sign";
}

export interface Labels {
  /** Label per row, NaN when undefined. */
  label: Float64Array;
  /** Row of the label's end (t1), -1 when undefined. */
  end: Int32Array;
  /** Return from close[t] to close[t1]. */
  ret: Float64Array;
}

/** Labels of a close column (see the module header). */
export function labels1d(close: Float64Array, p: LabelParams): Labels {
  const n = close.length, h = p.horizon;
  const label = new Float64Array(n).fill(NaN), end = new Int32Array(n).fill(-1), ret = new Float64Array(n).fill(NaN);
  let scale: Float64Array | null = null;
  if (p.method === "triple_barrier" && p.vol_window !== null) {
    const r = simpleReturns1d(close);
    const mean = new Float64Array(n).fill(NaN), std = new Float64Array(n).fill(NaN);
    if (n - 1 >= p.vol_window) {
      const m = new Float64Array(n - 1), s = new Float64Array(n - 1);
      rollingMeanStd1d(r.subarray(1), p.vol_window, m, s);
      mean.set(m, 1); std.set(s, 1);
    }
    scale = std;
  }
  for (let t = 0; t + h < n; t++) {
    const c0 = close[t];
    if (p.method === "threshold" || p.method === "sign") {
      const R = close[t + h] / c0 - 1;
      label[t] = p.method === "threshold" ? (R > p.threshold ? 1 : 0) : Math.sign(R);
      end[t] = t + h; ret[t] = R;
      continue;
    }
    const s = scale ? scale[t] : 1;
    if (!(s === s)) continue;
    const up = p.upper > 0 ? p.upper * s : Infinity, lo = p.lower > 0 ? p.lower * s : Infinity;
    let k = 1, lab = NaN;
    for (; k <= h; k++) {
      const R = close[t + k] / c0 - 1;
      if (R >= up) { lab = 1; break; }
      if (R <= -lo) { lab = -1; break; }
    }
    if (k > h) {
      k = h;
      const R = close[t + h] / c0 - 1;
      lab = p.vertical_label === "sign" ? Math.sign(R) : 0;
    }
    label[t] = lab; end[t] = t + k; ret[t] = close[t + k] / c0 - 1;
  }
  return { label, end, ret };
}

/** End rows as dated text for the JSON edge. */
export function t1ToJson(index: Int32Array, end: Int32Array): T1Json {
  return { index: Array.from(index, daysToIso), values: Array.from(end, (e) => (e >= 0 ? daysToIso(index[e]) : null)) };
}

export const labelsParams = z.object({
  method: z.enum(["threshold", "sign", "triple_barrier"]).default("triple_barrier").describe("threshold | sign | triple_barrier"),
  horizon: z.number().int().min(1).max(10_000).default(10).describe("rows ahead: the vertical barrier (and the forward return's horizon)"),
  threshold: z.number().default(0).describe("threshold: label 1 when the forward return is above this"),
  upper: z.number().min(0).default(1).describe("triple_barrier: profit-taking barrier in units of s_t (0 = off)"),
  lower: z.number().min(0).default(1).describe("triple_barrier: stop-loss barrier in units of s_t (0 = off)"),
  vol_window: z.number().int().min(2).nullable().default(20).describe("triple_barrier: returns in the volatility s_t; null = s_t is 1 (barriers as plain returns)"),
  vertical_label: z.enum(["zero", "sign"]).default("zero").describe("triple_barrier: label when the vertical barrier is hit first: 0, or the sign of the return"),
});

export function labelsSeries(close: Series, p: LabelParams): { labels: Series; t1: T1Json; forward_return: Series } {
  checkCloses(close.values, ["inputs", "close"]);
  const l = labels1d(close.values, p);
  return { labels: series(close.index, l.label), t1: t1ToJson(close.index, l.end), forward_return: series(close.index, l.ret) };
}

export const labelsBlock = defineBlock({
  id: "ml.labels",
  title: "ML labels",
  description: "Labels from future closes t+1..t+h: forward return above a threshold, sign of the forward return, or the triple barrier (upper, lower, vertical); each label records its end t1 for purging.",
  category: "ml",
  params: labelsParams,
  inputs: { close: port.series("closing prices, no nulls, > 0") },
  outputs: {
    labels: { kind: "series", description: "label per date (1/0, 1/0/-1), null near the end" },
    t1: { kind: "object", description: "{index, values}: ISO date of each label's last close, null when undefined" },
    forward_return: { kind: "series", description: "return from the date's close to the close at t1" },
  },
  compute: (params, inputs) => labelsSeries(inputs.close, params),
});
