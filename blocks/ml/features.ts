/**
 * ml.features: a feature matrix for a classifier from one price series (and optional
 * volume), every value at row t computed from rows <= t only (no look-ahead).
 *
 * Columns, in this order (r[t] = close[t]/close[t-1] - 1, the simple return ending at t):
 * - `ret_lag_k` for k in `lags`: r[t - k + 1] (ret_lag_1 is the latest return).
 * - for w in `windows`: `ret_mean_w`, `ret_std_w` (mean and sample std, ddof 1, of the
 *   last w returns) and `zscore_w` ((close - rolling mean) / rolling sample std of the
 *   last w closes, as pandas rolling(w); null when that std is 0).
 * - `rsi_p`: Wilder RSI (TA-Lib's, blocks/indicators/rsi.ts), in [0, 100].
 * - `macd_hist`: TA-Lib MACD histogram divided by close[t] (scale-free).
 * - `bb_pctb`: Bollinger %b = (close - lower) / (upper - lower) (TA-Lib bands, population
 *   std); null when the bands meet.
 * - `mom_L` for L in `momentum`: close[t] / close[t - L] - 1.
 * - with volume: `volume_z_w` for the last of `windows` (rolling z-score of volume) and
 *   `volume_chg` = ln(volume[t] / volume[t-1]) (null when either volume is 0).
 * A feature is null until it is defined; the output keeps the close's index.
 * References: M. López de Prado, Advances in Financial Machine Learning (2018), ch. 5-8.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError, paramError } from "../core/errors";
import { port } from "../core/ports";
import { panel, type Panel, type Series } from "../core/values";
import { bbands1d } from "../indicators/bbands";
import { macd1d } from "../indicators/macd";
import { rollingMeanStd1d, rollingZscore1d } from "../indicators/rolling";
import { rsi1d } from "../indicators/rsi";
import { checkCloses } from "../backtest/strategies/signal";

export interface FeatureParams {
  lags: number[]; windows: number[]; rsi_period: number;
  macd_fast: number; macd_slow: number; macd_signal: number;
  bb_period: number; bb_k: number; momentum: number[];
}

export const featuresParams = z.object({
  lags: z.array(z.number().int().min(1).max(10_000)).default([1, 2, 3, 5]).describe("lagged returns: ret_lag_k = return ending k - 1 rows before t"),
  windows: z.array(z.number().int().min(2).max(10_000)).default([5, 20]).describe("rolling windows (rows) for return mean/std and the close z-score"),
  rsi_period: z.number().int().min(2).default(14).describe("RSI period (Wilder)"),
  macd_fast: z.number().int().min(2).default(12).describe("MACD fast EMA period"),
  macd_slow: z.number().int().min(2).default(26).describe("MACD slow EMA period"),
  macd_signal: z.number().int().min(1).default(9).describe("MACD signal EMA period"),
  bb_period: z.number().int().min(2).default(20).describe("Bollinger period"),
  bb_k: z.number().positive().default(2).describe("Bollinger width in population standard deviations"),
  momentum: z.array(z.number().int().min(1).max(10_000)).default([10, 20, 60]).describe("momentum lookbacks: mom_L = close[t]/close[t-L] - 1"),
});

/** Simple returns of a close column, NaN at row 0. */
export function simpleReturns1d(close: Float64Array, out = new Float64Array(close.length)): Float64Array {
  out[0] = NaN;
  for (let t = 1; t < close.length; t++) out[t] = close[t] / close[t - 1] - 1;
  return out;
}

/** Rolling mean and sample std of `x` where x may start with NaNs (they are skipped). */
function rollingFrom(x: Float64Array, start: number, w: number, mean: Float64Array, std: Float64Array): void {
  mean.fill(NaN); std.fill(NaN);
  if (x.length - start < w) return;
  const m = new Float64Array(x.length - start), s = new Float64Array(x.length - start);
  rollingMeanStd1d(x.subarray(start), w, m, s);
  mean.set(m, start); std.set(s, start);
}

/** Feature columns of one instrument (see the module header). */
export function buildFeatures(close: Float64Array, volume: Float64Array | null, p: FeatureParams): { names: string[]; columns: Float64Array[] } {
  const n = close.length;
  const names: string[] = [], columns: Float64Array[] = [];
  const add = (name: string, col: Float64Array) => { names.push(name); columns.push(col); };
  const r = simpleReturns1d(close);
  for (const k of p.lags) {
    const c = new Float64Array(n).fill(NaN);
    for (let t = k; t < n; t++) c[t] = r[t - k + 1];
    add(`ret_lag_${k}`, c);
  }
  for (const w of p.windows) {
    const mean = new Float64Array(n), std = new Float64Array(n);
    rollingFrom(r, 1, w, mean, std);
    add(`ret_mean_${w}`, mean);
    add(`ret_std_${w}`, std);
    add(`zscore_${w}`, n >= w ? rollingZscore1d(close, w) : new Float64Array(n).fill(NaN));
  }
  add(`rsi_${p.rsi_period}`, rsi1d(close, p.rsi_period));
  const h = macd1d(close, p.macd_fast, p.macd_slow, p.macd_signal).histogram;
  for (let t = 0; t < n; t++) h[t] /= close[t];
  add("macd_hist", h);
  const bb = bbands1d(close, p.bb_period, p.bb_k);
  const pctb = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const width = bb.upper[t] - bb.lower[t];
    pctb[t] = width > 0 ? (close[t] - bb.lower[t]) / width : NaN;
  }
  add("bb_pctb", pctb);
  for (const L of p.momentum) {
    const c = new Float64Array(n).fill(NaN);
    for (let t = L; t < n; t++) c[t] = close[t] / close[t - L] - 1;
    add(`mom_${L}`, c);
  }
  if (volume) {
    const w = p.windows[p.windows.length - 1] ?? 20;
    add(`volume_z_${w}`, n >= w ? rollingZscore1d(volume, w) : new Float64Array(n).fill(NaN));
    const chg = new Float64Array(n).fill(NaN);
    for (let t = 1; t < n; t++) chg[t] = volume[t] > 0 && volume[t - 1] > 0 ? Math.log(volume[t] / volume[t - 1]) : NaN;
    add("volume_chg", chg);
  }
  return { names, columns };
}

/** Columns to a row-major panel. */
export function columnsToPanel(index: Int32Array, names: string[], columns: Float64Array[]): Panel {
  const n = index.length, m = names.length;
  const values = new Float64Array(n * m);
  for (let j = 0; j < m; j++) for (let t = 0; t < n; t++) values[t * m + j] = columns[j][t];
  return panel(index, names.slice(), values);
}

function sameDates(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function featuresPanel(close: Series, volume: Series | undefined, p: FeatureParams): Panel {
  checkCloses(close.values, ["inputs", "close"]);
  if (p.macd_fast >= p.macd_slow) throw paramError(["params", "macd_fast"], `macd_fast (${p.macd_fast}) must be shorter than macd_slow (${p.macd_slow})`);
  let vol: Float64Array | null = null;
  if (volume) {
    if (!sameDates(volume.index, close.index)) throw inputError(["inputs", "volume", "index"], "volume must have the same dates as close");
    volume.values.forEach((v, i) => { if (!(v >= 0)) throw inputError(["inputs", "volume", "values", i], `volume must be a number >= 0 on every row, got ${Number.isNaN(v) ? "null" : v} at row ${i}`); });
    vol = volume.values;
  }
  const { names, columns } = buildFeatures(close.values, vol, p);
  const dup = names.find((x, i) => names.indexOf(x) !== i);
  if (dup) throw paramError(["params"], `feature ${dup} appears twice: give each lag, window and momentum lookback once`);
  return columnsToPanel(close.index, names, columns);
}

export const featuresBlock = defineBlock({
  id: "ml.features",
  title: "ML features",
  description: "Feature matrix (dates x features) from a close series and optional volume, with no look-ahead: lagged returns, rolling mean/std/z-score, RSI, MACD histogram, Bollinger %b, momentum, volume z-score and change.",
  category: "ml",
  params: featuresParams,
  inputs: {
    close: port.series("closing prices, no nulls, > 0"),
    volume: port.optional(port.series("traded volume, same dates, >= 0")),
  },
  outputs: {
    features: { kind: "panel", description: "dates x feature names, null until a feature is defined" },
    names: { kind: "list", description: "feature names in column order" },
  },
  compute: (params, inputs) => {
    const features = featuresPanel(inputs.close, inputs.volume, params);
    return { features, names: features.columns.slice() };
  },
});
