/**
 * orders.generate: orders that move current holdings to target weights.
 *
 * NAV = cash + sum shares x price. Target shares = target weight x NAV / price, rounded
 * to a multiple of the asset's lot size (toward zero by default, so that buys never need
 * more than the target's value; `nearest` rounds half away from zero). Assets held but not
 * in the target are sold to 0. A trade worth less than `min_trade_value` is skipped, with
 * the reason. Sells come first (they free the cash for the buys). Each order carries a
 * deterministic idempotency key (a content hash of the request and the symbol), so the
 * same request sent twice to orders.paper_book is placed once.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { canonicalJson, contentHash, type Order } from "./schema";

export const generateParams = z.object({
  lot_size: z.number().positive().default(1).describe("shares per lot (default 1); per-asset lots come from the lot_sizes input"),
  min_trade_value: z.number().min(0).default(0).describe("skip trades worth less than this (currency)"),
  rounding: z.enum(["down", "nearest"]).default("down").describe("down: toward zero (never over the target); nearest"),
});

export const generateBlock = defineBlock({
  id: "orders.generate",
  title: "Generate orders",
  description: "Orders (shares rounded to lots, small trades skipped) that move current holdings to target weights, sells first, with idempotency keys.",
  category: "orders",
  params: generateParams,
  inputs: {
    holdings: port.optional(port.weights("current shares by asset (default none)")),
    prices: port.weights("price by asset"),
    cash: port.optional(port.number("cash (default 0)")),
    target: port.weights("target weights (fractions of NAV)"),
    lot_sizes: port.optional(port.weights("lot size by asset, overriding lot_size")),
  },
  outputs: {
    orders: { kind: "list", description: "[{symbol, side, shares, price, value, key, reason}]" },
    skipped: { kind: "list", description: "[{symbol, shares, value, reason}] trades left out" },
    explanation: { kind: "text", description: "what the orders do, in words" },
  },
  compute(params, inputs) {
    const holdings = inputs.holdings ?? {};
    const cash = inputs.cash ?? 0;
    const names = [...new Set([...Object.keys(holdings), ...Object.keys(inputs.target)])];
    const price = (a: string) => {
      const p = inputs.prices[a];
      if (p === undefined || !(p > 0)) throw inputError(["inputs", "prices", a], `no positive price for ${a}`);
      return p;
    };
    let nav = cash;
    for (const a of names) if ((holdings[a] ?? 0) !== 0) nav += holdings[a] * price(a);
    if (!(nav > 0)) throw inputError(["inputs", "cash"], `NAV (cash + holdings) is ${nav}; it must be > 0`);
    const batch = contentHash(canonicalJson({ params, holdings, prices: inputs.prices, cash, target: inputs.target, lots: inputs.lot_sizes ?? null }));
    const orders: (Order & { price: number; value: number })[] = [];
    const skipped: { symbol: string; shares: number; value: number; reason: string }[] = [];
    for (const a of names) {
      const p = price(a);
      const lot = inputs.lot_sizes?.[a] ?? params.lot_size;
      if (!(lot > 0)) throw inputError(["inputs", "lot_sizes", a], `lot size of ${a} must be > 0`);
      const raw = ((inputs.target[a] ?? 0) * nav) / p;
      const lots = raw / lot;
      const rounded = (params.rounding === "down" ? Math.trunc(lots + Math.sign(lots) * 1e-9) : Math.sign(lots) * Math.round(Math.abs(lots))) * lot;
      const delta = rounded - (holdings[a] ?? 0);
      if (Math.abs(delta) < 1e-9) continue;
      const value = Math.abs(delta) * p;
      const side = delta > 0 ? "buy" : "sell";
      if (value < params.min_trade_value) {
        skipped.push({ symbol: a, shares: delta, value, reason: `${side} ${Math.abs(delta)} ${a} is worth ${value.toFixed(2)}, under the minimum trade value of ${params.min_trade_value}` });
        continue;
      }
      const from = holdings[a] ?? 0;
      orders.push({
        symbol: a, side, shares: Math.abs(delta), price: p, value, key: `${batch}:${a}`,
        reason: `${from} -> ${rounded} shares: target ${((inputs.target[a] ?? 0) * 100).toFixed(2)}% of NAV ${nav.toFixed(2)} at ${p} is ${raw.toFixed(4)} shares, rounded ${params.rounding === "down" ? "down" : "to the nearest"} lot of ${lot}`,
      });
    }
    orders.sort((x, y) => (x.side === y.side ? 0 : x.side === "sell" ? -1 : 1));
    const bought = orders.filter((o) => o.side === "buy").reduce((s, o) => s + o.value, 0);
    const sold = orders.filter((o) => o.side === "sell").reduce((s, o) => s + o.value, 0);
    const cashAfter = cash - bought + sold;
    const explanation = `${orders.length} order${orders.length === 1 ? "" : "s"} (${orders.filter((o) => o.side === "sell").length} sells first, then buys): buys ${bought.toFixed(2)}, sells ${sold.toFixed(2)}, cash after ${cashAfter.toFixed(2)} of NAV ${nav.toFixed(2)}.` +
      (skipped.length ? ` ${skipped.length} trade${skipped.length === 1 ? "" : "s"} under the minimum value skipped (${skipped.map((s) => s.symbol).join(", ")}).` : "");
    return { orders, skipped, nav, cash_after: cashAfter, turnover: (bought + sold) / nav, explanation };
  },
});
