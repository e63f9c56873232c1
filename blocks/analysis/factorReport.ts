/**
 * analysis.factor_report: factor evaluation as alphalens does it
 * (quantopian/alphalens: utils.get_clean_factor_and_forward_returns, performance.
 * factor_information_coefficient, mean_return_by_quantile, quantile_turnover).
 *
 * - Forward return over h rows: price[t + h] / price[t] - 1. It uses prices after t, but
 *   only as the LABEL the score is judged against, which is right for evaluation.
 * - Cleaning: a (date, asset) pair is dropped, in this order, when its score is null
 *   ("missing_score"), when t + max(horizons) runs past the last price row
 *   ("too_short_history"), when the price at t or at any t + h is null
 *   ("missing_forward_price"), or when its date cannot be cut into quantiles because the
 *   quantile edges repeat (pandas qcut raises; alphalens drops the date: "binning").
 *   If dropped / all pairs > max_drop_fraction, the block fails naming both numbers
 *   (alphalens' MaxLossExceededError).
 * - Quantiles per date as pandas qcut(scores, q, labels=False) + 1: edges at numpy's linear
 *   quantiles 0, 1/q, ..., 1; label = number of edges below the score (at least 1).
 * - IC by date: Spearman rank correlation of score and forward return (scipy spearmanr);
 *   summary over dates: mean, std (ddof 1), risk-adjusted (mean/std), t-stat and two-sided
 *   p-value of scipy's ttest_1samp(ic, 0).
 * - Quantile mean returns: per date the mean forward return of each quantile (demeaned by
 *   the date's mean when `demeaned`), then the mean over dates; std_error = std over dates
 *   / sqrt(dates). Top-bottom spread: the per-date difference of those means, averaged.
 * - Turnover of a quantile over a lag of p dates (p = each horizon): the share of names in
 *   the quantile at date i that were not in it at date i - p, averaged over dates; and the
 *   factor rank autocorrelation at the same lag (alphalens factor_rank_autocorrelation).
 * - With `groups`: a group-neutral variant, forward returns demeaned within (date, group)
 *   before the IC and the quantile returns (alphalens group_adjust=True).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { BlockError, inputError } from "../core/errors";
import { port } from "../core/ports";
import { panel, type Groups, type Panel } from "../core/values";
import { averageRanks, quantileSorted } from "../factors/crossSection";
import { groupCodes } from "../factors/neutralize";
import { pearson, tTest1Samp } from "./stats";

export interface DropReport {
  pairs: number; missing_score: number; too_short_history: number; missing_forward_price: number; binning: number;
  dropped: number; fraction: number; max_drop_fraction: number; kept: number;
}

/** Cleaned factor data: one entry per (score row, column); quantile 0 = dropped. */
export interface CleanFactorData {
  n: number; m: number; horizons: number[];
  scores: Float64Array; quantile: Int32Array; forward: Float64Array[]; dates: number[]; dropped: DropReport;
}

function qcutEdges(sorted: Float64Array, q: number): Float64Array | null {
  const edges = new Float64Array(q + 1);
  const step = 1 / q;
  for (let k = 0; k <= q; k++) edges[k] = quantileSorted(sorted, k === q ? 1 : k * step);
  for (let k = 1; k <= q; k++) if (!(edges[k] > edges[k - 1])) return null;
  return edges;
}

/**
 * Align scores with prices, compute forward returns, drop and count the unusable pairs,
 * cut each date into quantiles. Throws when the dropped fraction exceeds `maxDrop`.
 */
export function cleanFactorData(scores: Panel, prices: Panel, horizons: number[], quantiles: number, maxDrop: number): CleanFactorData {
  const n = scores.index.length, m = scores.columns.length, nP = prices.index.length, mP = prices.columns.length;
  const rowOf = new Map<number, number>();
  prices.index.forEach((d, r) => rowOf.set(d, r));
  const pos = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rowOf.get(scores.index[i]);
    if (r === undefined) throw inputError(["inputs", "scores", "index", i], `score date ${new Date(scores.index[i] * 86_400_000).toISOString().slice(0, 10)} is not a date of prices`);
    pos[i] = r;
  }
  const colOf = new Map<string, number>();
  prices.columns.forEach((c, j) => colOf.set(c, j));
  const cols = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const c = colOf.get(scores.columns[j]);
    if (c === undefined) throw inputError(["inputs", "prices", "columns"], `prices have no column ${scores.columns[j]} (a column of scores)`);
    cols[j] = c;
  }
  for (let i = 0; i < prices.values.length; i++) {
    if (prices.values[i] <= 0) throw inputError(["inputs", "prices", "values", Math.floor(i / mP), i % mP], `price of ${prices.columns[i % mP]} is ${prices.values[i]}: prices must be > 0`);
  }
  const maxH = Math.max(...horizons);
  const H = horizons.length;
  const forward = horizons.map(() => new Float64Array(n * m).fill(NaN));
  const quantile = new Int32Array(n * m);
  const dropped: DropReport = { pairs: n * m, missing_score: 0, too_short_history: 0, missing_forward_price: 0, binning: 0, dropped: 0, fraction: 0, max_drop_fraction: maxDrop, kept: 0 };
  const dates: number[] = [];
  const buf = new Float64Array(m);
  const candidate = new Uint8Array(m);
  for (let i = 0; i < n; i++) {
    const r = pos[i];
    let k = 0;
    for (let j = 0; j < m; j++) {
      candidate[j] = 0;
      const s = scores.values[i * m + j];
      if (Number.isNaN(s)) { dropped.missing_score++; continue; }
      if (r + maxH >= nP) { dropped.too_short_history++; continue; }
      const p0 = prices.values[r * mP + cols[j]];
      let ok = !Number.isNaN(p0);
      for (let h = 0; ok && h < H; h++) {
        const p1 = prices.values[(r + horizons[h]) * mP + cols[j]];
        if (Number.isNaN(p1)) ok = false;
        else forward[h][i * m + j] = p1 / p0 - 1;
      }
      if (!ok) {
        dropped.missing_forward_price++;
        for (let h = 0; h < H; h++) forward[h][i * m + j] = NaN;
        continue;
      }
      candidate[j] = 1;
      buf[k++] = s;
    }
    if (k === 0) continue;
    const sorted = buf.slice(0, k).sort();
    const edges = qcutEdges(sorted, quantiles);
    if (!edges) {
      dropped.binning += k;
      for (let j = 0; j < m; j++) if (candidate[j]) for (let h = 0; h < H; h++) forward[h][i * m + j] = NaN;
      continue;
    }
    for (let j = 0; j < m; j++) {
      if (!candidate[j]) continue;
      const s = scores.values[i * m + j];
      let label = 0;
      while (label < quantiles && edges[label] < s) label++;
      quantile[i * m + j] = Math.max(1, label);
    }
    dates.push(i);
  }
  dropped.dropped = dropped.missing_score + dropped.too_short_history + dropped.missing_forward_price + dropped.binning;
  dropped.kept = dropped.pairs - dropped.dropped;
  dropped.fraction = dropped.pairs ? dropped.dropped / dropped.pairs : 0;
  if (dropped.pairs === 0) throw inputError(["inputs", "scores"], "scores have no (date, asset) pairs");
  if (dropped.fraction > maxDrop) {
    throw new BlockError("invalid-inputs", "Too much factor data dropped",
      `dropped ${dropped.dropped} of ${dropped.pairs} (date, asset) pairs (${(100 * dropped.fraction).toFixed(1)}%), more than max_drop_fraction ${maxDrop}: ` +
      `missing score ${dropped.missing_score}, too short history ${dropped.too_short_history}, missing forward price ${dropped.missing_forward_price}, binning ${dropped.binning}`,
      [{ path: ["params", "max_drop_fraction"], message: `dropped fraction ${dropped.fraction} > ${maxDrop}` }]);
  }
  return { n, m, horizons, scores: scores.values, quantile, forward, dates, dropped };
}

/** Forward returns demeaned per date (codes null) or per (date, group) over the clean pairs. */
function demeaned(d: CleanFactorData, h: number, codes: Int32Array | null, nGroups: number): Float64Array {
  const { m } = d;
  const f = d.forward[h];
  const out = new Float64Array(f.length).fill(NaN);
  const g = Math.max(1, nGroups);
  const sum = new Float64Array(g), cnt = new Float64Array(g);
  for (const i of d.dates) {
    sum.fill(0); cnt.fill(0);
    for (let j = 0; j < m; j++) {
      if (!d.quantile[i * m + j]) continue;
      const c = codes ? codes[j] : 0;
      sum[c] += f[i * m + j]; cnt[c]++;
    }
    for (let j = 0; j < m; j++) {
      if (!d.quantile[i * m + j]) continue;
      const c = codes ? codes[j] : 0;
      out[i * m + j] = f[i * m + j] - sum[c] / cnt[c];
    }
  }
  return out;
}

/** Average ranks of the clean scores of each clean date (compact, in column order). */
function scoreRanksByDate(d: CleanFactorData): Float64Array[] {
  const { m } = d;
  const xs = new Float64Array(m);
  return d.dates.map((i) => {
    let c = 0;
    for (let j = 0; j < m; j++) if (d.quantile[i * m + j]) xs[c++] = d.scores[i * m + j];
    const r = new Float64Array(c);
    averageRanks(xs.subarray(0, c), r);
    return r;
  });
}

/** Spearman IC per clean date for forward returns `f` (clean pairs only), as scipy spearmanr. */
function icByDate(d: CleanFactorData, f: Float64Array, scoreRanks: Float64Array[]): Float64Array {
  const { m } = d;
  const out = new Float64Array(d.dates.length);
  const ys = new Float64Array(m), ry = new Float64Array(m);
  d.dates.forEach((i, k) => {
    let c = 0;
    for (let j = 0; j < m; j++) if (d.quantile[i * m + j]) ys[c++] = f[i * m + j];
    averageRanks(ys.subarray(0, c), ry.subarray(0, c));
    out[k] = pearson(scoreRanks[k], ry.subarray(0, c));
  });
  return out;
}

function icSummary(ic: Float64Array) {
  const t = tTest1Samp(ic);
  return { mean: t.mean, std: t.std, risk_adjusted: t.std > 0 ? t.mean / t.std : NaN, t_stat: t.t, p_value: t.p, dates: t.n };
}

/** Per-date quantile means (dates x quantiles, NaN where a quantile is empty). */
function quantileMeansByDate(d: CleanFactorData, f: Float64Array, q: number): Float64Array {
  const { m } = d;
  const out = new Float64Array(d.dates.length * q).fill(NaN);
  const sum = new Float64Array(q), cnt = new Float64Array(q);
  d.dates.forEach((i, k) => {
    sum.fill(0); cnt.fill(0);
    for (let j = 0; j < m; j++) {
      const lab = d.quantile[i * m + j];
      if (lab) { sum[lab - 1] += f[i * m + j]; cnt[lab - 1]++; }
    }
    for (let b = 0; b < q; b++) if (cnt[b]) out[k * q + b] = sum[b] / cnt[b];
  });
  return out;
}

function meanStdErr(xs: number[]): { mean: number; std_error: number; dates: number } {
  const t = tTest1Samp(xs);
  return { mean: t.mean, std_error: t.n > 1 ? t.std / Math.sqrt(t.n) : NaN, dates: t.n };
}

function quantileReturns(d: CleanFactorData, f: Float64Array, q: number) {
  const byDate = quantileMeansByDate(d, f, q);
  const nd = d.dates.length;
  const quantilesOut = [];
  for (let b = 0; b < q; b++) {
    const xs: number[] = [];
    for (let k = 0; k < nd; k++) if (!Number.isNaN(byDate[k * q + b])) xs.push(byDate[k * q + b]);
    quantilesOut.push({ quantile: b + 1, ...meanStdErr(xs) });
  }
  const spread: number[] = [];
  for (let k = 0; k < nd; k++) {
    const s = byDate[k * q + q - 1] - byDate[k * q];
    if (!Number.isNaN(s)) spread.push(s);
  }
  return { quantiles: quantilesOut, spread: meanStdErr(spread) };
}

/** Mean share of new names in quantile `label` between clean dates i - lag and i. */
export function quantileTurnover(d: CleanFactorData, label: number, lag: number): number {
  const { m } = d;
  const dates = d.dates.filter((i) => { for (let j = 0; j < m; j++) if (d.quantile[i * m + j] === label) return true; return false; });
  let sum = 0, cnt = 0;
  for (let k = lag; k < dates.length; k++) {
    const i = dates[k], p = dates[k - lag];
    let now = 0, fresh = 0;
    for (let j = 0; j < m; j++) {
      if (d.quantile[i * m + j] !== label) continue;
      now++;
      if (d.quantile[p * m + j] !== label) fresh++;
    }
    sum += fresh / now; cnt++;
  }
  return cnt ? sum / cnt : NaN;
}

/**
 * alphalens factor_rank_autocorrelation: per clean date, the Pearson correlation across
 * assets of the score ranks at date k and at clean date k - lag (assets present on both),
 * averaged over dates. High values mean a slow-moving factor (low turnover).
 */
export function rankAutocorrelation(d: CleanFactorData, scoreRanks: Float64Array[], lag: number): number {
  const { m } = d;
  const nd = d.dates.length;
  const full = new Float64Array(nd * m).fill(NaN);
  d.dates.forEach((i, k) => {
    let c = 0;
    for (let j = 0; j < m; j++) if (d.quantile[i * m + j]) full[k * m + j] = scoreRanks[k][c++];
  });
  const a = new Float64Array(m), b = new Float64Array(m);
  let sum = 0, cnt = 0;
  for (let k = lag; k < nd; k++) {
    let c = 0;
    for (let j = 0; j < m; j++) {
      const x = full[k * m + j], y = full[(k - lag) * m + j];
      if (!Number.isNaN(x) && !Number.isNaN(y)) { a[c] = x; b[c] = y; c++; }
    }
    const r = pearson(a.subarray(0, c), b.subarray(0, c));
    if (!Number.isNaN(r)) { sum += r; cnt++; }
  }
  return cnt ? sum / cnt : NaN;
}

export interface FactorReportOptions { horizons: number[]; quantiles: number; maxDropFraction: number; demeaned: boolean; groups?: Groups }

export function factorReport(scores: Panel, prices: Panel, o: FactorReportOptions) {
  const horizons = [...new Set(o.horizons)].sort((a, b) => a - b);
  const d = cleanFactorData(scores, prices, horizons, o.quantiles, o.maxDropFraction);
  const labels = horizons.map((h) => `${h}D`);
  const scoreRanks = scoreRanksByDate(d);
  const icValues = new Float64Array(d.dates.length * horizons.length);
  const icSum: Record<string, ReturnType<typeof icSummary>> = {};
  const qret: Record<string, ReturnType<typeof quantileReturns>["quantiles"]> = {};
  const spread: Record<string, ReturnType<typeof meanStdErr>> = {};
  const turnover: Record<string, { top: number; bottom: number; rank_autocorrelation: number }> = {};
  horizons.forEach((h, k) => {
    const ic = icByDate(d, d.forward[k], scoreRanks);
    ic.forEach((v, r) => (icValues[r * horizons.length + k] = v));
    icSum[labels[k]] = icSummary(ic);
    const f = o.demeaned ? demeaned(d, k, null, 1) : d.forward[k];
    const qr = quantileReturns(d, f, o.quantiles);
    qret[labels[k]] = qr.quantiles;
    spread[labels[k]] = qr.spread;
    turnover[labels[k]] = { top: quantileTurnover(d, o.quantiles, h), bottom: quantileTurnover(d, 1, h), rank_autocorrelation: rankAutocorrelation(d, scoreRanks, h) };
  });
  const icPanel = panel(Int32Array.from(d.dates, (i) => scores.index[i]), labels, icValues);
  const report: Record<string, unknown> = {
    ic: icPanel,
    ic_summary: icSum,
    ic_decay: horizons.map((h, k) => ({ horizon: h, mean_ic: icSum[labels[k]].mean })),
    quantile_returns: qret,
    spread,
    turnover,
    dropped: d.dropped,
  };
  if (o.groups) {
    const { codes, names } = groupCodes(scores.columns, o.groups);
    const gIc: Record<string, ReturnType<typeof icSummary>> = {};
    const gQ: Record<string, ReturnType<typeof quantileReturns>["quantiles"]> = {};
    const gS: Record<string, ReturnType<typeof meanStdErr>> = {};
    horizons.forEach((_h, k) => {
      const f = demeaned(d, k, codes, names.length);
      gIc[labels[k]] = icSummary(icByDate(d, f, scoreRanks));
      const qr = quantileReturns(d, f, o.quantiles);
      gQ[labels[k]] = qr.quantiles;
      gS[labels[k]] = qr.spread;
    });
    report.group_neutral = { ic_summary: gIc, quantile_returns: gQ, spread: gS };
  }
  return report;
}

export const factorReportParams = z.object({
  horizons: z.array(z.number().int().min(1)).min(1).default([1, 5, 21]).describe("forward-return horizons in rows (1 = next close)"),
  quantiles: z.number().int().min(2).max(100).default(5).describe("number of quantile buckets per date (pandas qcut)"),
  max_drop_fraction: z.number().min(0).max(1).default(0.35).describe("fail when more than this fraction of (date, asset) pairs is dropped"),
  demeaned: z.boolean().default(true).describe("quantile returns relative to the date's mean forward return (alphalens' default, long-short view)"),
});

export const factorReportBlock = defineBlock({
  id: "analysis.factor_report",
  title: "Factor report",
  description: "Alphalens-style evaluation of a factor: Spearman IC by date and its summary (mean, std, t-stat, p-value), IC decay over horizons, quantile mean forward returns, top-bottom spread, quantile turnover, a group-neutral variant when groups are given, and a report of the pairs dropped (fails above max_drop_fraction).",
  category: "analysis",
  params: factorReportParams,
  inputs: {
    scores: port.panel("factor scores, dates x assets (decided at each close)"),
    prices: port.panel("prices, dates x assets; must contain every score date and column"),
    groups: port.optional(port.groups("group (sector) of each asset, for the group-neutral variant")),
  },
  outputs: {
    ic: { kind: "panel", description: "Spearman IC by date (rows) and horizon (columns 1D, 5D, ...)" },
    ic_summary: { kind: "object", description: "per horizon: mean, std, risk_adjusted, t_stat, p_value, dates" },
    ic_decay: { kind: "list", description: "mean IC by horizon" },
    quantile_returns: { kind: "object", description: "per horizon, per quantile: mean forward return over dates, std_error, dates" },
    spread: { kind: "object", description: "per horizon: top minus bottom quantile mean return" },
    turnover: { kind: "object", description: "per horizon h: mean share of new names in the top and bottom quantiles versus h dates before, and the score rank autocorrelation at lag h" },
    group_neutral: { kind: "object", description: "with groups: ic_summary, quantile_returns, spread with returns demeaned within groups" },
    dropped: { kind: "object", description: "pairs dropped at each step and the fraction" },
  },
  compute: (params, inputs) => factorReport(inputs.scores, inputs.prices, {
    horizons: params.horizons, quantiles: params.quantiles, maxDropFraction: params.max_drop_fraction, demeaned: params.demeaned, groups: inputs.groups,
  }),
});
