/**
 * The signal strategies by name, for searches over their parameters (backtest.walk_forward):
 * each has its params schema (defaults, bounds), the rule, and the names of its integer params.
 */
import type { z } from "zod";
import { bollingerBreakoutParams, rsiReversionParams, smaCrossoverParams } from "./blocks";
import { bollingerBreakoutSignals, rsiReversionSignals, smaCrossoverSignals } from "./rules";

export interface SignalStrategy {
  params: z.ZodObject;
  /** Params searched by default, with a default grid. */
  grid: Record<string, number[]>;
  integer: string[];
  /** A reason why a parameter set is not allowed, or null. */
  invalid(p: Record<string, unknown>): string | null;
  signals(close: Float64Array, p: Record<string, unknown>): Float64Array;
}

export const SIGNAL_STRATEGIES: Record<"sma_crossover" | "rsi_reversion" | "bollinger_breakout", SignalStrategy> = {
  sma_crossover: {
    params: smaCrossoverParams,
    grid: { fast: [5, 10, 20], slow: [50, 100, 200] },
    integer: ["fast", "slow"],
    invalid: (p) => ((p.fast as number) >= (p.slow as number) ? `fast (${p.fast}) must be shorter than slow (${p.slow})` : null),
    signals: (c, p) => smaCrossoverSignals(c, p as never),
  },
  rsi_reversion: {
    params: rsiReversionParams,
    grid: { period: [7, 14, 21], lower: [20, 30], upper: [70, 80] },
    integer: ["period"],
    invalid: (p) => ((p.lower as number) >= (p.upper as number) ? `lower (${p.lower}) must be below upper (${p.upper})` : null),
    signals: (c, p) => rsiReversionSignals(c, p as never),
  },
  bollinger_breakout: {
    params: bollingerBreakoutParams,
    grid: { period: [10, 20, 40], k: [1.5, 2, 2.5] },
    integer: ["period"],
    invalid: () => null,
    signals: (c, p) => bollingerBreakoutSignals(c, p as never),
  },
};
