/**
 * options.implied_volatility: the Black-Scholes-Merton volatility that reproduces a
 * European option price, by Newton's method kept inside a bracket (a step that leaves
 * the bracket, or a flat vega, falls back to bisection), started at the
 * Manaster-Koehler point sqrt(2 |ln(S/K) + (r - q) T| / T).
 *
 * No-arbitrage bounds (the price must lie strictly between them):
 *   call: max(S e^{-qT} - K e^{-rT}, 0) < price < S e^{-qT}
 *   put:  max(K e^{-rT} - S e^{-qT}, 0) < price < K e^{-rT}
 * Outside them no volatility reproduces the price: a "no-solution" error that states
 * the bounds. The answer is found to `tolerance` in volatility (the contract compares
 * implied volatilities at 1e-6). time, spot, strike and price must be > 0.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { BlockError } from "../core/errors";
import { port } from "../core/ports";
import { blackScholes, bsPrice, requirePositive, type OptionType } from "./blackScholes";

export interface IvResult { volatility: number; iterations: number; lower_bound: number; upper_bound: number }

/** No-arbitrage bounds of a European option price. */
export function priceBounds(type: OptionType, S: number, K: number, T: number, r: number, q: number): { lower: number; upper: number } {
  const fs = S * Math.exp(-q * T), fk = K * Math.exp(-r * T);
  return type === "call" ? { lower: Math.max(fs - fk, 0), upper: fs } : { lower: Math.max(fk - fs, 0), upper: fk };
}

/** Implied volatility, or a BlockError("no-solution") when the price is outside the bounds. */
export function impliedVolatility(type: OptionType, price: number, S: number, K: number, T: number, r = 0, q = 0, tolerance = 1e-12): IvResult {
  const { lower, upper } = priceBounds(type, S, K, T, r, q);
  const aboveLower = price > lower * (1 + 1e-15), belowUpper = price < upper * (1 - 1e-15);
  if (!(aboveLower && belowUpper)) {
    const side = !aboveLower ? `at or below the lower bound ${lower} (its intrinsic value discounted)` : `at or above the upper bound ${upper}`;
    throw new BlockError("no-solution", "No implied volatility", `inputs.price: ${price} is ${side}: a ${type} with spot ${S}, strike ${K}, time ${T}, rate ${r} and dividend yield ${q} is worth between ${lower} and ${upper} for every volatility, so no volatility reproduces this price`, [{ path: ["inputs", "price"], message: `outside the no-arbitrage bounds (${lower}, ${upper})` }]);
  }
  let lo = 0, hi = 1;
  while (bsPrice(type, S, K, T, r, hi, q) < price) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) throw new BlockError("no-solution", "No implied volatility", `inputs.price: ${price} is so close to the upper bound ${upper} that no volatility below 1e6 reproduces it`, [{ path: ["inputs", "price"], message: "too close to the upper bound" }]);
  }
  let sigma = Math.sqrt((2 * Math.abs(Math.log(S / K) + (r - q) * T)) / T);
  if (!(sigma > lo && sigma < hi)) sigma = 0.5 * (lo + hi);
  let it = 0, prevF = Infinity;
  for (; it < 500; it++) {
    const g = blackScholes(type, S, K, T, r, sigma, q);
    const f = g.price - price;
    if (f > 0) hi = sigma; else lo = sigma;
    if (f === 0) break;
    let next = sigma - f / g.vega;
    // Bisect when Newton leaves the bracket, vega vanishes, or the error did not halve.
    if (!(g.vega > 0) || !(next > lo && next < hi) || Math.abs(f) > 0.5 * prevF) next = 0.5 * (lo + hi);
    prevF = Math.abs(f);
    const step = Math.abs(next - sigma);
    sigma = next;
    if (step < tolerance || hi - lo < tolerance) break;
  }
  if (it >= 500) throw new BlockError("no-solution", "No implied volatility", `inputs.price: no volatility was found to reproduce ${price} within 500 steps (the price is too close to a no-arbitrage bound, ${lower} or ${upper}, to be resolved in double precision)`, [{ path: ["inputs", "price"], message: "did not converge" }]);
  return { volatility: sigma, iterations: it + 1, lower_bound: lower, upper_bound: upper };
}

export const impliedVolatilityParams = z.object({
  type: z.enum(["call", "put"]).default("call").describe("call or put"),
  tolerance: z.number().positive().max(1e-6).default(1e-12).describe("stop when the volatility step is below this"),
});

export const impliedVolatilityBlock = defineBlock({
  id: "options.implied_volatility",
  title: "Implied volatility",
  description: "The Black-Scholes-Merton volatility that reproduces an option price (bracketed Newton); an error when the price is outside the no-arbitrage bounds.",
  category: "options",
  params: impliedVolatilityParams,
  inputs: {
    price: port.number("option price (> 0)"),
    spot: port.number("price of the underlying (> 0)"),
    strike: port.number("strike (> 0)"),
    time: port.number("time to expiry in years (> 0)"),
    rate: port.optional(port.number("risk-free rate, continuously compounded per year (default 0)")),
    dividend_yield: port.optional(port.number("dividend yield, continuously compounded per year (default 0)")),
  },
  outputs: {
    volatility: { kind: "number", description: "implied volatility per year" },
    iterations: { kind: "number", description: "Newton/bisection steps taken" },
  },
  compute(params, inputs) {
    requirePositive({ price: inputs.price, spot: inputs.spot, strike: inputs.strike, time: inputs.time });
    return { ...impliedVolatility(params.type, inputs.price, inputs.spot, inputs.strike, inputs.time, inputs.rate ?? 0, inputs.dividend_yield ?? 0, params.tolerance) };
  },
});
