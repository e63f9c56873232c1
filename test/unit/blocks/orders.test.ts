import { describe, expect, it } from "vitest";
import { runBlock, type AnyBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { generateBlock } from "../../../blocks/orders/generate";
import { riskGateBlock } from "../../../blocks/orders/riskGate";
import { applyOrders, emptyBook, paperBookBlock } from "../../../blocks/orders/paperBook";

const run = (block: AnyBlock, params: unknown, inputs: Record<string, unknown>) => toJson(runBlock(block, params, inputs)) as any;

describe("orders.generate", () => {
  // NAV = 10,000 cash + 50 x 100 (A) = 15,000.
  const inputs = { holdings: { A: 50 }, prices: { A: 100, B: 40, C: 7 }, cash: 10_000, target: { A: 0.2, B: 0.5, C: 0.001 } };
  it("generate(lot 10) rounds target shares down to lots and sells first", () => {
    const out = run(generateBlock, { lot_size: 10 }, inputs);
    // A: 0.2 x 15000 / 100 = 30 shares -> sell 20; B: 0.5 x 15000 / 40 = 187.5 -> 180 -> buy 180; C: 2.14 -> 0 lots, no trade.
    expect(out.orders.map((o: any) => [o.symbol, o.side, o.shares])).toEqual([["A", "sell", 20], ["B", "buy", 180]]);
    expect(out.nav).toBe(15_000);
    expect(out.cash_after).toBeCloseTo(10_000 + 2_000 - 7_200, 9);
  });
  it("generate(min_trade_value 2500) skips small trades and says why", () => {
    const out = run(generateBlock, { min_trade_value: 2500 }, inputs);
    expect(out.orders.map((o: any) => o.symbol)).toEqual(["B"]);
    expect(out.skipped.map((s: any) => s.symbol)).toEqual(["A", "C"]); // A: sell 20 x 100 = 2,000; C: buy 2 x 7 = 14
    expect(out.skipped[0].reason).toMatch(/under the minimum trade value of 2500/);
  });
  it("generate twice on the same request gives the same idempotency keys", () => {
    const a = run(generateBlock, {}, inputs), b = run(generateBlock, {}, inputs);
    expect(a.orders.map((o: any) => o.key)).toEqual(b.orders.map((o: any) => o.key));
    const c = run(generateBlock, {}, { ...inputs, cash: 10_001 });
    expect(c.orders[0].key).not.toBe(a.orders[0].key);
  });
  it("generate sells assets held but not in the target", () => {
    const out = run(generateBlock, {}, { holdings: { A: 5, Z: 3 }, prices: { A: 10, Z: 20 }, cash: 0, target: { A: 1 } });
    expect(out.orders).toEqual([expect.objectContaining({ symbol: "Z", side: "sell", shares: 3 }), expect.objectContaining({ symbol: "A", side: "buy", shares: 6 })]);
  });
});

describe("orders.risk_gate", () => {
  const prices = { A: 100, B: 50, C: 10 };
  const state = { cash: 5_000, positions: { A: 30, B: 20 }, day_start_equity: 10_000, peak_equity: 12_000 }; // equity 9,000
  it("risk_gate(kill_switch) refuses every order, saying so", () => {
    const out = run(riskGateBlock, { kill_switch: true }, { orders: [{ symbol: "C", side: "buy", shares: 1 }, { symbol: "A", side: "sell", shares: 1 }], state, prices });
    expect(out.approved).toEqual([]);
    expect(out.rejected[0].reasons[0]).toMatch(/kill switch is on/);
    expect(out.halted).toBe(true);
  });
  it("risk_gate(daily_loss_limit 5%) halts at a 10% loss: buys refused, reducing sells allowed", () => {
    const out = run(riskGateBlock, { daily_loss_limit: 0.05 }, { orders: [{ symbol: "C", side: "buy", shares: 10 }, { symbol: "A", side: "sell", shares: 10 }], state, prices });
    expect(out.approved.map((o: any) => o.symbol)).toEqual(["A"]);
    expect(out.rejected[0].reasons[0]).toMatch(/today's loss of 10% has reached the daily loss limit of 5%/);
  });
  it("risk_gate(max_drawdown 20%) halts at a 25% drawdown (9,000 / 12,000 - 1); 30% does not", () => {
    const out = run(riskGateBlock, { max_drawdown: 0.2 }, { orders: [{ symbol: "C", side: "buy", shares: 10 }], state, prices });
    expect(out.rejected[0].reasons[0]).toMatch(/drawdown of 25% .* limit of 20%/);
    const ok = run(riskGateBlock, { max_drawdown: 0.3 }, { orders: [{ symbol: "C", side: "buy", shares: 10 }], state, prices });
    expect(ok.approved).toHaveLength(1);
  });
  it("risk_gate(max_position 40%) refuses a buy that makes A 44% of equity", () => {
    // A: 30 + 10 = 40 shares x 100 = 4,000 / 9,000 = 44.4%.
    const out = run(riskGateBlock, { max_position: 0.4 }, { orders: [{ symbol: "A", side: "buy", shares: 10 }, { symbol: "A", side: "buy", shares: 5 }], state, prices });
    expect(out.rejected[0].reasons[0]).toMatch(/A would be 44.44% of equity, over the largest position of 40%/);
    expect(out.approved).toEqual([expect.objectContaining({ symbol: "A", shares: 5 })]); // 35 x 100 / 9000 = 38.9%
  });
  it("risk_gate(max_capital_deployed 50%) counts orders approved before", () => {
    // gross now 3000 + 1000 = 4000 (44%); +300 (C) = 4300 (47.8%) ok; +500 more of C = 4800 (53%) refused.
    const out = run(riskGateBlock, { max_capital_deployed: 0.5 }, { orders: [{ symbol: "C", side: "buy", shares: 30 }, { symbol: "C", side: "buy", shares: 50 }], state, prices });
    expect(out.approved).toHaveLength(1);
    expect(out.rejected[0].reasons[0]).toMatch(/capital deployed would be 53.33% of equity, over the limit of 50%/);
  });
  it("risk_gate(max_concurrent_positions 2) refuses opening a third position", () => {
    const out = run(riskGateBlock, { max_concurrent_positions: 2 }, { orders: [{ symbol: "C", side: "buy", shares: 1 }, { symbol: "A", side: "buy", shares: 1 }], state, prices });
    expect(out.rejected.map((r: any) => r.order.symbol)).toEqual(["C"]);
    expect(out.rejected[0].reasons[0]).toMatch(/2 are open, and at most 2 are allowed/);
  });
  it("risk_gate(daily_loss_limit) without day_start_equity is bad input", () => {
    expect(() => runBlock(riskGateBlock, { daily_loss_limit: 0.05 }, { orders: [], state: { cash: 1, positions: {} }, prices: {} })).toThrow(/day_start_equity/);
  });
});

describe("orders.paper_book", () => {
  const opt = { slippageBps: 0, commissionBps: 0, allowShort: false, allowMargin: false, newDay: false };
  it("paper_book(orders) fills, updates cash, average cost and realized P&L", () => {
    let r = applyOrders(emptyBook(10_000), [{ symbol: "A", side: "buy", shares: 10, key: "k1" }], { A: 100 }, opt);
    r = applyOrders(r.book, [{ symbol: "A", side: "buy", shares: 10, key: "k2" }], { A: 120 }, opt);
    expect(r.book.positions.A).toMatchObject({ shares: 20, avg_cost: 110 });
    r = applyOrders(r.book, [{ symbol: "A", side: "sell", shares: 5, key: "k3" }], { A: 130 }, opt);
    expect(r.fills[0].realized_pnl).toBeCloseTo(5 * (130 - 110), 12);
    expect(r.book.cash).toBeCloseTo(10_000 - 1_000 - 1_200 + 650, 9);
    expect(r.equity).toBeCloseTo(r.book.cash + 15 * 130, 9);
    expect(r.unrealized_pnl).toBeCloseTo(15 * (130 - 110), 9);
  });
  it("paper_book never places an idempotency key twice, across runs and within a batch", () => {
    const orders = [{ symbol: "A", side: "buy", shares: 10, key: "same" }, { symbol: "A", side: "buy", shares: 10, key: "same" }];
    const first = run(paperBookBlock, { initial_cash: 10_000 }, { orders, prices: { A: 100 } });
    expect(first.fills).toHaveLength(1);
    expect(first.skipped).toHaveLength(1);
    const again = run(paperBookBlock, {}, { book: first.book, orders, prices: { A: 100 } });
    expect(again.fills).toHaveLength(0);
    expect(again.skipped[0].reason).toMatch(/already in the book .*not placed twice/);
    expect(again.book.positions.A.shares).toBe(10);
    expect(again.book.cash).toBe(9_000);
  });
  it("paper_book re-sending the same batch without keys places nothing new", () => {
    const orders = [{ symbol: "A", side: "buy", shares: 1 }];
    const a = run(paperBookBlock, {}, { orders, prices: { A: 10 } });
    const b = run(paperBookBlock, {}, { book: a.book, orders, prices: { A: 10 } });
    expect(b.fills).toHaveLength(0);
  });
  it("paper_book(slippage 10 bps, commission 5 bps) fills buys higher and sells lower", () => {
    const r = applyOrders(emptyBook(100_000), [{ symbol: "A", side: "buy", shares: 100, key: "b" }, { symbol: "A", side: "sell", shares: 100, key: "s" }], { A: 100 }, { ...opt, slippageBps: 10, commissionBps: 5 });
    expect(r.fills[0].price).toBeCloseTo(100.1, 12);
    expect(r.fills[1].price).toBeCloseTo(99.9, 12);
    // round trip: -0.2 x 100 shares of slippage, commission 5 bps of 10,010 and of 9,990.
    expect(r.book.cash).toBeCloseTo(100_000 - 20 - 0.0005 * (10_010 + 9_990), 9);
  });
  it("paper_book refuses short sales and buys beyond cash, explaining", () => {
    const r = applyOrders(emptyBook(500), [{ symbol: "A", side: "sell", shares: 1, key: "x" }, { symbol: "A", side: "buy", shares: 10, key: "y" }], { A: 100 }, opt);
    expect(r.rejected.map((x) => x.reason)).toEqual([expect.stringMatching(/short selling is off/), expect.stringMatching(/needs 1000.00 but the cash is 500.00/)]);
    expect(r.book.keys).toEqual([]);
  });
  it("paper_book book is JSON: it survives JSON.stringify / parse unchanged", () => {
    const a = run(paperBookBlock, {}, { orders: [{ symbol: "A", side: "buy", shares: 3, key: "k" }], prices: { A: 10 } });
    expect(JSON.parse(JSON.stringify(a.book))).toEqual(a.book);
  });
});
