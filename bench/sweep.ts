/**
 * The parameter-sweep workload: SMA crossover (strategy.sma_crossover's rule, long or
 * flat) over a 40 x 50 grid of (fast, slow) = 2,000 parameter sets on the bundled S&P 500
 * closes (public/data/sp500-2000.csv, 2000-2020, ~5,100 bars), 10 bps per trade.
 *
 * Fast inner loop: the SMA of each distinct period is computed once (90 SMAs, not 4,000),
 * a set's signal is one comparison pass, and the backtest is the blocks' own
 * runSignalBacktest (the engine of backtest.run and strategy.*). Walk-forward: rolling
 * 504-bar in-sample, 126-bar out-of-sample windows; each set is scored on every in-sample
 * part with walk_forward's own scoreSegment, the best by Sharpe wins (ties to grid order),
 * exactly as backtest.walk_forward chooses.
 *
 * Tasks are ranges of parameter sets, so a pool of workers can share one sweep.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runSignalBacktest } from "../blocks/backtest/strategies/signal";
import { scoreSegment } from "../blocks/backtest/walkforward";
import { sma1d } from "../blocks/indicators/sma";

export const SP500 = resolve(dirname(fileURLToPath(import.meta.url)), "../public/data/sp500-2000.csv");
export const FAST = Array.from({ length: 40 }, (_, i) => 2 + i); // 2..41
export const SLOW = Array.from({ length: 50 }, (_, i) => 45 + 5 * i); // 45..290
export const COSTS = { commission_bps: 10, slippage_bps: 0 };
export const WF = { inSample: 504, outOfSample: 126 };

export interface ParamSet { fast: number; slow: number }

/** The grid in walk_forward's order (fast outer, slow inner). */
export function grid(): ParamSet[] {
  const out: ParamSet[] = [];
  for (const fast of FAST) for (const slow of SLOW) if (fast < slow) out.push({ fast, slow });
  return out;
}

export function readCloses(file = SP500): { dates: string[]; close: Float64Array } {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const h = lines[0].split(",");
  const d = h.indexOf("date"), c = h.indexOf("close");
  const rows = lines.slice(1).map((l) => l.split(","));
  return { dates: rows.map((r) => r[d]), close: Float64Array.from(rows, (r) => Number(r[c])) };
}

/** SMAs by period, each computed once. */
export function smaCache(close: Float64Array, periods: Iterable<number>): Map<number, Float64Array> {
  const m = new Map<number, Float64Array>();
  for (const p of periods) if (!m.has(p)) m.set(p, sma1d(close, p));
  return m;
}

/** strategy.sma_crossover's signal (long while SMA(fast) > SMA(slow), else flat) from cached SMAs. */
export function crossoverSignal(f: Float64Array, s: Float64Array, out: Float64Array = new Float64Array(f.length)): Float64Array {
  for (let t = 0; t < f.length; t++) out[t] = f[t] === f[t] && s[t] === s[t] && f[t] > s[t] ? 1 : 0;
  return out;
}

export interface SweepTask { kind: "sweep" | "walk_forward"; from: number; to: number }
/** sweep: [sharpe, total_return, trades] per set; walk_forward: [best set, its Sharpe] per window. */
export interface SweepResult { kind: SweepTask["kind"]; from: number; to: number; values: Float64Array }

export class SweepRunner {
  readonly sets = grid();
  readonly close: Float64Array;
  private readonly smas: Map<number, Float64Array>;
  private readonly signal: Float64Array<ArrayBuffer>;
  readonly starts: number[] = [];

  constructor(close: Float64Array = readCloses().close) {
    this.close = close;
    this.smas = smaCache(close, [...FAST, ...SLOW]);
    this.signal = new Float64Array(close.length);
    for (let b = WF.inSample; b < close.length; b += WF.outOfSample) this.starts.push(b);
  }

  private signalOf(i: number): Float64Array {
    const p = this.sets[i];
    return crossoverSignal(this.smas.get(p.fast)!, this.smas.get(p.slow)!, this.signal);
  }

  run(task: SweepTask): SweepResult {
    if (task.kind === "sweep") {
      const values = new Float64Array((task.to - task.from) * 3);
      for (let i = task.from; i < task.to; i++) {
        const k = runSignalBacktest(this.close, this.signalOf(i), COSTS).kpis;
        const o = (i - task.from) * 3;
        values[o] = k.sharpe; values[o + 1] = k.total_return; values[o + 2] = k.num_trades;
      }
      return { ...task, values };
    }
    const w = this.starts.length;
    const values = new Float64Array(2 * w).fill(NaN);
    for (let k = 0; k < w; k++) values[2 * k] = -1;
    for (let i = task.from; i < task.to; i++) {
      const sig = this.signalOf(i);
      for (let k = 0; k < w; k++) {
        const b = this.starts[k];
        const s = scoreSegment(this.close, sig, b - WF.inSample, b, COSTS);
        if (s.trades < 1) continue;
        if (values[2 * k] < 0 || better(s.sharpe, values[2 * k + 1])) { values[2 * k] = i; values[2 * k + 1] = s.sharpe; }
      }
    }
    return { ...task, values };
  }
}

/** walk_forward's comparison: NaN counts as -Infinity, ties keep the earlier set. */
export const better = (a: number, b: number) => (a === a ? a : -Infinity) > (b === b ? b : -Infinity);

/** Merge walk-forward chunk results (in grid order) into the best set per window. */
export function mergeWalkForward(results: SweepResult[], windows: number): Int32Array {
  const best = new Int32Array(windows).fill(-1), score = new Float64Array(windows).fill(NaN);
  for (const r of results.slice().sort((a, b) => a.from - b.from)) {
    for (let k = 0; k < windows; k++) {
      const i = r.values[2 * k];
      if (i < 0) continue;
      if (best[k] < 0 || better(r.values[2 * k + 1], score[k])) { best[k] = i; score[k] = r.values[2 * k + 1]; }
    }
  }
  return best;
}
