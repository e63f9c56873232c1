/**
 * options.black_scholes: European option price and Greeks under Black-Scholes-Merton
 * with a continuous dividend yield q (Hull, Options, Futures and Other Derivatives,
 * ch. 15 and 19; Merton 1973).
 *
 *   d1 = (ln(S/K) + (r - q + sigma^2/2) T) / (sigma sqrt T),  d2 = d1 - sigma sqrt T
 *   call = S e^{-qT} N(d1) - K e^{-rT} N(d2);  put = K e^{-rT} N(-d2) - S e^{-qT} N(-d1)
 *
 * Greeks are raw derivatives per unit change: delta = dV/dS, gamma = d2V/dS2,
 * vega = dV/dsigma (per 1.00 of volatility, not per 1%), theta = dV/dt = -dV/dT per
 * year (calendar time passing), rho = dV/dr (per 1.00 of rate).
 * time, spot, strike and volatility must be > 0 (exit 2 otherwise); rate and
 * dividend_yield default to 0. Rates and yields are continuously compounded per year.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { normCdf, normPdf } from "../risk/stats";

export type OptionType = "call" | "put";
export interface Greeks { price: number; delta: number; gamma: number; vega: number; theta: number; rho: number }

/** Price only (no Greeks): the inner loop of implied volatility and chains. */
export function bsPrice(type: OptionType, S: number, K: number, T: number, r: number, sigma: number, q = 0): number {
  const sq = sigma * Math.sqrt(T);
  const d1 = (Math.log(S / K) + (r - q + 0.5 * sigma * sigma) * T) / sq;
  const d2 = d1 - sq;
  const dq = Math.exp(-q * T), dr = Math.exp(-r * T);
  return type === "call" ? S * dq * normCdf(d1) - K * dr * normCdf(d2) : K * dr * normCdf(-d2) - S * dq * normCdf(-d1);
}

/** Price and Greeks of a European option. */
export function blackScholes(type: OptionType, S: number, K: number, T: number, r: number, sigma: number, q = 0): Greeks {
  const sqT = Math.sqrt(T), sq = sigma * sqT;
  const d1 = (Math.log(S / K) + (r - q + 0.5 * sigma * sigma) * T) / sq;
  const d2 = d1 - sq;
  const dq = Math.exp(-q * T), dr = Math.exp(-r * T);
  const pdf = normPdf(d1);
  const gamma = (dq * pdf) / (S * sq);
  const vega = S * dq * pdf * sqT;
  const decay = -(S * dq * pdf * sigma) / (2 * sqT);
  if (type === "call") {
    const Nd1 = normCdf(d1), Nd2 = normCdf(d2);
    return {
      price: S * dq * Nd1 - K * dr * Nd2,
      delta: dq * Nd1,
      gamma,
      vega,
      theta: decay + q * S * dq * Nd1 - r * K * dr * Nd2,
      rho: K * T * dr * Nd2,
    };
  }
  const Nm1 = normCdf(-d1), Nm2 = normCdf(-d2);
  return {
    price: K * dr * Nm2 - S * dq * Nm1,
    delta: -dq * Nm1,
    gamma,
    vega,
    theta: decay - q * S * dq * Nm1 + r * K * dr * Nm2,
    rho: -K * T * dr * Nm2,
  };
}

/** Check that the named inputs are > 0 (exit 2 naming the first that is not). */
export function requirePositive(values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values)) if (!(v > 0)) throw inputError(["inputs", k], `${k} must be > 0, got ${v}`);
}

export const blackScholesParams = z.object({
  type: z.enum(["call", "put"]).default("call").describe("call or put"),
});

export const blackScholesBlock = defineBlock({
  id: "options.black_scholes",
  title: "Black-Scholes price and Greeks",
  description: "European option price with delta, gamma, vega, theta (per year) and rho as raw derivatives, under Black-Scholes-Merton with a dividend yield.",
  category: "options",
  params: blackScholesParams,
  inputs: {
    spot: port.number("price of the underlying (> 0)"),
    strike: port.number("strike (> 0)"),
    time: port.number("time to expiry in years (> 0)"),
    rate: port.optional(port.number("risk-free rate, continuously compounded per year (default 0)")),
    volatility: port.number("volatility per year (> 0), e.g. 0.2"),
    dividend_yield: port.optional(port.number("dividend yield, continuously compounded per year (default 0)")),
  },
  outputs: {
    price: { kind: "number", description: "option value" },
    delta: { kind: "number", description: "dV/dS" },
    gamma: { kind: "number", description: "d2V/dS2" },
    vega: { kind: "number", description: "dV/dsigma per 1.00 of volatility" },
    theta: { kind: "number", description: "dV/dt per year (negative: value lost as time passes)" },
    rho: { kind: "number", description: "dV/dr per 1.00 of rate" },
  },
  compute(params, inputs) {
    requirePositive({ spot: inputs.spot, strike: inputs.strike, time: inputs.time, volatility: inputs.volatility });
    return { ...blackScholes(params.type, inputs.spot, inputs.strike, inputs.time, inputs.rate ?? 0, inputs.volatility, inputs.dividend_yield ?? 0) };
  },
});
