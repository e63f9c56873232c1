/**
 * A small interface for code-cell strategies on one instrument. `onBar` sees one bar at a
 * time (nothing after it: `ctx.closes` ends at the current bar) and returns orders; the
 * resulting target position is filled at that bar's close and earns from the next bar,
 * the same convention as every backtest here (runSignalBacktest).
 *
 *     const s: Strategy = { onBar(bar, ctx) { return bar.close > ctx.closes[bar.index - 1] ? [{ target: 1 }] : [{ target: 0 }]; } };
 *     runStrategy(s, { index, close }, { commission_bps: 5, slippage_bps: 0 });
 */
import { daysToIso } from "../../core/dates";
import { runSignalBacktest, type SignalBacktest, type SignalCosts } from "./signal";

export interface Bar { index: number; date: string; open?: number; high?: number; low?: number; close: number; volume?: number }

/** `{target}` sets the position (-1..1); `{delta}` changes it by that much. Later orders of a bar apply after earlier ones. */
export type Order = { target: number } | { delta: number };

export interface StrategyContext {
  /** Position decided so far (before this bar's orders). */
  position: number;
  /** Closes from the first bar up to and including the current one. */
  closes: Float64Array;
}

export interface Strategy { onBar(bar: Bar, ctx: StrategyContext): Order[] | void }

export interface Bars { index: Int32Array; close: Float64Array; open?: Float64Array; high?: Float64Array; low?: Float64Array; volume?: Float64Array }

/** Target positions from a strategy's orders, bar by bar; positions are clipped to [-1, 1]. */
export function strategySignals(strategy: Strategy, bars: Bars): Float64Array {
  const n = bars.close.length;
  const out = new Float64Array(n);
  let pos = 0;
  for (let t = 0; t < n; t++) {
    const bar: Bar = { index: t, date: daysToIso(bars.index[t]), close: bars.close[t] };
    if (bars.open) bar.open = bars.open[t];
    if (bars.high) bar.high = bars.high[t];
    if (bars.low) bar.low = bars.low[t];
    if (bars.volume) bar.volume = bars.volume[t];
    const orders = strategy.onBar(bar, { position: pos, closes: bars.close.subarray(0, t + 1) });
    if (orders) {
      for (const o of orders) {
        const next = "target" in o ? o.target : pos + o.delta;
        if (Number.isFinite(next)) pos = Math.max(-1, Math.min(1, next));
      }
    }
    out[t] = pos;
  }
  return out;
}

/** Run a code strategy through the signal backtest. */
export function runStrategy(strategy: Strategy, bars: Bars, costs: SignalCosts = { commission_bps: 0, slippage_bps: 0 }): SignalBacktest & { signals: Float64Array } {
  const signals = strategySignals(strategy, bars);
  return { ...runSignalBacktest(bars.close, signals, costs), signals };
}
