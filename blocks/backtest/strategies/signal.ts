/**
 * The one-instrument signal backtest: `signals[t]` is the target position in [-1, 1]
 * (fraction of equity; NaN = flat) decided at the close of bar t, filled at that close
 * and earning from t+1 on: the same convention and the same engine as backtest.run
 * (engine.ts). The position is traded only when the signal changes; in between it drifts
 * with the price (shares held). Costs: (commission_bps + slippage_bps) / 1e4 per unit of
 * traded weight.
 *
 * Trade records are round trips: a trade opens when the signal leaves 0 (or flips sign)
 * and closes when it returns to 0 or flips (the flip opens the next one at the same close);
 * size changes of the same sign stay in one trade. pnl is the change in equity over the
 * trade (equity starts at 1; costs of its own entry and exit included), return = pnl over
 * the equity at entry, price_return = direction x (exit / entry - 1). A trade still open at
 * the last bar is closed there with open = true.
 */
import { BlockError, inputError } from "../../core/errors";
import { series, type Series, type Table } from "../../core/values";
import { performance, type PerformanceKpis } from "../../metrics/performance";
import { simulatePortfolio } from "../engine";

export interface SignalCosts { commission_bps: number; slippage_bps: number }

export interface TradeRecords {
  entryIndex: number[]; exitIndex: number[]; direction: number[]; size: number[];
  entryPrice: number[]; exitPrice: number[]; pnl: number[]; ret: number[]; priceReturn: number[]; open: boolean[];
}

export interface SignalKpis extends PerformanceKpis {
  num_trades: number; trade_win_rate: number; avg_trade_return: number; exposure: number;
}

export interface SignalBacktest {
  /** Equity after each close, 1 at the start. */
  equity: Float64Array;
  /** returns[t] = equity[t] / equity[t-1] - 1; returns[0] is NaN. */
  returns: Float64Array;
  /** Position (weight) held after each close. */
  position: Float64Array;
  turnover: Float64Array;
  trades: TradeRecords;
  kpis: SignalKpis;
}

/** Check a close series for a signal strategy: no missing value, every price > 0. */
export function checkCloses(close: Float64Array, path: (string | number)[] = ["inputs", "close"]): void {
  for (let i = 0; i < close.length; i++) {
    if (!(close[i] > 0)) throw inputError([...path, "values", i], `close must be a positive number on every bar, got ${Number.isNaN(close[i]) ? "null" : close[i]} at row ${i}`);
  }
}

/** Run the signal backtest (see the module header). `close` must have no NaN and be > 0. */
export function runSignalBacktest(close: Float64Array, signals: Float64Array, costs: SignalCosts = { commission_bps: 0, slippage_bps: 0 }, periodsPerYear = 252): SignalBacktest {
  const n = close.length;
  if (signals.length !== n) throw new BlockError("invalid-inputs", "Invalid input", `${signals.length} signals for ${n} bars`);
  const target = new Float64Array(n), trade = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    const s = signals[t] === signals[t] ? signals[t] : 0;
    if (s < -1 || s > 1) throw inputError(["signals", t], `a signal is a target position in [-1, 1], got ${s} at bar ${t}`);
    target[t] = s;
    trade[t] = (t === 0 ? s !== 0 : s !== target[t - 1]) ? 1 : 0;
  }
  const rate = (costs.commission_bps + costs.slippage_bps) / 1e4;
  const r = simulatePortfolio(close, n, 1, trade, target, null, {
    costBps: costs.commission_bps, slippageBps: costs.slippage_bps, borrowBpsPerYear: 0,
    impactCoeff: null, maxParticipation: null, capital: 1, advWindow: 1,
  });
  const position = r.holdings;
  // weight before each bar's trade (drifted) and equity before that bar's costs
  // (plain loops: TypedArray.from with a map function goes through the iterator protocol, ~20x slower)
  const from = position.slice(), cost = new Float64Array(n);
  for (let i = 0; i < r.trades.t.length; i++) { const t = r.trades.t[i]; from[t] = r.trades.from[i]; cost[t] = r.trades.cost[i]; }
  const pre = new Float64Array(n);
  for (let t = 0; t < n; t++) pre[t] = r.equity[t] / (1 - cost[t]);
  const trades = roundTrips(close, target, r.equity, pre, from, rate);
  const perf = performance(r.returns.subarray(1), periodsPerYear, 0);
  let held = 0, wins = 0, sumRet = 0;
  for (let t = 0; t < n; t++) if (position[t] !== 0) held++;
  for (let i = 0; i < trades.pnl.length; i++) { if (trades.pnl[i] > 0) wins++; sumRet += trades.ret[i]; }
  const k = trades.pnl.length;
  return {
    equity: r.equity, returns: r.returns, position, turnover: r.turnover, trades,
    kpis: { ...perf, num_trades: k, trade_win_rate: k ? wins / k : NaN, avg_trade_return: k ? sumRet / k : NaN, exposure: n ? held / n : NaN },
  };
}

function roundTrips(close: Float64Array, target: Float64Array, equity: Float64Array, pre: Float64Array, from: Float64Array, rate: number): TradeRecords {
  const out: TradeRecords = { entryIndex: [], exitIndex: [], direction: [], size: [], entryPrice: [], exitPrice: [], pnl: [], ret: [], priceReturn: [], open: [] };
  const n = close.length;
  let dir = 0, t0 = -1, startRef = 0;
  const record = (t1: number, endRef: number, open: boolean) => {
    out.entryIndex.push(t0); out.exitIndex.push(t1); out.direction.push(dir); out.size.push(target[t0]);
    out.entryPrice.push(close[t0]); out.exitPrice.push(close[t1]);
    out.pnl.push(endRef - startRef); out.ret.push(startRef > 0 ? endRef / startRef - 1 : NaN);
    out.priceReturn.push(dir * (close[t1] / close[t0] - 1)); out.open.push(open);
  };
  for (let t = 0; t < n; t++) {
    const sg = Math.sign(target[t]);
    if (sg === dir) continue;
    const ref = pre[t] * (1 - Math.abs(from[t]) * rate); // equity after closing the old position only
    if (dir !== 0) record(t, ref, false);
    dir = sg;
    if (sg !== 0) { t0 = t; startRef = ref; }
  }
  if (dir !== 0) record(n - 1, equity[n - 1], true);
  return out;
}

/** Trade records as a table (dates from `index`). */
export function tradesTable(tr: TradeRecords, index: Int32Array): Table {
  return {
    kind: "table",
    columns: {
      entry_date: Int32Array.from(tr.entryIndex, (t) => index[t]),
      exit_date: Int32Array.from(tr.exitIndex, (t) => index[t]),
      direction: tr.direction.map((d) => (d > 0 ? "long" : "short")),
      size: Float64Array.from(tr.size),
      entry_price: Float64Array.from(tr.entryPrice),
      exit_price: Float64Array.from(tr.exitPrice),
      pnl: Float64Array.from(tr.pnl),
      return: Float64Array.from(tr.ret),
      price_return: Float64Array.from(tr.priceReturn),
      bars: Float64Array.from(tr.exitIndex, (t1, i) => t1 - tr.entryIndex[i]),
      open: tr.open.map((o) => (o ? "true" : "false")),
    },
    types: { entry_date: "date", exit_date: "date", direction: "string", size: "number", entry_price: "number", exit_price: "number", pnl: "number", return: "number", price_return: "number", bars: "number", open: "string" },
    rowCount: tr.pnl.length,
  };
}

/** The outputs of a signal backtest, as blocks declare them (what signalOutputs returns). */
export const signalOutputSpecs = {
  signal: { kind: "series" as const, description: "target position decided at each close (1, 0, -1)" },
  position: { kind: "series" as const, description: "position held after each close (drifts between trades)" },
  equity: { kind: "series" as const, description: "equity, 1 at the start" },
  returns: { kind: "series" as const, description: "equity returns from the second bar" },
  trades: { kind: "table" as const, description: "round trips: entry/exit date and price, direction, size, pnl, return, bars, open" },
  kpis: { kind: "object" as const, description: "metrics.performance plus num_trades, trade_win_rate, avg_trade_return, exposure" },
};

/** Block outputs of a signal backtest on a close series. */
export function signalOutputs(close: Series, signals: Float64Array, bt: SignalBacktest): Record<string, unknown> {
  const idx = close.index;
  return {
    signal: series(idx, signals),
    position: series(idx, bt.position),
    equity: series(idx, bt.equity),
    returns: series(idx.slice(1), bt.returns.slice(1)),
    trades: tradesTable(bt.trades, idx),
    kpis: bt.kpis,
  };
}
