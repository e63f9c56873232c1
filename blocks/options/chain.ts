/**
 * options.chain: a synthetic option chain for teaching and for testing recommenders.
 *
 * Volatility smile per strike K and expiry T (years = days / 365):
 *   k = ln(K / F), F = S e^{(r - q) T}
 *   sigma(K, T) = max(min_volatility, base_volatility + term_slope T + skew k + curvature k^2)
 * Prices and Greeks are Black-Scholes-Merton (options.black_scholes). Quotes:
 * half-spread = max(min_tick, spread x price) around the model price (bid floored at 0).
 * Liquidity is synthetic and deterministic: open_interest = round(base_open_interest
 * e^{-(k / 0.1)^2 / 2} e^{-T}) and volume = round(open_interest x volume_ratio), so that
 * near-the-money, near-dated contracts are the liquid ones.
 * Strikes: the `strikes` given, else spot x (moneyness_min .. moneyness_max by
 * moneyness_step), rounded to `strike_increment`.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { paramError } from "../core/errors";
import { port } from "../core/ports";
import { blackScholes, requirePositive, type OptionType } from "./blackScholes";

export const chainRowSchema = z.object({
  symbol: z.string().optional(),
  type: z.enum(["call", "put"]),
  expiry_days: z.number().positive(),
  time: z.number().positive().optional(),
  strike: z.number().positive(),
  volatility: z.number().optional(),
  price: z.number().optional(),
  bid: z.number().min(0),
  ask: z.number().positive(),
  delta: z.number(),
  gamma: z.number().optional(),
  vega: z.number().optional(),
  theta: z.number().optional(),
  open_interest: z.number().min(0).default(0),
  volume: z.number().min(0).default(0),
});
export type ChainRow = z.infer<typeof chainRowSchema>;

export const chainParams = z.object({
  symbol: z.string().default("UNDERLYING").describe("label of the underlying"),
  expiries_days: z.array(z.number().int().positive()).min(1).default([7, 14, 30, 60, 90, 120, 180]).describe("calendar days to each expiry"),
  strikes: z.array(z.number().positive()).nullable().default(null).describe("explicit strikes; null = a moneyness grid"),
  moneyness_min: z.number().positive().default(0.8),
  moneyness_max: z.number().positive().default(1.2),
  moneyness_step: z.number().positive().default(0.025),
  strike_increment: z.number().positive().default(1).describe("grid strikes are rounded to this"),
  base_volatility: z.number().positive().default(0.2).describe("at-the-money volatility"),
  skew: z.number().default(-0.1).describe("volatility change per unit of log-moneyness ln(K/F) (negative: puts richer)"),
  curvature: z.number().default(0.5).describe("smile curvature: volatility change per unit of ln(K/F)^2"),
  term_slope: z.number().default(0).describe("volatility change per year to expiry"),
  min_volatility: z.number().positive().default(0.01),
  rate: z.number().default(0).describe("risk-free rate, continuous per year"),
  dividend_yield: z.number().default(0),
  spread: z.number().min(0).default(0.02).describe("half-spread as a fraction of the model price"),
  min_tick: z.number().min(0).default(0.01).describe("smallest half-spread"),
  base_open_interest: z.number().min(0).default(5000),
  volume_ratio: z.number().min(0).default(0.1),
});
type ChainParams = z.infer<typeof chainParams>;

export function smileVolatility(p: Pick<ChainParams, "base_volatility" | "skew" | "curvature" | "term_slope" | "min_volatility">, k: number, T: number): number {
  return Math.max(p.min_volatility, p.base_volatility + p.term_slope * T + p.skew * k + p.curvature * k * k);
}

export function syntheticChain(spot: number, p: ChainParams): ChainRow[] {
  let strikes = p.strikes;
  if (!strikes) {
    if (p.moneyness_max < p.moneyness_min) throw paramError(["params", "moneyness_max"], "moneyness_max is below moneyness_min");
    const set = new Set<number>();
    for (let m = p.moneyness_min; m <= p.moneyness_max + 1e-9; m += p.moneyness_step) {
      const k = Math.round((spot * m) / p.strike_increment) * p.strike_increment;
      if (k > 0) set.add(+k.toFixed(10));
    }
    strikes = [...set].sort((a, b) => a - b);
  }
  const rows: ChainRow[] = [];
  for (const days of p.expiries_days) {
    const T = days / 365;
    const F = spot * Math.exp((p.rate - p.dividend_yield) * T);
    for (const K of strikes) {
      const k = Math.log(K / F);
      const vol = smileVolatility(p, k, T);
      const oi = Math.round(p.base_open_interest * Math.exp(-0.5 * (k / 0.1) ** 2) * Math.exp(-T));
      for (const type of ["call", "put"] as OptionType[]) {
        const g = blackScholes(type, spot, K, T, p.rate, vol, p.dividend_yield);
        const half = Math.max(p.min_tick, p.spread * g.price);
        rows.push({
          symbol: p.symbol, type, expiry_days: days, time: T, strike: K, volatility: vol, price: g.price,
          bid: Math.max(0, g.price - half), ask: g.price + half,
          delta: g.delta, gamma: g.gamma, vega: g.vega, theta: g.theta,
          open_interest: oi, volume: Math.round(oi * p.volume_ratio),
        });
      }
    }
  }
  return rows;
}

export const chainBlock = defineBlock({
  id: "options.chain",
  title: "Synthetic option chain",
  description: "Calls and puts over a grid of strikes and expiries priced by Black-Scholes on a volatility smile (skew, curvature, term slope), with synthetic quotes and liquidity.",
  category: "options",
  params: chainParams,
  inputs: { spot: port.number("price of the underlying (> 0)") },
  outputs: { chain: { kind: "list", description: "[{symbol, type, expiry_days, time, strike, volatility, price, bid, ask, delta, gamma, vega, theta, open_interest, volume}]" } },
  compute(params, inputs) {
    requirePositive({ spot: inputs.spot });
    return { chain: syntheticChain(inputs.spot, params) };
  },
});
