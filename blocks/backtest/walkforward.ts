/**
 * backtest.walk_forward: walk-forward optimisation of a one-instrument signal strategy.
 *
 * Windows (in bars): window k's out-of-sample part starts at b_k = in_sample + k x step and
 * runs out_of_sample bars (the last one may be shorter); its in-sample part is
 * [b_k - in_sample, b_k) (rolling) or [0, b_k) (anchored). On each in-sample part every
 * parameter set of the grid (cartesian product; sets the strategy refuses, e.g. fast >= slow,
 * are skipped) is backtested alone, starting flat, and the best by the objective (sharpe,
 * total_return or calmar; ties to the first in grid order) among those with at least
 * min_trades round trips is chosen. Signals at t use closes up to t only, so no choice
 * uses data of its out-of-sample part.
 *
 * The stitched out-of-sample run is one signal backtest from the close before the first
 * out-of-sample bar: the position decided at close t (earning over bar t+1) is the signal of
 * the window whose out-of-sample part holds bar t+1 (flat in gaps, or when a window had no
 * eligible parameters). Parameter changes between windows trade (and pay costs) like any
 * signal change.
 *
 * Diagnostics: parameter stability across windows; a sensitivity check of the most often
 * chosen parameter set, each numeric parameter moved by -20%, -10%, +10%, +20% (integers
 * rounded) with the objective over the whole series; a 70/15/15 train / validation / test
 * split (parameters chosen on train); and flags raised when an out-of-sample Sharpe falls
 * more than `max_degradation` (20%) below the in-sample one: oos < is - max_degradation x |is|.
 */
import { z } from "zod";
import { defineBlock, type BlockContext } from "../core/block";
import { BlockError, inputError, paramError } from "../core/errors";
import { port } from "../core/ports";
import { series } from "../core/values";
import { daysToIso } from "../core/dates";
import { calmarRatio } from "../metrics/drawdown";
import { nanMean, nanStd } from "../metrics/stats";
import { checkCloses, runSignalBacktest, type SignalCosts } from "./strategies/signal";
import { SIGNAL_STRATEGIES, type SignalStrategy } from "./strategies/registry";

export const walkForwardParams = z.object({
  strategy: z.enum(["sma_crossover", "rsi_reversion", "bollinger_breakout"]).default("sma_crossover").describe("signal strategy to optimise"),
  grid: z.record(z.string(), z.array(z.number()).min(1)).nullable().default(null).describe("values tried per parameter, e.g. {fast: [5, 10, 20], slow: [50, 100, 200]}; null: the strategy's default grid"),
  fixed: z.record(z.string(), z.union([z.number(), z.boolean()])).default({}).describe("other strategy parameters held fixed (e.g. allow_short)"),
  mode: z.enum(["rolling", "anchored"]).default("rolling").describe("rolling: in-sample of fixed length; anchored: in-sample from the first bar"),
  in_sample: z.number().int().min(2).default(504).describe("in-sample length in bars"),
  out_of_sample: z.number().int().min(1).default(126).describe("out-of-sample length in bars"),
  step: z.number().int().min(1).nullable().default(null).describe("bars between window starts (null: out_of_sample)"),
  objective: z.enum(["sharpe", "total_return", "calmar"]).default("sharpe").describe("in-sample score to maximise"),
  min_trades: z.number().int().min(0).default(1).describe("fewest in-sample round trips for a parameter set to be eligible"),
  commission_bps: z.number().min(0).default(0).describe("commission in basis points of traded value"),
  slippage_bps: z.number().min(0).default(0).describe("slippage in basis points of traded value"),
  max_degradation: z.number().min(0).default(0.2).describe("flag when out-of-sample Sharpe < in-sample Sharpe - this x |in-sample Sharpe|"),
});
type WfParams = z.output<typeof walkForwardParams>;
type ParamSet = Record<string, number | boolean>;

interface Score { sharpe: number; totalReturn: number; trades: number; objectiveOf(o: WfParams["objective"]): number }

/** Backtest signals on bars [from, to) starting flat at `from`, and score them. */
export function scoreSegment(close: Float64Array, signals: Float64Array, from: number, to: number, costs: SignalCosts): Score {
  const bt = runSignalBacktest(close.subarray(from, to), signals.subarray(from, to), costs);
  const r = bt.returns.subarray(1);
  const k = bt.kpis;
  const of = (o: WfParams["objective"]) => (o === "sharpe" ? k.sharpe : o === "total_return" ? k.total_return : calmarRatio(r));
  return { sharpe: k.sharpe, totalReturn: k.total_return, trades: k.num_trades, objectiveOf: of };
}

/** Costs are walk_forward's own params, not searched. */
const COST_KEYS = ["commission_bps", "slippage_bps"];

const better = (a: number, b: number) => (a === a ? a : -Infinity) > (b === b ? b : -Infinity);

/** Parameter sets of a grid (cartesian product in key order), validated by the strategy. */
export function expandGrid(strategy: SignalStrategy, grid: Record<string, number[]>, fixed: ParamSet): ParamSet[] {
  const known = Object.keys(strategy.params.shape).filter((k) => !COST_KEYS.includes(k));
  for (const key of [...Object.keys(grid), ...Object.keys(fixed)]) {
    if (!known.includes(key)) throw paramError([key in grid ? "grid" : "fixed", key], `"${key}" is not a parameter of this strategy (${known.join(", ")})`);
  }
  const keys = Object.keys(grid);
  const out: ParamSet[] = [];
  const rec = (i: number, acc: ParamSet) => {
    if (i === keys.length) {
      const parsed = strategy.params.safeParse({ ...fixed, ...acc });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw paramError(["grid", String(issue.path[0] ?? "")], `${issue.message} (${JSON.stringify(acc)})`);
      }
      const p = parsed.data as ParamSet;
      for (const k of COST_KEYS) delete p[k];
      if (strategy.invalid(p) === null) out.push(p);
      return;
    }
    for (const v of grid[keys[i]]) rec(i + 1, { ...acc, [keys[i]]: v });
  };
  rec(0, {});
  if (out.length === 0) throw paramError(["grid"], "no parameter set of the grid is valid for this strategy");
  return out;
}

function checkAbort(ctx: BlockContext): void {
  if (ctx.signal?.aborted) throw new BlockError("internal-error", "Cancelled", "backtest.walk_forward was cancelled");
}

/** Best parameter set on bars [from, to): index into `sets`, or -1 when none is eligible. */
function choose(close: Float64Array, signals: Float64Array[], from: number, to: number, p: WfParams, costs: SignalCosts, ctx: BlockContext): { best: number; score: number; sharpe: number; trades: number } {
  let best = -1, bestScore = NaN, sharpe = NaN, trades = 0;
  for (let i = 0; i < signals.length; i++) {
    checkAbort(ctx);
    const s = scoreSegment(close, signals[i], from, to, costs);
    if (s.trades < p.min_trades) continue;
    const o = s.objectiveOf(p.objective);
    if (best < 0 || better(o, bestScore)) { best = i; bestScore = o; sharpe = s.sharpe; trades = s.trades; }
  }
  return { best, score: bestScore, sharpe, trades };
}

const degraded = (isSharpe: number, oosSharpe: number, maxDeg: number) =>
  isSharpe === isSharpe && oosSharpe === oosSharpe ? oosSharpe < isSharpe - maxDeg * Math.abs(isSharpe) : false;

export function walkForward(index: Int32Array, close: Float64Array, p: WfParams, ctx: BlockContext = {}) {
  const n = close.length;
  const strategy = SIGNAL_STRATEGIES[p.strategy];
  const grid = p.grid ?? strategy.grid;
  const sets = expandGrid(strategy, grid, p.fixed);
  const costs = { commission_bps: p.commission_bps, slippage_bps: p.slippage_bps };
  const step = p.step ?? p.out_of_sample;
  if (n < p.in_sample + 2) throw inputError(["inputs", "close"], `${n} bars are too few for in_sample ${p.in_sample} and an out-of-sample part`);
  const signals = sets.map((s) => strategy.signals(close, s));

  const starts: number[] = [];
  for (let b = p.in_sample; b < n; b += step) starts.push(b);
  const windows: Record<string, unknown>[] = [];
  const chosen: number[] = [];
  const isSharpes: number[] = [];
  const total = starts.length + 2;
  starts.forEach((b, k) => {
    const a = p.mode === "rolling" ? b - p.in_sample : 0;
    const e = Math.min(b + p.out_of_sample, n);
    const c = choose(close, signals, a, b, p, costs, ctx);
    chosen.push(c.best);
    const oos = c.best >= 0 ? scoreSegment(close, signals[c.best], b - 1, e, costs) : null;
    if (c.best >= 0) isSharpes.push(c.sharpe);
    windows.push({
      window: k, is_start: daysToIso(index[a]), is_end: daysToIso(index[b - 1]), oos_start: daysToIso(index[b]), oos_end: daysToIso(index[e - 1]),
      params: c.best >= 0 ? sets[c.best] : null, is_objective: c.score, is_sharpe: c.sharpe, is_trades: c.trades,
      oos_sharpe: oos ? oos.sharpe : NaN, oos_total_return: oos ? oos.totalReturn : NaN, oos_trades: oos ? oos.trades : 0,
    });
    ctx.progress?.((k + 1) / total);
  });

  // stitched out-of-sample signal: decision at t belongs to the window holding bar t + 1
  const s0 = starts[0] - 1;
  const stitched = new Float64Array(n);
  for (let k = 0; k < starts.length; k++) {
    const e = Math.min(starts[k] + p.out_of_sample, n);
    const last = k + 1 < starts.length ? starts[k + 1] - 1 : n; // decisions up to the next window's first decision
    for (let t = starts[k] - 1; t < last; t++) stitched[t] = chosen[k] >= 0 && (t + 1 < e || (t + 1 === n && e === n)) ? signals[chosen[k]][t] : 0;
  }
  const bt = runSignalBacktest(close.subarray(s0), stitched.subarray(s0), costs);
  const oosSharpe = bt.kpis.sharpe;
  const isSharpe = nanMean(isSharpes);

  // stability of the chosen values, per searched parameter
  const stability: Record<string, unknown> = {};
  for (const key of Object.keys(grid)) {
    const vals = chosen.filter((c) => c >= 0).map((c) => sets[c][key] as number);
    const counts = new Map<number, number>();
    for (const v of vals) counts.set(v, (counts.get(v) ?? 0) + 1);
    let mode = NaN, top = 0;
    for (const [v, c] of counts) if (c > top) { mode = v; top = c; }
    stability[key] = { values: vals, mean: nanMean(vals), std: nanStd(vals, 1), distinct: counts.size, mode, mode_share: vals.length ? top / vals.length : NaN };
  }

  // sensitivity of the most often chosen set, objective over the whole series
  const freq = new Map<number, number>();
  for (const c of chosen) if (c >= 0) freq.set(c, (freq.get(c) ?? 0) + 1);
  let modal = -1, mf = 0;
  for (const [c, f] of freq) if (f > mf || (f === mf && c > modal)) { modal = c; mf = f; }
  const sensitivity: Record<string, unknown>[] = [];
  let baseObjective = NaN;
  if (modal >= 0) {
    const base = sets[modal];
    baseObjective = scoreSegment(close, signals[modal], 0, n, costs).objectiveOf(p.objective);
    for (const key of Object.keys(grid)) {
      for (const change of [-0.2, -0.1, 0.1, 0.2]) {
        checkAbort(ctx);
        let v = (base[key] as number) * (1 + change);
        if (strategy.integer.includes(key)) v = Math.max(2, Math.round(v));
        const trial = { ...base, [key]: v };
        const ok = strategy.params.safeParse(trial).success && strategy.invalid(trial) === null;
        const obj = ok ? scoreSegment(close, strategy.signals(close, trial), 0, n, costs).objectiveOf(p.objective) : NaN;
        sensitivity.push({ param: key, change, value: v, objective: obj, relative_change: ok && baseObjective !== 0 ? (obj - baseObjective) / Math.abs(baseObjective) : NaN });
      }
    }
  }
  ctx.progress?.((starts.length + 1) / total);

  // 70 / 15 / 15 split
  const n70 = Math.floor(0.7 * n), n85 = Math.floor(0.85 * n);
  const tr = choose(close, signals, 0, n70, p, costs, ctx);
  const seg = (from: number, to: number) => (tr.best >= 0 && to - from >= 3 ? scoreSegment(close, signals[tr.best], from, to, costs).sharpe : NaN);
  const valSharpe = seg(n70 - 1, n85), testSharpe = seg(n85 - 1, n);
  const split = {
    train: { start: daysToIso(index[0]), end: daysToIso(index[n70 - 1]), params: tr.best >= 0 ? sets[tr.best] : null, sharpe: tr.sharpe, objective: tr.score },
    validation: { start: daysToIso(index[n70]), end: daysToIso(index[n85 - 1]), sharpe: valSharpe },
    test: { start: daysToIso(index[n85]), end: daysToIso(index[n - 1]), sharpe: testSharpe },
    flag: degraded(tr.sharpe, valSharpe, p.max_degradation) || degraded(tr.sharpe, testSharpe, p.max_degradation),
  };
  ctx.progress?.(1);

  return {
    windows,
    equity: series(index.slice(s0), bt.equity),
    returns: series(index.slice(s0 + 1), bt.returns.slice(1)),
    kpis: bt.kpis,
    is_sharpe: isSharpe,
    oos_sharpe: oosSharpe,
    degradation: isSharpe === isSharpe && oosSharpe === oosSharpe && isSharpe !== 0 ? (isSharpe - oosSharpe) / Math.abs(isSharpe) : NaN,
    flag: degraded(isSharpe, oosSharpe, p.max_degradation),
    stability,
    sensitivity: { params: modal >= 0 ? sets[modal] : null, objective: baseObjective, rows: sensitivity },
    split,
    grid_size: sets.length,
  };
}

export const walkForwardBlock = defineBlock({
  id: "backtest.walk_forward",
  title: "Walk-forward optimisation",
  description: "Rolling or anchored walk-forward search of a signal strategy's parameters: best in-sample choice per window, stitched out-of-sample equity and KPIs, parameter stability, sensitivity to +-10% and +-20% changes, a 70/15/15 split, and a flag when out-of-sample Sharpe falls more than 20% below in-sample.",
  category: "backtest",
  params: walkForwardParams,
  inputs: { close: port.series("closing prices, no nulls") },
  outputs: {
    windows: { kind: "list", description: "per window: dates, chosen params, in-sample objective, Sharpe and trades, out-of-sample Sharpe, total return and trades" },
    equity: { kind: "series", description: "stitched out-of-sample equity from the close before the first out-of-sample bar (1 less the cost of entering there)" },
    returns: { kind: "series", description: "stitched out-of-sample returns" },
    kpis: { kind: "object", description: "KPIs of the stitched out-of-sample run" },
    is_sharpe: { kind: "number", description: "mean in-sample Sharpe of the chosen sets" },
    oos_sharpe: { kind: "number", description: "Sharpe of the stitched out-of-sample returns" },
    degradation: { kind: "number", description: "(is - oos) / |is|" },
    flag: { kind: "boolean", description: "true when oos_sharpe < is_sharpe - max_degradation x |is_sharpe|" },
    stability: { kind: "object", description: "per parameter: chosen values, mean, std, distinct, mode, mode_share" },
    sensitivity: { kind: "object", description: "the most often chosen set and its objective with each parameter moved by -20..+20%" },
    split: { kind: "object", description: "70/15/15 train / validation / test Sharpe and flag" },
    grid_size: { kind: "number", description: "number of valid parameter sets" },
  },
  compute: (params, inputs, ctx) => {
    checkCloses(inputs.close.values);
    return walkForward(inputs.close.index, inputs.close.values, params, ctx);
  },
});
