/**
 * optimize.rolling: a walk-forward optimizer. At each rebalance date t (a price date
 * whose next price date is in another week or month, as backtest.run defines it;
 * never the last date), using only rows dated <= t:
 *   1. returns of the trailing `window` rows ending at t (assets with a null in the
 *      window, or without a score at t, are left out);
 *   2. the top `top_quantile` of the scores dated t (the latest scores row <= t):
 *      max(1, floor(top_quantile x eligible)) assets, highest scores first;
 *   3. covariance of their returns (`covariance`: sample, ledoit_wolf or exponential),
 *      annualized x 252, expected returns = arithmetic mean x 252 where needed;
 *   4. optimize.portfolio with `method`, `bounds`, `net`, `max_weight`.
 * Output: a weights Panel (rows at rebalance dates, every price column, 0 when not held)
 * that backtest.run consumes. Dates before the first full window are skipped.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { BlockError, inputError } from "../core/errors";
import { monthKey, isoWeekKey, daysToIso } from "../core/dates";
import { port } from "../core/ports";
import { matrix, panel, type Panel } from "../core/values";
import { selectKth } from "../factors/crossSection";
import { estimateCovariance, ledoitWolfIntensity, shrunkCovariance } from "../riskmodels/covariance";
import { columnReturns, WindowCrossProducts } from "../riskmodels/windowCross";
import { WasmGram } from "../riskmodels/gramWasm";
import { optimizePortfolio, portfolioParams } from "./portfolio";

export const rollingParams = z.object({
  rebalance: z.enum(["daily", "weekly", "monthly"]).default("monthly").describe("rebalance frequency"),
  window: z.number().int().min(2).default(252).describe("trailing returns rows used at each rebalance"),
  top_quantile: z.number().gt(0).max(1).default(0.2).describe("fraction of the scored universe selected (highest scores)"),
  method: z.enum(["equal_weight", "inverse_volatility", "min_variance", "max_sharpe", "mean_variance", "risk_parity", "hrp"]).default("min_variance").describe("optimize.portfolio method"),
  covariance: z.enum(["sample", "ledoit_wolf", "exponential"]).default("ledoit_wolf").describe("risk.covariance method"),
  halflife: z.number().positive().default(63).describe("exponential covariance half-life"),
  bounds: z.tuple([z.number(), z.number()]).default([0, 1]).describe("[lower, upper] per weight"),
  net: z.number().default(1).describe("sum of weights"),
  max_weight: z.number().positive().nullable().default(null).describe("max |weight|"),
  risk_aversion: z.number().positive().default(1).describe("mean_variance risk aversion"),
  risk_free: z.number().default(0).describe("annual risk-free rate (max_sharpe)"),
});
type Params = z.output<typeof rollingParams>;

/** Row indices of rebalance dates (backtest.run's rule). */
export function rebalanceRows(index: Int32Array, rule: Params["rebalance"]): number[] {
  const out: number[] = [];
  for (let t = 0; t + 1 < index.length; t++) {
    if (rule === "daily") out.push(t);
    else if (rule === "weekly" ? isoWeekKey(index[t]) !== isoWeekKey(index[t + 1]) : monthKey(index[t]) !== monthKey(index[t + 1])) out.push(t);
  }
  return out;
}

/** The rebalance rows rollingWeights optimizes at: those with a full window before them. */
export function rollingRows(index: Int32Array, p: Pick<Params, "rebalance" | "window">): number[] {
  return rebalanceRows(index, p.rebalance).filter((t) => t >= p.window);
}

/** Annualized covariance and daily mean returns of the chosen assets over a window. */
interface WindowEstimate { covariance: Float64Array; means: Float64Array; proven: boolean }

/**
 * One rollingWeights call's state, carried from one rebalance to the next. A class rather
 * than closures made per call: V8 keeps a class's compiled methods from one call to the
 * next, where new closures deoptimized the code inlining the last call's, every call.
 */
class RollingRun {
  private readonly m: number;
  private readonly T: number;
  private readonly scoreCol: Int32Array;
  private readonly base: ReturnType<typeof portfolioParams.parse>;
  private readonly returns: Float64Array;
  /** per asset, its rows whose return is NaN (ascending) */
  private readonly nanRows: number[][];
  /** rolled cross products (sample and Ledoit-Wolf); null for the exponential covariance */
  private readonly windows: WindowCrossProducts | null;
  /** the last weights, per asset: the next QP's warm start */
  private readonly held: Float64Array;
  /** eligible names at a date: score and asset, `count` of them */
  private readonly eligibleScore: Float64Array;
  private readonly eligibleAsset: Int32Array;
  private readonly selectScratch: Float64Array;
  /** lastNaN[j]: asset j's last NaN return row <= the t of its previous check; nanAt[j]: the next one in nanRows[j] */
  private readonly lastNaN: Int32Array;
  private readonly nanAt: Int32Array;
  /** the latest scores row dated <= the current rebalance */
  private sRow = -1;

  constructor(private readonly prices: Panel, private readonly scores: Panel, private readonly p: Params, rows: number[], private readonly signal?: AbortSignal) {
    const m = prices.columns.length, T = prices.index.length;
    this.m = m;
    this.T = T;
    this.scoreCol = Int32Array.from(prices.columns, (c) => scores.columns.indexOf(c));
    this.base = portfolioParams.parse({ method: p.method, bounds: p.bounds, net: p.net, max_weight: p.max_weight, risk_aversion: p.risk_aversion, risk_free: p.risk_free });
    // Sample and Ledoit-Wolf covariances come from cross products rolled between rebalances;
    // only the returns of rows some window reads are computed.
    const firstRow = rows.length ? Math.max(1, rows[0] - p.window + 1) : 1;
    this.nanRows = Array.from({ length: m }, (): number[] => []);
    // The SIMD kernel's memory holds the returns (the cross products read them in place).
    const wasm = p.covariance === "exponential" ? null : WasmGram.create(T * m, Math.max(1, Math.floor(p.top_quantile * m)));
    this.returns = columnReturns(prices.values, T, m, firstRow, rows.length ? rows[rows.length - 1] + 1 : 1, this.nanRows, wasm?.x);
    this.windows = p.covariance === "exponential" ? null : new WindowCrossProducts(this.returns, T, m, wasm);
    this.held = new Float64Array(m);
    this.eligibleScore = new Float64Array(m);
    this.eligibleAsset = new Int32Array(m);
    this.selectScratch = new Float64Array(m);
    // Rows before the first row a window reads count as NaN.
    this.lastNaN = new Int32Array(m).fill(firstRow - 1);
    this.nanAt = new Int32Array(m);
  }

  /** Annualized covariance and daily mean returns of `chosen` over rows [start, end). */
  private windowCovariance(start: number, end: number, chosen: number[]): WindowEstimate {
    const { p, windows, returns, T } = this;
    const c = chosen.length, w = end - start;
    let covariance: Float64Array, means: Float64Array, proven = false;
    if (windows) {
      const mom = windows.moments(start, end, Int32Array.from(chosen));
      means = mom.means;
      if (p.covariance === "ledoit_wolf") {
        const shrinkage = ledoitWolfIntensity(mom.xtx, mom.rowSquares, w, c);
        covariance = shrunkCovariance(mom.xtx, w, c, shrinkage, mom.xtx);
        // (1 - s) X'X/T + s mu I has every eigenvalue >= s mu and at most n mu: positive definite with room to spare.
        proven = shrinkage > 1e-6;
      } else {
        covariance = mom.xtx;
        for (let i = 0; i < covariance.length; i++) covariance[i] /= w - 1;
      }
    } else {
      const ret = new Float64Array(w * c);
      means = new Float64Array(c);
      for (let a = 0; a < c; a++) {
        const o = chosen[a] * T + start;
        for (let r = 0; r < w; r++) { ret[r * c + a] = returns[o + r]; means[a] += returns[o + r]; }
        means[a] /= w;
      }
      const retPanel = panel(this.prices.index.slice(start, end), chosen.map((j) => this.prices.columns[j]), ret);
      covariance = estimateCovariance(retPanel, { method: p.covariance, periods_per_year: null, halflife: p.halflife, k: 1 }).covariance;
    }
    for (let i = 0; i < covariance.length; i++) covariance[i] *= 252;
    return { covariance, means, proven };
  }

  /**
   * The last weights of the names chosen again, rescaled to the budget: the next QP's warm start
   * (most of the held names stay; new names start at 0). Undefined when that is not feasible.
   */
  private warmStart(chosen: number[]): Float64Array | undefined {
    const { p, held } = this;
    const x = new Float64Array(chosen.length);
    for (let a = 0; a < x.length; a++) x[a] = held[chosen[a]];
    let s = 0;
    for (let a = 0; a < x.length; a++) s += x[a];
    if (!(s > 0) || p.bounds[0] > 0) return undefined;
    for (let a = 0; a < x.length; a++) { x[a] *= p.net / s; if (x[a] > p.bounds[1] || (p.max_weight !== null && x[a] > p.max_weight)) return undefined; }
    return x;
  }

  /**
   * The top k of the `count` eligible names by score, ties to the lower asset index: the k-th
   * largest score by selection, then one pass in asset order.
   */
  private topNames(count: number, k: number): number[] {
    const { eligibleScore, eligibleAsset, selectScratch } = this;
    selectScratch.set(eligibleScore.subarray(0, count));
    const cut = selectKth(selectScratch, count, count - k);
    let above = 0;
    for (let e = 0; e < count; e++) if (eligibleScore[e] > cut) above++;
    const chosen: number[] = [];
    let ties = k - above;
    for (let e = 0; e < count; e++) {
      const s = eligibleScore[e];
      if (s > cut || (s === cut && ties-- > 0)) chosen.push(eligibleAsset[e]);
    }
    return chosen;
  }

  /**
   * A price > 0 on each row t - window .. t <=> no NaN among the returns of rows
   * t - window + 1 .. t. Calls come with t ascending, so each asset's NaN rows are walked once.
   */
  private fullWindow(j: number, t: number): boolean {
    const bad = this.nanRows[j], lastNaN = this.lastNaN;
    let k = this.nanAt[j];
    while (k < bad.length && bad[k] <= t) lastNaN[j] = bad[k++];
    this.nanAt[j] = k;
    return lastNaN[j] <= t - this.p.window;
  }

  /** The weights at rebalance row t into out's row k (0 where not held). */
  step(t: number, k: number, out: Float64Array): void {
    const { prices, scores, p, m, scoreCol, signal } = this;
    if (signal?.aborted) throw new BlockError("no-solution", "Cancelled", "the rolling optimization was cancelled");
    const day = prices.index[t];
    while (this.sRow + 1 < scores.index.length && scores.index[this.sRow + 1] <= day) this.sRow++;
    let count = 0;
    if (this.sRow >= 0) {
      const so = this.sRow * scores.columns.length;
      for (let j = 0; j < m; j++) {
        const sj = scoreCol[j];
        if (sj < 0) continue;
        const s = scores.values[so + sj];
        if (Number.isFinite(s) && this.fullWindow(j, t)) { this.eligibleScore[count] = s; this.eligibleAsset[count++] = j; }
      }
    }
    if (!count) return;
    const chosen = this.topNames(count, Math.max(1, Math.floor(p.top_quantile * count)));
    const c = chosen.length, w = p.window;
    const cols = chosen.map((j) => prices.columns[j]);
    const { covariance, means, proven } = this.windowCovariance(t - w + 1, t + 1, chosen);
    let mu: Record<string, number> | undefined; // only for the methods that use expected returns
    if (p.method === "max_sharpe" || p.method === "mean_variance") {
      mu = {};
      for (let a = 0; a < c; a++) mu[cols[a]] = means[a] * 252;
    }
    let res;
    try {
      res = c === 1 ? { weights: Float64Array.of(p.net) } : optimizePortfolio(this.base, { covariance: matrix(cols, covariance), expected_returns: mu }, { signal }, { positiveDefinite: proven, start: this.warmStart(chosen) });
    } catch (e) {
      if (e instanceof BlockError) throw new BlockError(e.type, e.title, `on ${daysToIso(day)}: ${e.message}`, e.issues);
      throw e;
    }
    const held = this.held;
    held.fill(0);
    for (let a = 0; a < c; a++) { out[k * m + chosen[a]] = res.weights[a]; held[chosen[a]] = res.weights[a]; }
  }
}

/**
 * Weights at the rebalance rows `rollingRows` gives; with `part`, at rows[from .. to) only
 * (each part is independent: two threads can each do one, and their rows concatenated equal
 * one call's, up to the last bits of the QP's convergence, as each part starts cold).
 */
export function rollingWeights(prices: Panel, scores: Panel, p: Params, progress?: (f: number) => void, signal?: AbortSignal, part?: { from: number; to: number }): Panel {
  const m = prices.columns.length;
  const all = rollingRows(prices.index, p);
  const rows = part ? all.slice(part.from, part.to) : all;
  const out = new Float64Array(rows.length * m);
  const run = new RollingRun(prices, scores, p, rows, signal);
  for (let k = 0; k < rows.length; k++) {
    run.step(rows[k], k, out);
    progress?.((k + 1) / rows.length);
  }
  return panel(Int32Array.from(rows, (t) => prices.index[t]), prices.columns.slice(), out);
}

export const rollingBlock = defineBlock({
  id: "optimize.rolling",
  title: "Rolling optimizer",
  description: "Walk-forward weights: at each rebalance date, the top quantile of the scores optimized on the trailing window of returns (no look-ahead); a weights panel for backtest.run.",
  category: "optimize",
  params: rollingParams,
  inputs: {
    prices: port.panel("prices, dates x assets"),
    scores: port.panel("scores (e.g. momentum z-scores), dates x assets"),
  },
  outputs: { weights: { kind: "panel", description: "target weights at rebalance dates" } },
  compute: (params, inputs, ctx) => {
    if (inputs.prices.index.length <= params.window) throw inputError(["inputs", "prices", "index"], `needs more than window = ${params.window} rows, got ${inputs.prices.index.length}`);
    return { weights: rollingWeights(inputs.prices, inputs.scores, params, ctx.progress, ctx.signal) };
  },
});
