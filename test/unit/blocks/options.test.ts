import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { BlockError } from "../../../blocks/core/errors";
import { blackScholes, blackScholesBlock, bsPrice } from "../../../blocks/options/blackScholes";
import { impliedVolatility, impliedVolatilityBlock } from "../../../blocks/options/impliedVolatility";

const run = (block: typeof blackScholesBlock, params: unknown, inputs: Record<string, unknown>) => toJson(runBlock(block, params, inputs)) as any;

describe("options.black_scholes", () => {
  it("black_scholes(S=42, K=40, r=0.1, sigma=0.2, T=0.5) is call 4.76, put 0.81 (Hull, Example 15.6)", () => {
    const inputs = { spot: 42, strike: 40, rate: 0.1, volatility: 0.2, time: 0.5 };
    expect(run(blackScholesBlock, { type: "call" }, inputs).price).toBeCloseTo(4.76, 2);
    expect(run(blackScholesBlock, { type: "put" }, inputs).price).toBeCloseTo(0.81, 2);
  });
  it("black_scholes(S=49, K=50, r=0.05, sigma=0.2, T=20/52) Greeks are Hull's (ch. 19): delta 0.522, gamma 0.066, vega 12.1, theta -4.31, rho 8.91", () => {
    const g = run(blackScholesBlock, { type: "call" }, { spot: 49, strike: 50, rate: 0.05, volatility: 0.2, time: 20 / 52 });
    expect(g.price).toBeCloseTo(2.4, 2);
    expect(g.delta).toBeCloseTo(0.522, 3);
    expect(g.gamma).toBeCloseTo(0.066, 3);
    expect(g.vega).toBeCloseTo(12.1, 1);
    expect(g.theta).toBeCloseTo(-4.31, 2);
    expect(g.rho).toBeCloseTo(8.91, 2);
  });
  it("call - put = S e^{-qT} - K e^{-rT} (put-call parity, with a dividend yield)", () => {
    for (const [S, K, T, r, v, q] of [[100, 90, 1, 0.03, 0.25, 0.02], [50, 70, 0.1, 0.0, 0.6, 0.05], [10, 10, 3, 0.08, 0.1, 0]]) {
      const c = blackScholes("call", S, K, T, r, v, q).price, p = blackScholes("put", S, K, T, r, v, q).price;
      expect(c - p).toBeCloseTo(S * Math.exp(-q * T) - K * Math.exp(-r * T), 12);
    }
  });
  it("Greeks are the finite differences of the price (delta, gamma, vega, theta = -dV/dT, rho)", () => {
    const S = 100, K = 105, T = 0.75, r = 0.04, v = 0.3, q = 0.01;
    for (const type of ["call", "put"] as const) {
      const g = blackScholes(type, S, K, T, r, v, q);
      const P = (s = S, t = T, rr = r, vv = v) => bsPrice(type, s, K, t, rr, vv, q);
      const h = 1e-4;
      expect(g.delta).toBeCloseTo((P(S + h) - P(S - h)) / (2 * h), 7);
      expect(g.gamma).toBeCloseTo((P(S + 1e-3) - 2 * P() + P(S - 1e-3)) / 1e-6, 5);
      expect(g.vega).toBeCloseTo((P(S, T, r, v + h) - P(S, T, r, v - h)) / (2 * h), 6);
      expect(g.theta).toBeCloseTo(-(P(S, T + h) - P(S, T - h)) / (2 * h), 6);
      expect(g.rho).toBeCloseTo((P(S, T, r + h) - P(S, T, r - h)) / (2 * h), 6);
    }
  });
  it("black_scholes(time 0) and (volatility -0.1) are bad input naming the input", () => {
    expect(() => runBlock(blackScholesBlock, {}, { spot: 1, strike: 1, time: 0, volatility: 0.2 })).toThrow(/inputs\.time/);
    expect(() => runBlock(blackScholesBlock, {}, { spot: 1, strike: 1, time: 1, volatility: -0.1 })).toThrow(/inputs\.volatility/);
    expect(() => runBlock(blackScholesBlock, {}, { spot: 0, strike: 1, time: 1, volatility: 0.1 })).toThrow(BlockError);
  });
});

describe("options.implied_volatility", () => {
  it("implied_volatility(black_scholes(sigma)) = sigma for calls and puts, near and far from the money", () => {
    for (const type of ["call", "put"] as const) {
      for (const [S, K, T, r, v, q] of [[42, 40, 0.5, 0.1, 0.2, 0], [100, 150, 0.25, 0.02, 0.45, 0.01], [100, 60, 2, 0.05, 0.15, 0.03], [100, 100, 0.01, 0, 1.5, 0]]) {
        const price = bsPrice(type, S, K, T, r, v, q);
        const out = run(impliedVolatilityBlock, { type }, { price, spot: S, strike: K, time: T, rate: r, dividend_yield: q });
        expect(Math.abs(out.volatility - v)).toBeLessThan(1e-8);
      }
    }
  });
  it("implied_volatility(Hull's put 0.81) is about 0.2", () => {
    expect(impliedVolatility("put", 0.8086, 42, 40, 0.5, 0.1).volatility).toBeCloseTo(0.2, 3);
  });
  it("implied_volatility(price below intrinsic) is a no-solution error stating the bounds", () => {
    // call lower bound: 42 - 40 e^{-0.05} = 3.9508...
    try {
      runBlock(impliedVolatilityBlock, { type: "call" }, { price: 3, spot: 42, strike: 40, time: 0.5, rate: 0.1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BlockError);
      expect((e as BlockError).type).toBe("no-solution");
      expect((e as BlockError).message).toMatch(/lower bound/);
    }
  });
  it("implied_volatility(call price above the spot) is a no-solution error", () => {
    expect(() => runBlock(impliedVolatilityBlock, { type: "call" }, { price: 43, spot: 42, strike: 40, time: 0.5 })).toThrow(/upper bound/);
  });
});
