/**
 * options.strategy: multi-leg option strategies, their payoff at expiry and their P&L
 * at a date before expiry, for charts, with exact breakevens.
 *
 * Presets (strikes default around the spot S; quantities per unit):
 * - vertical_call [K1 < K2]: long K1 call, short K2 call (bull call spread)
 * - vertical_put [K1 < K2]: long K2 put, short K1 put (bear put spread)
 * - straddle [K]: long K call and K put
 * - strangle [K1 < K2]: long K1 put, long K2 call
 * - iron_condor [K1 < K2 < K3 < K4]: long K1 put, short K2 put, short K3 call, long K4 call
 * - covered_call [K]: long 1 underlying, short K call
 * - protective_put [K]: long 1 underlying, long K put
 * - custom: the `legs` given.
 * Premiums are Black-Scholes at the input volatility (a leg may carry its own). Net cost
 * = sum quantity x premium (the underlying costs its spot); a negative cost is a credit.
 * pnl_expiry(S_T) = sum q x payoff - cost; pnl_before(S) = sum q x BS value with
 * time - evaluate_at years left - cost. Breakevens are the exact roots of the
 * piecewise-linear expiry P&L; max_profit and max_loss (a positive loss) are null when unbounded.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { paramError } from "../core/errors";
import { port } from "../core/ports";
import { bsPrice, requirePositive } from "./blackScholes";

export const legSchema = z.object({
  type: z.enum(["call", "put", "stock"]),
  strike: z.number().positive().optional(),
  quantity: z.number().describe("+ long, - short"),
  volatility: z.number().positive().optional(),
});
export type Leg = z.infer<typeof legSchema>;

const presets = ["vertical_call", "vertical_put", "straddle", "strangle", "iron_condor", "covered_call", "protective_put", "custom"] as const;

export function presetLegs(name: (typeof presets)[number], S: number, strikes: number[] | null, legs: Leg[] | null): Leg[] {
  const ks = (n: number, def: number[]) => {
    const k = strikes ?? def.map((m) => S * m);
    if (k.length !== n) throw paramError(["params", "strikes"], `${name} needs ${n} strike${n > 1 ? "s" : ""}, got ${k.length}`);
    for (let i = 1; i < k.length; i++) if (!(k[i] > k[i - 1])) throw paramError(["params", "strikes"], `${name}: strikes must increase`);
    return k;
  };
  switch (name) {
    case "vertical_call": { const [a, b] = ks(2, [1, 1.1]); return [{ type: "call", strike: a, quantity: 1 }, { type: "call", strike: b, quantity: -1 }]; }
    case "vertical_put": { const [a, b] = ks(2, [0.9, 1]); return [{ type: "put", strike: b, quantity: 1 }, { type: "put", strike: a, quantity: -1 }]; }
    case "straddle": { const [k] = ks(1, [1]); return [{ type: "call", strike: k, quantity: 1 }, { type: "put", strike: k, quantity: 1 }]; }
    case "strangle": { const [a, b] = ks(2, [0.95, 1.05]); return [{ type: "put", strike: a, quantity: 1 }, { type: "call", strike: b, quantity: 1 }]; }
    case "iron_condor": {
      const [a, b, c, d] = ks(4, [0.85, 0.95, 1.05, 1.15]);
      return [{ type: "put", strike: a, quantity: 1 }, { type: "put", strike: b, quantity: -1 }, { type: "call", strike: c, quantity: -1 }, { type: "call", strike: d, quantity: 1 }];
    }
    case "covered_call": { const [k] = ks(1, [1.05]); return [{ type: "stock", quantity: 1 }, { type: "call", strike: k, quantity: -1 }]; }
    case "protective_put": { const [k] = ks(1, [0.95]); return [{ type: "stock", quantity: 1 }, { type: "put", strike: k, quantity: 1 }]; }
    case "custom": {
      if (!legs || !legs.length) throw paramError(["params", "legs"], "custom needs legs [{type, strike, quantity}]");
      legs.forEach((l, i) => { if (l.type !== "stock" && l.strike === undefined) throw paramError(["params", "legs", i, "strike"], `leg ${i} (${l.type}) needs a strike`); });
      return legs;
    }
  }
}

const payoff = (l: Leg, S: number) => (l.type === "stock" ? S : l.type === "call" ? Math.max(S - l.strike!, 0) : Math.max(l.strike! - S, 0));

/** Expiry P&L: piecewise linear in S. */
export function expiryPnl(legs: Leg[], cost: number, S: number): number {
  let v = -cost;
  for (const l of legs) v += l.quantity * payoff(l, S);
  return v;
}

/** Exact roots of the expiry P&L on [0, inf), and its extreme values (null when unbounded). */
export function expiryAnalysis(legs: Leg[], cost: number): { breakevens: number[]; max_profit: number | null; max_loss: number | null } {
  const kinks = [...new Set(legs.filter((l) => l.type !== "stock").map((l) => l.strike!))].sort((a, b) => a - b);
  const xs = [0, ...kinks.filter((k) => k > 0)];
  const f = (s: number) => expiryPnl(legs, cost, s);
  const roots: number[] = [];
  const push = (x: number) => { if (!roots.some((r) => Math.abs(r - x) < 1e-9 * Math.max(1, x))) roots.push(x); };
  for (let i = 0; i < xs.length; i++) {
    const a = xs[i], fa = f(a);
    if (Math.abs(fa) < 1e-12 && a > 0) push(a);
    if (i + 1 < xs.length) {
      const b = xs[i + 1], fb = f(b);
      if (fa * fb < 0) push(a - (fa * (b - a)) / (fb - fa));
    }
  }
  const last = xs[xs.length - 1];
  let slope = 0;
  for (const l of legs) if (l.type === "stock" || l.type === "call") slope += l.quantity;
  const fl = f(last);
  if (slope !== 0 && fl * slope < 0) push(last - fl / slope);
  const vals = xs.map(f);
  return {
    breakevens: roots.sort((a, b) => a - b),
    max_profit: slope > 1e-12 ? null : Math.max(...vals),
    max_loss: slope < -1e-12 ? null : -Math.min(...vals),
  };
}

export const strategyParams = z.object({
  strategy: z.enum(presets).default("vertical_call").describe(presets.join(" | ")),
  strikes: z.array(z.number().positive()).nullable().default(null).describe("strikes of the preset, increasing; null = defaults around the spot"),
  legs: z.array(legSchema).nullable().default(null).describe("custom: [{type: call|put|stock, strike, quantity (+ long), volatility?}]"),
  evaluate_at: z.number().min(0).nullable().default(null).describe("years from now for the P&L before expiry; null = half the time to expiry"),
  points: z.number().int().min(3).max(5000).default(101).describe("number of chart points"),
  range: z.tuple([z.number().positive(), z.number().positive()]).default([0.5, 1.5]).describe("chart range as multiples of the spot"),
});

export const strategyBlock = defineBlock({
  id: "options.strategy",
  title: "Option strategy payoff",
  description: "Payoff at expiry and P&L before expiry of verticals, straddles, strangles, iron condors, covered calls, protective puts or custom legs, with chart points, breakevens and max profit/loss.",
  category: "options",
  params: strategyParams,
  inputs: {
    spot: port.number("price of the underlying (> 0)"),
    volatility: port.number("volatility per year (> 0)"),
    time: port.number("time to expiry in years (> 0)"),
    rate: port.optional(port.number("risk-free rate (default 0)")),
    dividend_yield: port.optional(port.number("dividend yield (default 0)")),
  },
  outputs: {
    points: { kind: "list", description: "[{spot, payoff, pnl_expiry, pnl_before}]" },
    breakevens: { kind: "list", description: "underlying prices where the expiry P&L is 0" },
    explanation: { kind: "text", description: "the strategy in words" },
  },
  compute(params, inputs) {
    const { spot: S, volatility: v, time: T } = inputs;
    requirePositive({ spot: S, volatility: v, time: T });
    const r = inputs.rate ?? 0, q = inputs.dividend_yield ?? 0;
    const at = params.evaluate_at ?? T / 2;
    if (at >= T) throw paramError(["params", "evaluate_at"], `evaluate_at (${at}) must be before expiry (${T} years)`);
    const legs = presetLegs(params.strategy, S, params.strikes, params.legs);
    const priced = legs.map((l) => ({ ...l, premium: l.type === "stock" ? S : bsPrice(l.type, S, l.strike!, T, r, l.volatility ?? v, q) }));
    const cost = priced.reduce((s, l) => s + l.quantity * l.premium, 0);
    const [lo, hi] = params.range;
    const points = [];
    for (let i = 0; i < params.points; i++) {
      const x = S * (lo + ((hi - lo) * i) / (params.points - 1));
      let before = -cost;
      for (const l of legs) before += l.quantity * (l.type === "stock" ? x : bsPrice(l.type, x, l.strike!, T - at, r, l.volatility ?? v, q));
      points.push({ spot: x, payoff: expiryPnl(legs, 0, x), pnl_expiry: expiryPnl(legs, cost, x), pnl_before: before });
    }
    const a = expiryAnalysis(legs, cost);
    const legWords = priced.map((l) => `${l.quantity > 0 ? "long" : "short"} ${Math.abs(l.quantity)} ${l.type === "stock" ? "underlying" : `${l.strike} ${l.type}`} at ${l.premium.toFixed(4)}`).join(", ");
    const explanation = `${params.strategy.replace("_", " ")}: ${legWords}; ${cost >= 0 ? `costs ${cost.toFixed(4)}` : `collects a credit of ${(-cost).toFixed(4)}`}. ` +
      `Breakeven${a.breakevens.length === 1 ? "" : "s"} at expiry: ${a.breakevens.map((b) => b.toFixed(4)).join(", ") || "none"}. ` +
      `Max profit ${a.max_profit === null ? "unlimited" : a.max_profit.toFixed(4)}, max loss ${a.max_loss === null ? "unlimited" : a.max_loss.toFixed(4)}.`;
    return { legs: priced, net_cost: cost, points, ...a, evaluate_at: at, explanation };
  },
});
