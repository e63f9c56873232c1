/**
 * options.recommend: pick one long option contract from a chain for a preset, size it
 * to the capital, and explain the choice in layers.
 *
 * Presets (target |delta|, expiry window and target in days, share of capital at risk):
 * - conservative: delta 0.70 (in the money, more intrinsic value), 90..180 days (target 120), 2%
 * - balanced:     delta 0.50 (at the money), 45..90 days (target 60), 5%
 * - aggressive:   delta 0.30 (out of the money), 14..45 days (target 30), 10%
 * Filters, in order, each counted: symbol, type (call for bullish, put for bearish),
 * expiry window, open interest >= min_open_interest, volume >= min_volume, quoted
 * (bid > 0) with spread (ask - bid) / mid <= max_spread. Then the expiry closest to the
 * target, and in it the strike whose |delta| is closest to the target (ties: the cheaper).
 * Size: contracts = floor(capital x risk share / (ask x multiplier)); a long option can
 * lose at most what was paid for it.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { pct } from "../risk/format";
import { chainRowSchema, type ChainRow } from "./chain";

export const RECOMMEND_PRESETS = {
  conservative: { delta: 0.7, minDays: 90, maxDays: 180, targetDays: 120, risk: 0.02 },
  balanced: { delta: 0.5, minDays: 45, maxDays: 90, targetDays: 60, risk: 0.05 },
  aggressive: { delta: 0.3, minDays: 14, maxDays: 45, targetDays: 30, risk: 0.1 },
} as const;

export const recommendParams = z.object({
  symbol: z.string().min(1).describe("the underlying; chain rows with another symbol are left out"),
  preset: z.enum(["conservative", "balanced", "aggressive"]).default("balanced"),
  direction: z.enum(["bullish", "bearish"]).default("bullish").describe("bullish buys a call, bearish a put"),
  capital: z.number().positive().describe("capital of the account, in currency"),
  risk_share: z.number().gt(0).max(1).nullable().default(null).describe("share of capital to put at risk; null = the preset's"),
  min_open_interest: z.number().min(0).default(100),
  min_volume: z.number().min(0).default(10),
  max_spread: z.number().positive().default(0.1).describe("largest (ask - bid) / mid"),
  multiplier: z.number().positive().default(100).describe("shares per contract"),
});

export const recommendBlock = defineBlock({
  id: "options.recommend",
  title: "Option recommendation",
  description: "One long call or put from a chain for a conservative, balanced or aggressive preset (delta and expiry targets), sized to the capital, with reasons: expiry, strike, liquidity, risk of loss, and the filters that removed other contracts.",
  category: "options",
  params: recommendParams,
  inputs: {
    chain: port.json(z.array(chainRowSchema), "option chain rows (options.chain)"),
    spot: port.optional(port.number("price of the underlying (for the breakeven in words)")),
  },
  outputs: {
    contract: { kind: "object", description: "the chosen chain row, or null" },
    contracts: { kind: "number", description: "number of contracts to buy" },
    reasons: { kind: "object", description: "{expiry, strike, liquidity, risk, filters}" },
  },
  compute(params, inputs) {
    const pre = RECOMMEND_PRESETS[params.preset];
    const type = params.direction === "bullish" ? "call" : "put";
    const risk = params.risk_share ?? pre.risk;
    const filters: { filter: string; removed: number; remaining: number }[] = [];
    let rows: ChainRow[] = inputs.chain;
    const step = (filter: string, keep: (r: ChainRow) => boolean) => {
      const next = rows.filter(keep);
      filters.push({ filter, removed: rows.length - next.length, remaining: next.length });
      rows = next;
    };
    step(`symbol is ${params.symbol}`, (r) => r.symbol === undefined || r.symbol === params.symbol);
    step(`type is ${type} (${params.direction})`, (r) => r.type === type);
    step(`expiry within ${pre.minDays}-${pre.maxDays} days`, (r) => r.expiry_days >= pre.minDays && r.expiry_days <= pre.maxDays);
    step(`open interest >= ${params.min_open_interest}`, (r) => r.open_interest >= params.min_open_interest);
    step(`volume >= ${params.min_volume}`, (r) => r.volume >= params.min_volume);
    step(`quoted with spread <= ${pct(params.max_spread)} of mid`, (r) => r.bid > 0 && (r.ask - r.bid) / ((r.ask + r.bid) / 2) <= params.max_spread);
    const filterWords = filters.map((f) => `${f.filter}: removed ${f.removed}, ${f.remaining} left`).join("; ") + ".";
    if (!rows.length) {
      const stop = filters.find((f) => f.remaining === 0)!;
      return {
        contract: null, contracts: 0,
        reasons: { expiry: null, strike: null, liquidity: null, risk: null, filters: filterWords },
        filters,
        explanation: `No contract fits the ${params.preset} preset: the filter "${stop.filter}" removed the last ${stop.removed}. ${filterWords}`,
      };
    }
    const expiries = [...new Set(rows.map((r) => r.expiry_days))].sort((a, b) => a - b);
    const expiry = expiries.reduce((best, d) => (Math.abs(d - pre.targetDays) < Math.abs(best - pre.targetDays) ? d : best), expiries[0]);
    const inExpiry = rows.filter((r) => r.expiry_days === expiry);
    const pick = inExpiry.reduce((best, r) => {
      const d = Math.abs(Math.abs(r.delta) - pre.delta) - Math.abs(Math.abs(best.delta) - pre.delta);
      return d < -1e-12 || (Math.abs(d) <= 1e-12 && r.ask < best.ask) ? r : best;
    }, inExpiry[0]);
    const cost1 = pick.ask * params.multiplier;
    const budget = params.capital * risk;
    const contracts = Math.floor(budget / cost1 + 1e-9);
    const paid = contracts * cost1;
    const breakeven = type === "call" ? pick.strike + pick.ask : pick.strike - pick.ask;
    const mid = (pick.ask + pick.bid) / 2;
    const reasons = {
      expiry: `${expiry} days: the ${params.preset} preset aims at ${pre.targetDays} days within ${pre.minDays}-${pre.maxDays}; of the ${expiries.length} expiries left (${expiries.join(", ")}), ${expiry} is the closest.` +
        (params.preset === "conservative" ? " A longer expiry loses less to time decay each day." : params.preset === "aggressive" ? " A short expiry is cheap but decays fast." : ""),
      strike: `Strike ${pick.strike}: its delta ${pick.delta.toFixed(3)} is the closest of ${inExpiry.length} strikes to the target ${type === "call" ? "" : "-"}${pre.delta.toFixed(2)}` +
        ` (about a ${(Math.abs(pick.delta) * 100).toFixed(0)}% chance-like measure of finishing in the money). Breakeven at expiry: ${breakeven.toFixed(2)}` +
        (inputs.spot !== undefined ? `, a ${pct(breakeven / inputs.spot - 1)} move from the spot ${inputs.spot}.` : "."),
      liquidity: `Open interest ${pick.open_interest}, volume ${pick.volume}, bid ${pick.bid.toFixed(2)} / ask ${pick.ask.toFixed(2)}: a spread of ${pct((pick.ask - pick.bid) / mid)} of mid.`,
      risk: contracts > 0
        ? `${contracts} contract${contracts === 1 ? "" : "s"} at ${pick.ask.toFixed(2)} x ${params.multiplier} cost ${paid.toFixed(2)}, ${pct(paid / params.capital)} of capital (budget ${pct(risk)}). This is the most you can lose: it is all lost if the ${type} expires ${type === "call" ? "at or below" : "at or above"} ${pick.strike}.`
        : `One contract costs ${cost1.toFixed(2)}, more than the risk budget of ${budget.toFixed(2)} (${pct(risk)} of capital): size 0. Raise the capital or the risk share, or pick a cheaper preset.`,
      filters: filterWords,
    };
    return {
      contract: pick, contracts, cost: paid, max_loss: paid, breakeven, reasons, filters,
      explanation: `Buy ${contracts} ${params.symbol} ${expiry}-day ${pick.strike} ${type}${contracts === 1 ? "" : "s"} (${params.preset}). ${reasons.expiry} ${reasons.strike} ${reasons.risk}`,
    };
  },
});
