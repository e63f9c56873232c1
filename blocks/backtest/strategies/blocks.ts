/**
 * strategy.sma_crossover, strategy.rsi_reversion, strategy.bollinger_breakout: signal
 * strategies on one instrument (rules.ts), backtested with runSignalBacktest (signal.ts):
 * decision at the close of bar t, filled at that close, earning from t+1.
 * Outputs: signal, position, equity, returns, trades (round trips), kpis
 * (metrics.performance plus num_trades, trade_win_rate, avg_trade_return, exposure).
 */
import { z } from "zod";
import { defineBlock, type AnyBlock } from "../../core/block";
import { paramError } from "../../core/errors";
import { port } from "../../core/ports";
import type { Series } from "../../core/values";
import { bollingerBreakoutSignals, rsiReversionSignals, smaCrossoverSignals } from "./rules";
import { checkCloses, runSignalBacktest, signalOutputs, signalOutputSpecs } from "./signal";

const costParams = {
  commission_bps: z.number().min(0).default(0).describe("commission in basis points of traded value"),
  slippage_bps: z.number().min(0).default(0).describe("slippage in basis points of traded value"),
  allow_short: z.boolean().default(false).describe("take short positions (-1) instead of staying flat"),
};

export const smaCrossoverParams = z.object({
  fast: z.number().int().min(2).default(20).describe("fast SMA period in bars"),
  slow: z.number().int().min(2).default(50).describe("slow SMA period in bars (> fast)"),
  ...costParams,
});
export const rsiReversionParams = z.object({
  period: z.number().int().min(2).default(14).describe("RSI period in bars"),
  lower: z.number().min(0).max(100).default(30).describe("enter long below this RSI"),
  upper: z.number().min(0).max(100).default(70).describe("leave (or go short) above this RSI"),
  ...costParams,
});
export const bollingerBreakoutParams = z.object({
  period: z.number().int().min(2).default(20).describe("Bollinger period in bars"),
  k: z.number().positive().default(2).describe("band width in population standard deviations"),
  ...costParams,
});

const outputs = signalOutputSpecs;

function run(close: Series, signals: Float64Array, p: { commission_bps: number; slippage_bps: number }) {
  return signalOutputs(close, signals, runSignalBacktest(close.values, signals, p));
}

export const smaCrossoverBlock = defineBlock({
  id: "strategy.sma_crossover",
  title: "SMA crossover",
  description: "Long while the fast SMA is above the slow SMA (short otherwise when allowed); decided and filled at the close, earning from the next bar.",
  category: "backtest",
  params: smaCrossoverParams,
  inputs: { close: port.series("closing prices, no nulls") },
  outputs,
  compute: (p, { close }) => {
    if (p.fast >= p.slow) throw paramError(["fast"], `fast (${p.fast}) must be shorter than slow (${p.slow})`);
    checkCloses(close.values);
    return run(close, smaCrossoverSignals(close.values, p), p);
  },
});

export const rsiReversionBlock = defineBlock({
  id: "strategy.rsi_reversion",
  title: "RSI mean reversion",
  description: "Long when Wilder's RSI falls below `lower`, out (or short when allowed) when it rises above `upper`; filled at the close.",
  category: "backtest",
  params: rsiReversionParams,
  inputs: { close: port.series("closing prices, no nulls") },
  outputs,
  compute: (p, { close }) => {
    if (p.lower >= p.upper) throw paramError(["lower"], `lower (${p.lower}) must be below upper (${p.upper})`);
    checkCloses(close.values);
    return run(close, rsiReversionSignals(close.values, p), p);
  },
});

export const bollingerBreakoutBlock = defineBlock({
  id: "strategy.bollinger_breakout",
  title: "Bollinger breakout",
  description: "Long when the close breaks above the upper Bollinger band, out when it falls back below the middle band (mirror image short when allowed); filled at the close.",
  category: "backtest",
  params: bollingerBreakoutParams,
  inputs: { close: port.series("closing prices, no nulls") },
  outputs,
  compute: (p, { close }) => {
    checkCloses(close.values);
    return run(close, bollingerBreakoutSignals(close.values, p), p);
  },
});

export const strategyBlocks: AnyBlock[] = [smaCrossoverBlock, rsiReversionBlock, bollingerBreakoutBlock];
