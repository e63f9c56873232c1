/**
 * The reference pipeline of the headless benchmark (shared/CONTRACTS.md, "Headless
 * pipeline benchmark"), on the fast path: the blocks' exported kernels over
 * Float64Array panels, no JSON anywhere.
 *
 * Stages (each timed with performance.now, in seconds):
 * - load:     the long file (date, symbol, close, volume) into DuckDB (native by default,
 *             DuckDB-WASM with engine "wasm"), pivoted to a prices Panel (kernel/data/panels.ts).
 * - factor:   12-1 momentum (lookback 252, skip 21), winsorize at the 5% / 95% cross-sectional
 *             quantiles, cross-sectional z-score (factor.momentum, factor.winsorize, factor.zscore).
 * - optimize: optimize.rolling: at each month end, the top quintile of the z-scores, Ledoit-Wolf
 *             covariance of their trailing 252 daily returns (x 252), long-only min variance
 *             (bounds [0, 1], weights sum to 1).
 * - backtest: backtest.run on those targets, monthly rebalance, 10 bps per unit of turnover.
 * - risk:     metrics.performance of the daily returns and 95% historical VaR / ES (risk.var).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance as clock } from "node:perf_hooks";
import { panel, type Panel } from "../blocks/core/values";
import { checkPositivePrices, momentumKernel } from "../blocks/factors/momentum";
import { RowClipper, zscoreRow } from "../blocks/factors/crossSection";
import { rollingParams, rollingRows, rollingWeights } from "../blocks/optimize/rolling";
import { backtestParams, runBacktest } from "../blocks/backtest/run";
import { performance as performanceKpis } from "../blocks/metrics/performance";
import { historicalVar } from "../blocks/risk/var";
import type { FileDataEngine } from "../kernel/data/engine";
import { loadPanel } from "../kernel/data/panels";
import { writeUniverseCsv } from "./universe";

export const STAGES = ["load", "factor", "optimize", "backtest", "risk"] as const;
export type Stage = (typeof STAGES)[number];
export type Stages = Record<Stage, number>;

/** Parameters of the reference pipeline (one place, shared with reference.ts). */
export const PIPELINE = {
  lookback: 252,
  skip: 21,
  lower: 0.05,
  upper: 0.95,
  window: 252,
  topQuantile: 0.2,
  costBps: 10,
  confidence: 0.95,
  periodsPerYear: 252,
} as const;

/** The KPIs the benchmark prints and the check compares (null where undefined). */
export interface PipelineKpis {
  total_return: number; cagr: number; volatility: number; sharpe: number; sortino: number;
  max_drawdown: number; calmar: number; win_rate: number; profit_factor: number;
  best: number; worst: number; var_95: number; es_95: number;
  avg_turnover: number; rebalances: number; days: number; assets: number;
}

export interface PipelineResult { stages: Stages; total: number; kpis: PipelineKpis }

/** optimize.rolling's parameters in the reference pipeline. */
export const ROLLING = rollingParams.parse({
  rebalance: "monthly", window: PIPELINE.window, top_quantile: PIPELINE.topQuantile,
  method: "min_variance", covariance: "ledoit_wolf", bounds: [0, 1], net: 1,
});

/**
 * The factor stage on rows [from, to) of `out` (n x m): 12-1 momentum, winsorized and
 * z-scored in place, one row at a time: the three kernels of factor.momentum,
 * factor.winsorize and factor.zscore run on a row while it is in cache, and the panel is
 * written once (no 80 MB buffer per step, with its page faults, on the large universe).
 * Rows are independent: two threads can each fill a part of one buffer.
 */
export function factorRows(prices: Panel, out: Float64Array, from: number, to: number): void {
  const n = prices.index.length, m = prices.columns.length;
  checkPositivePrices(prices, "prices", from, to);
  const clipper = new RowClipper(PIPELINE.lower, PIPELINE.upper, m);
  for (let t = from; t < to; t++) {
    momentumKernel(prices.values, n, m, PIPELINE.lookback, PIPELINE.skip, out, t, t + 1);
    const row = out.subarray(t * m, t * m + m);
    clipper.clip(row, row);
    zscoreRow(row, row);
  }
}

/**
 * A second thread that takes part of the factor and optimize stages (bench/computeHelper.ts:
 * a worker_threads worker, started before anything is timed, as the DuckDB engine is).
 */
export interface ComputeHelper {
  /** The prices in shared memory, which the helper reads too (a copy: part of the load stage). */
  share(prices: Panel): Promise<Panel>;
  /** factorRows on the shared prices into `scores` (shared memory, n x m), rows [from, to). */
  factor(scores: Float64Array, from: number, to: number): Promise<void>;
  /** rollingWeights(prices, scores, ROLLING) at rebalance rows [from, to): the weights rows. */
  optimize(scores: Float64Array, from: number, to: number): Promise<Float64Array>;
}

type Time = (stage: Stage, f: () => Promise<void> | void) => Promise<void>;
const untimed: Time = async (_s, f) => { await f(); };

/**
 * The in-memory part of the pipeline, from a prices panel (no load stage). With a helper,
 * factor rows and rebalance dates are split in two halves, one per thread (prices must then
 * come from helper.share); the backtest and the risk stage are sequential in time.
 */
export async function runCompute(prices: Panel, time: Time = untimed, helper?: ComputeHelper): Promise<{ kpis: PipelineKpis; weights: Panel }> {
  const n = prices.index.length, m = prices.columns.length;
  let scores!: Panel, weights!: Panel, returns!: Float64Array, turnover!: Float64Array;
  let kpis!: PipelineKpis;
  await time("factor", async () => {
    const values = helper ? new Float64Array(new SharedArrayBuffer(8 * n * m)) : new Float64Array(n * m);
    // Rows before the lookback are only NaN: split the rows that compute in two halves.
    const half = Math.min(n, PIPELINE.lookback + ((n - PIPELINE.lookback) >> 1));
    const other = helper?.factor(values, half, n); // posted first, so both threads work at once
    factorRows(prices, values, 0, helper ? half : n);
    await other;
    scores = panel(prices.index, prices.columns, values);
  });
  await time("optimize", async () => {
    if (!helper) { weights = rollingWeights(prices, scores, ROLLING); return; }
    const rows = rollingRows(prices.index, ROLLING), half = (rows.length + 1) >> 1;
    const other = helper.optimize(scores.values, half, rows.length);
    const mine = rollingWeights(prices, scores, ROLLING, undefined, undefined, { from: 0, to: half });
    const values = new Float64Array(rows.length * m);
    values.set(mine.values);
    values.set(await other, half * m);
    weights = panel(Int32Array.from(rows, (t) => prices.index[t]), prices.columns.slice(), values);
  });
  await time("backtest", () => {
    const r = runBacktest(prices, weights, undefined, backtestParams.parse({ rebalance: "monthly", cost_bps: PIPELINE.costBps }));
    returns = r.returns.subarray(1);
    turnover = r.turnover;
  });
  await time("risk", () => {
    const perf = performanceKpis(returns, PIPELINE.periodsPerYear, 0);
    const finite = returns.filter((x) => x === x);
    const v = historicalVar(finite, PIPELINE.confidence);
    let turn = 0, k = 0;
    for (let t = 0; t < turnover.length; t++) if (turnover[t] > 0) { turn += turnover[t]; k++; }
    kpis = {
      total_return: perf.total_return, cagr: perf.cagr, volatility: perf.volatility, sharpe: perf.sharpe, sortino: perf.sortino,
      max_drawdown: perf.max_drawdown, calmar: perf.calmar, win_rate: perf.win_rate, profit_factor: perf.profit_factor,
      best: perf.best, worst: perf.worst, var_95: v.var, es_95: v.es,
      avg_turnover: k ? turn / k : 0, rebalances: weights.index.length, days: n, assets: m,
    };
  });
  return { kpis, weights };
}

/**
 * The warm-up universe: as wide as the medium (the top quintile is 100 assets, so the QP's
 * working set outgrows its first buffers as it does there), with ~35 rebalances per pass, so
 * the QP's functions are hot enough to be optimized before the timed run. A narrower one
 * (250 x 1,000) left branches the medium takes without type feedback, and V8 deoptimized and
 * compiled them again inside the timed run, on the two cores the run computes on.
 */
export const WARM_UP = { assets: 500, days: 1000, seed: 1 } as const;

/**
 * Passes of the warm-up: the backtest and the risk stage are called once per run, so V8
 * optimizes them (beyond compiling their loops alone) only after several runs.
 */
export const WARM_UP_PASSES = { load: 3, compute: 8 } as const;

/**
 * Run the pipeline untimed on a small synthetic universe (WARM_UP) written to a temporary CSV
 * and loaded through `engine`, as the timed file is (WARM_UP_PASSES: loads, then compute
 * passes): a single timed run then measures compiled code rather than V8 compiling it (as a
 * Python run does not time importing numpy). The load path too: the panel a load makes has
 * other hidden classes than a generated one, which deoptimized the factor stage when only
 * compute was warmed. With a helper, on both threads. `--cold` skips it.
 */
export async function warmUp(engine: FileDataEngine, helper?: ComputeHelper): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-warm-up-"));
  try {
    const file = join(dir, "warm-up.csv");
    await writeUniverseCsv(file, WARM_UP);
    let prices!: Panel;
    for (let pass = 0; pass < WARM_UP_PASSES.compute; pass++) {
      if (pass < WARM_UP_PASSES.load) {
        const loaded = await loadPrices(engine, file);
        prices = helper ? await helper.share(loaded) : loaded;
      }
      await runCompute(prices, untimed, helper);
    }
    await engine.drop("prices");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Load a long CSV or Parquet file into `engine` as table `prices` and pivot the closes. */
export async function loadPrices(engine: FileDataEngine, file: string): Promise<Panel> {
  await engine.drop("prices");
  if (/\.parquet$/i.test(file)) await engine.loadParquetFile("prices", file);
  else await engine.loadCsvFile("prices", file, { columns: { date: "DATE", symbol: "VARCHAR", close: "DOUBLE", volume: "DOUBLE" } });
  return loadPanel(engine, "prices", { date: "date", symbol: "symbol", value: "close" });
}

/** The whole pipeline on a file; `engine` and `helper` are started by the caller (their start-up is not timed). */
export async function runPipeline(engine: FileDataEngine, file: string, helper?: ComputeHelper): Promise<PipelineResult & { prices: Panel }> {
  const stages: Stages = { load: 0, factor: 0, optimize: 0, backtest: 0, risk: 0 };
  const t0 = clock.now();
  const loaded = await loadPrices(engine, file);
  const prices = helper ? await helper.share(loaded) : loaded;
  stages.load = (clock.now() - t0) / 1000;
  const { kpis } = await runCompute(prices, async (stage, f) => {
    const s = clock.now();
    await f();
    stages[stage] = (clock.now() - s) / 1000;
  }, helper);
  const total = STAGES.reduce((s, k) => s + stages[k], 0);
  return { stages, total, kpis, prices };
}
