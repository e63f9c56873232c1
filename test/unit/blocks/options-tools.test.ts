import { describe, expect, it } from "vitest";
import { runBlock, type AnyBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { bsPrice } from "../../../blocks/options/blackScholes";
import { impliedVolatility } from "../../../blocks/options/impliedVolatility";
import { chainBlock, smileVolatility } from "../../../blocks/options/chain";
import { strategyBlock } from "../../../blocks/options/strategy";
import { portfolioGreeksBlock } from "../../../blocks/options/portfolioGreeks";
import { greeksGateBlock } from "../../../blocks/options/greeksGate";
import { recommendBlock } from "../../../blocks/options/recommend";

const run = (block: AnyBlock, params: unknown, inputs: Record<string, unknown>) => toJson(runBlock(block, params, inputs)) as any;

describe("options.chain", () => {
  const out = run(chainBlock, { expiries_days: [30, 90], strikes: [90, 100, 110], skew: -0.2, curvature: 1, rate: 0.03 }, { spot: 100 });
  it("chain has a call and a put per strike and expiry, priced on the smile", () => {
    expect(out.chain).toHaveLength(2 * 3 * 2);
    const row = out.chain.find((r: any) => r.type === "put" && r.strike === 90 && r.expiry_days === 90);
    const T = 90 / 365, k = Math.log(90 / (100 * Math.exp(0.03 * T)));
    expect(row.volatility).toBeCloseTo(0.2 - 0.2 * k + k * k, 15);
    expect(row.price).toBeCloseTo(bsPrice("put", 100, 90, T, 0.03, row.volatility), 12);
    expect(row.bid).toBeLessThan(row.price);
    expect(row.ask).toBeGreaterThan(row.price);
  });
  it("chain prices give back the smile by implied volatility", () => {
    for (const r of out.chain) expect(impliedVolatility(r.type, r.price, 100, r.strike, r.time, 0.03).volatility).toBeCloseTo(r.volatility, 8);
  });
  it("smileVolatility with negative skew makes low strikes richer", () => {
    const p = { base_volatility: 0.2, skew: -0.1, curvature: 0, term_slope: 0, min_volatility: 0.01 };
    expect(smileVolatility(p, -0.1, 1)).toBeGreaterThan(smileVolatility(p, 0.1, 1));
  });
});

describe("options.strategy", () => {
  const inputs = { spot: 100, volatility: 0.25, time: 0.5, rate: 0.02 };
  it("strategy(vertical_call [100, 110]): breakeven K1 + cost, max profit K2 - K1 - cost, max loss the cost", () => {
    const out = run(strategyBlock, { strategy: "vertical_call", strikes: [100, 110] }, inputs);
    const cost = bsPrice("call", 100, 100, 0.5, 0.02, 0.25) - bsPrice("call", 100, 110, 0.5, 0.02, 0.25);
    expect(out.net_cost).toBeCloseTo(cost, 12);
    expect(out.breakevens).toEqual([expect.closeTo(100 + cost, 10)]);
    expect(out.max_profit).toBeCloseTo(10 - cost, 10);
    expect(out.max_loss).toBeCloseTo(cost, 10);
  });
  it("strategy(straddle 100): two breakevens at K +/- cost, unlimited profit", () => {
    const out = run(strategyBlock, { strategy: "straddle", strikes: [100] }, inputs);
    const c = out.net_cost;
    expect(out.breakevens).toEqual([expect.closeTo(100 - c, 10), expect.closeTo(100 + c, 10)]);
    expect(out.max_profit).toBeNull();
  });
  it("strategy(iron_condor) is a credit with bounded profit and loss", () => {
    const out = run(strategyBlock, { strategy: "iron_condor", strikes: [80, 90, 110, 120] }, inputs);
    expect(out.net_cost).toBeLessThan(0);
    expect(out.max_profit).toBeCloseTo(-out.net_cost, 10);
    expect(out.max_loss).toBeCloseTo(10 + out.net_cost, 10);
    expect(out.breakevens).toHaveLength(2);
  });
  it("strategy(covered_call): the P&L before expiry tends to the expiry P&L and points span the range", () => {
    const out = run(strategyBlock, { strategy: "covered_call", strikes: [105], points: 11 }, inputs);
    expect(out.points).toHaveLength(11);
    expect(out.points[0].spot).toBeCloseTo(50, 12);
    expect(out.points[10].spot).toBeCloseTo(150, 12);
    const mid = out.points[5]; // spot 100: payoff = 100 (stock) - 0 (call OTM)
    expect(mid.payoff).toBeCloseTo(100, 12);
    expect(out.max_profit).toBeCloseTo(105 - out.net_cost, 10);
  });
  it("strategy(protective_put, evaluate_at after expiry) is an invalid parameter", () => {
    expect(() => runBlock(strategyBlock, { strategy: "protective_put", evaluate_at: 0.6 }, inputs)).toThrow(/evaluate_at/);
  });
});

describe("options.portfolio_greeks and options.greeks_gate", () => {
  const positions = [
    { type: "call", strike: 100, time: 0.5, volatility: 0.2, quantity: 2 },
    { type: "put", strike: 100, time: 0.5, volatility: 0.2, quantity: 2 },
    { type: "stock", quantity: -10 },
  ];
  it("portfolio_greeks sums quantity x multiplier x Greeks; a straddle's delta is 2 x 100 x (2N(d1) - 1)", () => {
    const out = run(portfolioGreeksBlock, {}, { positions, spot: 100 });
    const d1 = (0.5 * 0.04 * 0.5) / (0.2 * Math.sqrt(0.5)); // r = 0
    const nd1 = 0.5 * (1 + erfApprox(d1 / Math.SQRT2));
    expect(out.totals.delta).toBeCloseTo(200 * (2 * nd1 - 1) - 10, 6);
    expect(out.positions[2].delta).toBe(-10);
  });
  it("greeks_gate(max_abs_delta 5) blocks a delta of 8, naming the Greek and the limit", () => {
    const out = run(greeksGateBlock, { max_abs_delta: 5, min_theta: -1000 }, { greeks: { delta: 8, gamma: 0.1, vega: 30, theta: -500 } });
    expect(out.status).toBe("BLOCK");
    expect(out.reasons).toHaveLength(1);
    expect(out.reasons[0]).toMatch(/delta of 8 is beyond the limit of \+\/-5/);
    expect(run(greeksGateBlock, { max_abs_delta: 10 }, { greeks: { delta: 8, gamma: 0, vega: 0, theta: 0 } }).status).toBe("OK");
  });
});

// erf by its Maclaurin series, independent of the library's.
function erfApprox(x: number): number {
  let s = 0, term = x;
  for (let n = 0; n < 60; n++) { s += term / (2 * n + 1); term *= (-x * x) / (n + 1); }
  return (2 / Math.sqrt(Math.PI)) * s;
}

describe("options.recommend", () => {
  const chain = run(chainBlock, { symbol: "XYZ" }, { spot: 100 }).chain;
  it("recommend(balanced) picks the expiry nearest 60 days and |delta| nearest 0.5, sized to 5% of capital", () => {
    const out = run(recommendBlock, { symbol: "XYZ", preset: "balanced", capital: 100_000 }, { chain, spot: 100 });
    expect(out.contract.type).toBe("call");
    expect(out.contract.expiry_days).toBe(60);
    const sixty = chain.filter((r: any) => r.type === "call" && r.expiry_days === 60);
    const best = Math.min(...sixty.map((r: any) => Math.abs(r.delta - 0.5)));
    expect(Math.abs(out.contract.delta - 0.5)).toBeCloseTo(best, 12);
    expect(out.contracts).toBe(Math.floor(5_000 / (out.contract.ask * 100)));
    for (const k of ["expiry", "strike", "liquidity", "risk", "filters"]) expect(typeof out.reasons[k]).toBe("string");
    expect(out.reasons.risk).toMatch(/most you can lose/);
  });
  it("recommend(conservative, bearish) buys a put with delta near -0.7 in the 90-180 day window", () => {
    const out = run(recommendBlock, { symbol: "XYZ", preset: "conservative", direction: "bearish", capital: 1_000_000 }, { chain });
    expect(out.contract.type).toBe("put");
    expect(out.contract.expiry_days).toBe(120);
    expect(Math.abs(out.contract.delta + 0.7)).toBeLessThan(0.1);
  });
  it("recommend counts what each filter removed", () => {
    const out = run(recommendBlock, { symbol: "XYZ", preset: "aggressive", capital: 10_000 }, { chain });
    expect(out.filters[0]).toEqual({ filter: "symbol is XYZ", removed: 0, remaining: chain.length });
    expect(out.filters[1].removed).toBe(chain.length / 2);
    expect(out.filters.at(-1).remaining).toBeGreaterThan(0);
  });
  it("recommend with too little capital sizes 0 and says why; with no match returns no contract", () => {
    const small = run(recommendBlock, { symbol: "XYZ", preset: "conservative", capital: 1_000 }, { chain });
    expect(small.contracts).toBe(0);
    expect(small.reasons.risk).toMatch(/more than the risk budget/);
    const none = run(recommendBlock, { symbol: "ABC", capital: 1_000 }, { chain });
    expect(none.contract).toBeNull();
    expect(none.explanation).toMatch(/symbol is ABC" removed the last/);
  });
});
