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
import { performance as clock } from "node:perf_hooks";
import type { Panel } from "../blocks/core/values";
import { generateUniverse } from "../blocks/data/synthetic";
import { momentumPanel } from "../blocks/factors/momentum";
import { winsorizePanel } from "../blocks/factors/winsorize";
import { zscorePanel } from "../blocks/factors/zscore";
import { rollingParams, rollingWeights } from "../blocks/optimize/rolling";
import { backtestParams, runBacktest } from "../blocks/backtest/run";
import { performance as performanceKpis } from "../blocks/metrics/performance";
import { historicalVar } from "../blocks/risk/var";
import type { FileDataEngine } from "../kernel/data/engine";
import { loadPanel } from "../kernel/data/panels";

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

/** The in-memory part of the pipeline, from a prices panel (no load stage). */
export function runCompute(prices: Panel, time: (stage: Stage, f: () => void) => void = (_s, f) => f()): { kpis: PipelineKpis; weights: Panel } {
  let scores!: Panel, weights!: Panel, returns!: Float64Array, turnover!: Float64Array;
  let kpis!: PipelineKpis;
  time("factor", () => {
    // One buffer for the three steps (each kernel reads a row before writing it): no 80 MB
    // allocations (page faults) per step on the large universe.
    const momentum = momentumPanel(prices, PIPELINE.lookback, PIPELINE.skip);
    scores = zscorePanel(winsorizePanel(momentum, PIPELINE.lower, PIPELINE.upper, momentum.values), momentum.values);
  });
  time("optimize", () => {
    weights = rollingWeights(prices, scores, rollingParams.parse({
      rebalance: "monthly", window: PIPELINE.window, top_quantile: PIPELINE.topQuantile,
      method: "min_variance", covariance: "ledoit_wolf", bounds: [0, 1], net: 1,
    }));
  });
  time("backtest", () => {
    const r = runBacktest(prices, weights, undefined, backtestParams.parse({ rebalance: "monthly", cost_bps: PIPELINE.costBps }));
    returns = r.returns.subarray(1);
    turnover = r.turnover;
  });
  time("risk", () => {
    const perf = performanceKpis(returns, PIPELINE.periodsPerYear, 0);
    const finite = returns.filter((x) => x === x);
    const v = historicalVar(finite, PIPELINE.confidence);
    let turn = 0, k = 0;
    for (let t = 0; t < turnover.length; t++) if (turnover[t] > 0) { turn += turnover[t]; k++; }
    kpis = {
      total_return: perf.total_return, cagr: perf.cagr, volatility: perf.volatility, sharpe: perf.sharpe, sortino: perf.sortino,
      max_drawdown: perf.max_drawdown, calmar: perf.calmar, win_rate: perf.win_rate, profit_factor: perf.profit_factor,
      best: perf.best, worst: perf.worst, var_95: v.var, es_95: v.es,
      avg_turnover: k ? turn / k : 0, rebalances: weights.index.length, days: prices.index.length, assets: prices.columns.length,
    };
  });
  return { kpis, weights };
}

/**
 * Run the compute stages once, untimed, on a small synthetic universe (250 x 1,000), so that a
 * single timed run measures compiled code rather than V8 compiling it (as a Python run does
 * not time importing numpy). `npm run bench -- --data f --cold` skips it.
 */
export function warmUp(): void {
  const u = generateUniverse({ assets: 250, days: 1000, seed: 1 });
  runCompute(u.prices);
}

/** Load a long CSV or Parquet file into `engine` as table `prices` and pivot the closes. */
export async function loadPrices(engine: FileDataEngine, file: string): Promise<Panel> {
  await engine.drop("prices");
  if (/\.parquet$/i.test(file)) await engine.loadParquetFile("prices", file);
  else await engine.loadCsvFile("prices", file, { columns: { date: "DATE", symbol: "VARCHAR", close: "DOUBLE", volume: "DOUBLE" } });
  return loadPanel(engine, "prices", { date: "date", symbol: "symbol", value: "close" });
}

/** The whole pipeline on a file; `engine` is opened by the caller (its start-up is not timed). */
export async function runPipeline(engine: FileDataEngine, file: string): Promise<PipelineResult & { prices: Panel }> {
  const stages: Stages = { load: 0, factor: 0, optimize: 0, backtest: 0, risk: 0 };
  const t0 = clock.now();
  const prices = await loadPrices(engine, file);
  stages.load = (clock.now() - t0) / 1000;
  const { kpis } = runCompute(prices, (stage, f) => {
    const s = clock.now();
    f();
    stages[stage] = (clock.now() - s) / 1000;
  });
  const total = STAGES.reduce((s, k) => s + stages[k], 0);
  return { stages, total, kpis, prices };
}
