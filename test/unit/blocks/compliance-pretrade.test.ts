import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { preTradeBlock } from "../../../blocks/compliance/preTrade";

const run = (params: unknown, inputs: Record<string, unknown>) => toJson(runBlock(preTradeBlock, params, inputs)) as any;
// NAV = 2,000 cash + 10 x 100 (A) + 20 x 50 (B) = 4,000.
const base = { holdings: { A: 10, B: 20 }, prices: { A: 100, B: 50, C: 20 }, cash: 2_000 };

describe("compliance.pre_trade", () => {
  it("pre_trade(orders) computes resulting weights on the unchanged NAV", () => {
    const out = run({}, { ...base, orders: [{ symbol: "C", side: "buy", shares: 50 }, { symbol: "B", side: "sell", shares: 10 }] });
    expect(out.resulting_weights).toEqual({ A: 0.25, B: 0.125, C: 0.25 });
    expect(out.cash_after).toBe(2_000 - 1_000 + 500);
    expect(out.status).toBe("OK");
  });
  it("pre_trade(max_weight 0.3) blocks an order that makes C 50%", () => {
    const out = run({ ruleset: [{ rule: "max_weight", limit: 0.3, severity: "BLOCK" }] }, { ...base, orders: [{ symbol: "C", side: "buy", shares: 100 }] });
    expect(out.status).toBe("BLOCK");
    expect(out.reasons[0]).toMatch(/C at 50% exceeds the maximum weight of 30%/);
  });
  it("pre_trade blocks orders that need more cash than there is", () => {
    const out = run({}, { ...base, orders: [{ symbol: "C", side: "buy", shares: 150 }] });
    expect(out.status).toBe("BLOCK");
    expect(out.reasons[0]).toMatch(/more cash than there is/);
  });
  it("pre_trade(target) asks for REVIEW when the orders miss the target by more than the tolerance", () => {
    const out = run({ tolerance: 0.01 }, { ...base, orders: [{ symbol: "C", side: "buy", shares: 50 }], target: { A: 0.25, B: 0.25, C: 0.3 } });
    expect(out.status).toBe("REVIEW");
    expect(out.reasons[0]).toMatch(/C at 25% vs 30%/);
    expect(out.target_deviation.C).toBeCloseTo(-0.05, 15);
  });
  it("pre_trade record is deterministic and has no timestamp", () => {
    const req = { ...base, orders: [{ symbol: "C", side: "buy", shares: 5 }] };
    const a = run({}, req), b = run({}, req), c = run({}, { ...req, cash: 2_001 });
    expect(a.record).toEqual(b.record);
    expect(a.record.id).not.toBe(c.record.id);
    expect(JSON.stringify(a.record)).not.toMatch(/time|date/i);
  });
  it("pre_trade(max_turnover 0.2) uses the current weights", () => {
    const out = run({ ruleset: [{ rule: "max_turnover", limit: 0.2, severity: "REVIEW" }] }, { ...base, orders: [{ symbol: "C", side: "buy", shares: 50 }] });
    expect(out.results[0].value).toBeCloseTo(0.25, 15);
    expect(out.status).toBe("REVIEW");
  });
});
