/**
 * orders.risk_gate: pre-trade risk limits on a list of orders, each refusal explained.
 *
 * Equity = cash + sum shares x price. Orders are taken in the order given, each one
 * against the positions left by the orders approved before it. Gates:
 * - kill_switch: every order is refused.
 * - daily_loss_limit d: equity / day_start_equity - 1 <= -d halts trading;
 * - max_drawdown m: equity / peak_equity - 1 <= -m halts trading. During a halt an order
 *   that increases a position's size is refused; one that only reduces it is allowed.
 * - max_position p: |shares after| x price / equity > p refuses the order (when it grows the position).
 * - max_capital_deployed g: gross position value after / equity > g refuses an order that
 *   raises the gross.
 * - max_concurrent_positions n: an order that opens a new position when n are open is refused.
 * A null limit is not checked.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { listWords, pct } from "../risk/format";
import { ordersSchema, signedShares, type Order } from "./schema";

export const gateStateSchema = z.object({
  cash: z.number(),
  positions: z.record(z.string(), z.union([z.number(), z.object({ shares: z.number() })])).default({}),
  day_start_equity: z.number().positive().optional(),
  peak_equity: z.number().positive().optional(),
});

export const riskGateParams = z.object({
  kill_switch: z.boolean().default(false).describe("true: refuse every order"),
  daily_loss_limit: z.number().gt(0).lt(1).nullable().default(null).describe("halt when today's loss reaches this fraction of the day's starting equity"),
  max_drawdown: z.number().gt(0).lt(1).nullable().default(null).describe("halt when equity is this fraction below its peak"),
  max_position: z.number().positive().nullable().default(null).describe("largest position value as a fraction of equity"),
  max_capital_deployed: z.number().positive().nullable().default(null).describe("largest gross position value as a fraction of equity"),
  max_concurrent_positions: z.number().int().min(0).nullable().default(null).describe("largest number of open positions"),
});

export const riskGateBlock = defineBlock({
  id: "orders.risk_gate",
  title: "Risk gate",
  description: "Kill switch, daily loss limit, drawdown halt, position size, capital deployed and number of positions: approves or refuses each order, saying why.",
  category: "orders",
  params: riskGateParams,
  inputs: {
    orders: port.json(ordersSchema, "orders [{symbol, side, shares, key?}]"),
    state: port.json(gateStateSchema, "the book: {cash, positions: {symbol: shares or {shares}}, day_start_equity?, peak_equity?} (an orders.paper_book book fits)"),
    prices: port.weights("price by asset"),
  },
  outputs: {
    approved: { kind: "list", description: "orders that pass every gate" },
    rejected: { kind: "list", description: "[{order, reasons}]" },
    halted: { kind: "text", description: "true when a loss or drawdown halt is on" },
    explanation: { kind: "text", description: "the decision in words" },
  },
  compute(params, inputs) {
    const pos: Record<string, number> = {};
    for (const [a, p] of Object.entries(inputs.state.positions)) pos[a] = typeof p === "number" ? p : p.shares;
    const price = (a: string, path: (string | number)[]) => {
      const p = inputs.prices[a];
      if (p === undefined || !(p > 0)) throw inputError(path, `no positive price for ${a}`);
      return p;
    };
    let equity = inputs.state.cash;
    for (const [a, s] of Object.entries(pos)) if (s !== 0) equity += s * price(a, ["inputs", "state", "positions", a]);
    if (!(equity > 0)) throw inputError(["inputs", "state"], `equity (cash + positions) is ${equity}; the gate needs it > 0`);

    const halts: string[] = [];
    if (params.daily_loss_limit !== null) {
      const d0 = inputs.state.day_start_equity;
      if (d0 === undefined) throw inputError(["inputs", "state", "day_start_equity"], "daily_loss_limit is set: the state needs day_start_equity");
      const day = equity / d0 - 1;
      if (day <= -params.daily_loss_limit) halts.push(`today's loss of ${pct(-day)} has reached the daily loss limit of ${pct(params.daily_loss_limit)}`);
    }
    if (params.max_drawdown !== null) {
      const peak = Math.max(inputs.state.peak_equity ?? equity, equity);
      const dd = equity / peak - 1;
      if (dd <= -params.max_drawdown) halts.push(`the drawdown of ${pct(-dd)} from the peak equity of ${peak.toFixed(2)} has reached the limit of ${pct(params.max_drawdown)}`);
    }
    const approved: Order[] = [];
    const rejected: { order: Order; reasons: string[] }[] = [];
    inputs.orders.forEach((o, i) => {
      const reasons: string[] = [];
      const p = price(o.symbol, ["inputs", "orders", i, "symbol"]);
      const before = pos[o.symbol] ?? 0;
      const after = before + signedShares(o);
      const grows = Math.abs(after) > Math.abs(before) + 1e-12;
      if (params.kill_switch) reasons.push("the kill switch is on: no order is placed until it is turned off");
      if (halts.length && grows) reasons.push(`trading is halted because ${listWords(halts)}; only orders that reduce a position are allowed`);
      if (params.max_position !== null && grows) {
        const share = (Math.abs(after) * p) / equity;
        if (share > params.max_position + 1e-12) reasons.push(`${o.symbol} would be ${pct(share)} of equity, over the largest position of ${pct(params.max_position)}`);
      }
      if (params.max_concurrent_positions !== null && before === 0 && after !== 0) {
        const open = Object.values(pos).filter((s) => s !== 0).length;
        if (open + 1 > params.max_concurrent_positions) reasons.push(`it would open a position while ${open} are open, and at most ${params.max_concurrent_positions} are allowed`);
      }
      if (params.max_capital_deployed !== null) {
        let grossBefore = 0;
        for (const [a, s] of Object.entries(pos)) if (s !== 0) grossBefore += Math.abs(s) * inputs.prices[a];
        const grossAfter = grossBefore - Math.abs(before) * p + Math.abs(after) * p;
        if (grossAfter > grossBefore + 1e-9 && grossAfter / equity > params.max_capital_deployed + 1e-12) reasons.push(`capital deployed would be ${pct(grossAfter / equity)} of equity, over the limit of ${pct(params.max_capital_deployed)}`);
      }
      if (reasons.length) rejected.push({ order: o, reasons: reasons.map((r) => `${o.side} ${o.shares} ${o.symbol} refused: ${r}.`) });
      else { approved.push(o); pos[o.symbol] = after; }
    });
    const explanation = params.kill_switch
      ? `Kill switch on: all ${inputs.orders.length} orders refused.`
      : `${approved.length} of ${inputs.orders.length} orders approved` + (rejected.length ? `, ${rejected.length} refused` : "") + "." +
        (halts.length ? ` Halted: ${listWords(halts)}.` : "");
    return { approved, rejected, halted: halts.length > 0 || params.kill_switch, halt_reasons: halts, equity, explanation };
  },
});
