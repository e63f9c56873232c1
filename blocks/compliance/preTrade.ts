/**
 * compliance.pre_trade: check a list of orders before they are sent.
 *
 * From current holdings (shares), prices and cash: NAV = cash + sum shares x price;
 * resulting shares = holdings + orders (buys +, sells -), resulting weights =
 * shares x price / NAV (NAV is unchanged by trading at these prices), resulting cash =
 * cash - sum signed shares x price. Checks, in order:
 * - the ruleset (see rules.ts) on the resulting weights, with the current weights for
 *   max_turnover and NAV as portfolio_value unless given;
 * - cash: negative resulting cash is a BLOCK unless allow_negative_cash;
 * - target: when target weights are given, any asset whose resulting weight misses its
 *   target by more than `tolerance` is a REVIEW.
 * `record` is a timestamp-free, deterministic JSON record (its `id` is a content hash of
 * the request), to be appended to a history kept by the notebook.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import type { Weights } from "../core/values";
import { canonicalJson, contentHash, ordersSchema, signedShares } from "../orders/schema";
import { listWords, pct } from "../risk/format";
import { evaluateRules, rulesetSchema, type Status } from "./rules";

export const preTradeParams = z.object({
  ruleset: rulesetSchema.default([]).describe("rules [{rule, limit, severity, symbols?}] applied to the resulting weights"),
  portfolio_value: z.number().positive().nullable().default(null).describe("for liquidity_days; null = the NAV from holdings and cash"),
  tolerance: z.number().min(0).default(0.005).describe("largest acceptable |resulting - target| weight before a REVIEW"),
  allow_negative_cash: z.boolean().default(false).describe("false: orders that need more cash than there is are a BLOCK"),
});

export const preTradeBlock = defineBlock({
  id: "compliance.pre_trade",
  title: "Pre-trade compliance",
  description: "Check orders against a ruleset, the available cash and the target weights, before sending them; returns a deterministic record for the notebook's history.",
  category: "compliance",
  params: preTradeParams,
  inputs: {
    holdings: port.optional(port.weights("current shares by asset (default none)")),
    prices: port.weights("price by asset"),
    cash: port.optional(port.number("cash (default 0)")),
    orders: port.json(ordersSchema, "orders [{symbol, side: buy|sell, shares, key?}]"),
    target: port.optional(port.weights("target weights the orders should reach")),
    groups: port.optional(port.groups("group (sector) by asset, for sector_cap")),
    adv: port.optional(port.weights("average daily traded value per asset, in currency, for liquidity_days")),
  },
  outputs: {
    status: { kind: "text", description: "OK, REVIEW or BLOCK" },
    reasons: { kind: "list", description: "one sentence per breach" },
    resulting_weights: { kind: "weights", description: "weights after the orders" },
    record: { kind: "object", description: "deterministic record for the history" },
  },
  compute(params, inputs) {
    const holdings = inputs.holdings ?? {};
    const cash = inputs.cash ?? 0;
    const price = (a: string, path: (string | number)[]) => {
      const p = inputs.prices[a];
      if (p === undefined || !(p > 0)) throw inputError(path, `no positive price for ${a} in inputs.prices`);
      return p;
    };
    let nav = cash;
    for (const [a, s] of Object.entries(holdings)) if (s !== 0) nav += s * price(a, ["inputs", "holdings", a]);
    if (!(nav > 0)) throw inputError(["inputs", "cash"], `the portfolio's value (cash + holdings) is ${nav}; it must be > 0 to compute weights`);
    const after: Record<string, number> = { ...holdings };
    let cashAfter = cash;
    inputs.orders.forEach((o, i) => {
      const p = price(o.symbol, ["inputs", "orders", i, "symbol"]);
      after[o.symbol] = (after[o.symbol] ?? 0) + signedShares(o);
      cashAfter -= signedShares(o) * p;
    });
    const current: Weights = {}, resulting: Weights = {};
    for (const [a, s] of Object.entries(holdings)) current[a] = (s * inputs.prices[a]) / nav;
    for (const [a, s] of Object.entries(after)) resulting[a] = (s * inputs.prices[a]) / nav;

    const e = evaluateRules(params.ruleset, { weights: resulting, current, groups: inputs.groups, adv: inputs.adv, portfolioValue: params.portfolio_value ?? nav });
    let status: Status = e.status;
    const reasons = [...e.reasons];
    const raise = (s: Status) => { if (s === "BLOCK" || (s === "REVIEW" && status === "OK")) status = s; };
    if (cashAfter < -1e-9 * nav && !params.allow_negative_cash) {
      raise("BLOCK");
      reasons.push(`cash (BLOCK): the orders need ${pct(-cashAfter / nav)} of the portfolio's value more cash than there is (cash after: ${cashAfter.toFixed(2)}).`);
    }
    let deviations: Record<string, number> | null = null;
    if (inputs.target) {
      deviations = {};
      const names = new Set([...Object.keys(resulting), ...Object.keys(inputs.target)]);
      const off: string[] = [];
      for (const a of names) {
        const d = (resulting[a] ?? 0) - (inputs.target[a] ?? 0);
        deviations[a] = d;
        if (Math.abs(d) > params.tolerance + 1e-12) off.push(`${a} at ${pct(resulting[a] ?? 0)} vs ${pct(inputs.target[a] ?? 0)}`);
      }
      if (off.length) {
        raise("REVIEW");
        reasons.push(`target (REVIEW): the orders leave ${listWords(off)}, further from the target than the tolerance of ${pct(params.tolerance)}.`);
      }
    }
    const request = { params, holdings, prices: inputs.prices, cash, orders: inputs.orders, target: inputs.target ?? null };
    const record = {
      kind: "compliance.pre_trade",
      id: contentHash(canonicalJson(request)),
      status,
      reasons,
      orders: inputs.orders,
      nav,
      cash_after: cashAfter,
      resulting_weights: resulting,
    };
    return { status, reasons, resulting_weights: resulting, current_weights: current, cash_after: cashAfter, nav, target_deviation: deviations, results: e.results.map(({ reason: _r, ...rest }) => rest), record };
  },
});
