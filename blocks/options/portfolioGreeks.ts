/**
 * options.portfolio_greeks: Greeks of a book of options and underlying positions.
 *
 * Each position contributes quantity x multiplier x its Black-Scholes Greeks (an
 * underlying position: delta 1 per share, no other Greeks). Totals are raw derivatives
 * of the book's value: delta in underlying units, vega per 1.00 of volatility, theta per
 * year, rho per 1.00 of rate; dollar_delta = delta x spot and dollar_gamma =
 * gamma x spot^2 / 100 (value change for a 1% move, second order).
 * Default multiplier: 100 for options, 1 for the underlying.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { blackScholes, requirePositive } from "./blackScholes";

export const positionSchema = z.object({
  symbol: z.string().optional(),
  type: z.enum(["call", "put", "stock"]),
  strike: z.number().positive().optional(),
  time: z.number().positive().optional().describe("years to expiry"),
  volatility: z.number().positive().optional(),
  quantity: z.number().describe("+ long, - short (contracts or shares)"),
  multiplier: z.number().positive().optional(),
  spot: z.number().positive().optional().describe("spot of this position's underlying (default: the spot input)"),
});
export type Position = z.infer<typeof positionSchema>;

export interface BookGreeks { value: number; delta: number; gamma: number; vega: number; theta: number; rho: number; dollar_delta: number; dollar_gamma: number }

export function bookGreeks(positions: Position[], spot: number | undefined, rate: number, q: number): { totals: BookGreeks; positions: (Position & BookGreeks)[] } {
  const totals: BookGreeks = { value: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0, dollar_delta: 0, dollar_gamma: 0 };
  const rows = positions.map((p, i) => {
    const S = p.spot ?? spot;
    if (S === undefined) throw inputError(["inputs", "positions", i, "spot"], `position ${i} has no spot and no spot input is given`);
    let g = { price: S, delta: 1, gamma: 0, vega: 0, theta: 0, rho: 0 };
    const mult = p.multiplier ?? (p.type === "stock" ? 1 : 100);
    if (p.type !== "stock") {
      if (p.strike === undefined || p.time === undefined || p.volatility === undefined) throw inputError(["inputs", "positions", i], `option position ${i} needs strike, time and volatility`);
      g = blackScholes(p.type, S, p.strike, p.time, rate, p.volatility, q);
    }
    const k = p.quantity * mult;
    const row: BookGreeks = {
      value: k * g.price, delta: k * g.delta, gamma: k * g.gamma, vega: k * g.vega, theta: k * g.theta, rho: k * g.rho,
      dollar_delta: k * g.delta * S, dollar_gamma: (k * g.gamma * S * S) / 100,
    };
    for (const key of Object.keys(totals) as (keyof BookGreeks)[]) totals[key] += row[key];
    return { ...p, multiplier: mult, ...row };
  });
  return { totals, positions: rows };
}

export const portfolioGreeksBlock = defineBlock({
  id: "options.portfolio_greeks",
  title: "Portfolio Greeks",
  description: "Delta, gamma, vega, theta and rho of a book of option and underlying positions (quantity x multiplier x Black-Scholes Greeks), with dollar delta and gamma.",
  category: "options",
  params: z.object({}),
  inputs: {
    positions: port.json(z.array(positionSchema), "[{type: call|put|stock, strike, time, volatility, quantity, multiplier?, spot?}]"),
    spot: port.optional(port.number("spot of the underlying (for positions without their own)")),
    rate: port.optional(port.number("risk-free rate (default 0)")),
    dividend_yield: port.optional(port.number("dividend yield (default 0)")),
  },
  outputs: {
    totals: { kind: "object", description: "{value, delta, gamma, vega, theta, rho, dollar_delta, dollar_gamma}" },
    positions: { kind: "list", description: "each position with its contribution" },
  },
  compute(_params, inputs) {
    if (inputs.spot !== undefined) requirePositive({ spot: inputs.spot });
    return bookGreeks(inputs.positions, inputs.spot, inputs.rate ?? 0, inputs.dividend_yield ?? 0);
  },
});
