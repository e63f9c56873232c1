import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { BlockError } from "../../../blocks/core/errors";
import { momentumBlock, momentumKernel } from "../../../blocks/factors/momentum";
import { reversalBlock } from "../../../blocks/factors/reversal";
import { lowVolatilityBlock } from "../../../blocks/factors/lowVolatility";
import { ratioBlock } from "../../../blocks/factors/ratio";
import { winsorizeBlock } from "../../../blocks/factors/winsorize";
import { zscoreBlock } from "../../../blocks/factors/zscore";
import { rankBlock } from "../../../blocks/factors/rank";
import { neutralizeBlock } from "../../../blocks/factors/neutralize";
import { neutralizeSizeBlock } from "../../../blocks/factors/neutralizeSize";
import { decayBlock } from "../../../blocks/factors/decay";
import { combineBlock } from "../../../blocks/factors/combine";
import { quantileSorted } from "../../../blocks/factors/crossSection";

const dates = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10));
const pnl = (columns: string[], values: (number | null)[][]) => ({ index: dates(values.length), columns, values });
const run = (b: Parameters<typeof runBlock>[0], params: unknown, inputs: Record<string, unknown>) => toJson(runBlock(b, params, inputs)) as any;

describe("factor.momentum", () => {
  const prices = pnl(["A", "B"], [[100, 10], [110, 20], [121, null], [99, 40], [88, 50]]);
  it("momentum(prices, lookback 3, skip 1) is price[t-1]/price[t-3] - 1 with the first 3 rows null", () => {
    const out = run(momentumBlock, { lookback: 3, skip: 1 }, { prices });
    expect(out.scores.index).toEqual(prices.index);
    expect(out.scores.columns).toEqual(["A", "B"]);
    expect(out.scores.values.slice(0, 3)).toEqual([[null, null], [null, null], [null, null]]);
    expect(out.scores.values[3][0]).toBeCloseTo(121 / 100 - 1, 14);
    expect(out.scores.values[4][0]).toBeCloseTo(99 / 110 - 1, 14);
    expect(out.scores.values[3][1]).toBeNull(); // price[2] of B is null
    expect(out.scores.values[4][1]).toBeCloseTo(40 / 20 - 1, 14);
  });
  it("momentum(prices) defaults to 252/21: 300 rows give 48 defined rows", () => {
    const rows = Array.from({ length: 300 }, (_, t) => [100 * 1.001 ** t]);
    const out = run(momentumBlock, {}, { prices: pnl(["A"], rows) });
    expect(out.scores.values[251][0]).toBeNull();
    expect(out.scores.values[252][0]).toBeCloseTo(1.001 ** 231 - 1, 12);
  });
  it("momentumKernel(rows from..to) writes exactly those rows of the whole kernel's output", () => {
    const v = Float64Array.from({ length: 8 * 2 }, (_, i) => 100 + i * (i % 3));
    const whole = momentumKernel(v, 8, 2, 3, 1);
    const part = new Float64Array(16).fill(7);
    momentumKernel(v, 8, 2, 3, 1, part, 2, 6);
    expect([...part.subarray(0, 4)]).toEqual([7, 7, 7, 7]); // rows 0-1 untouched
    expect([...part.subarray(4, 12)]).toEqual([...whole.subarray(4, 12)]); // row 2 NaN, rows 3-5 scores
    expect(part[4]).toBeNaN();
    expect(part[6]).toBeCloseTo(v[4] / v[0] - 1, 14);
    expect([...part.subarray(12)]).toEqual([7, 7, 7, 7]); // rows 6-7 untouched
  });
  it("momentum with skip >= lookback or a price <= 0 is bad input", () => {
    expect(() => runBlock(momentumBlock, { lookback: 3, skip: 3 }, { prices })).toThrow(BlockError);
    const bad = pnl(["A"], [[1], [0], [2], [3]]);
    expect(() => runBlock(momentumBlock, { lookback: 2, skip: 0 }, { prices: bad })).toThrow(/inputs\.prices\.values\[1\]\[0\]/);
  });
});

describe("factor.reversal and factor.low_volatility", () => {
  it("reversal(prices, 2) is -(price[t]/price[t-2] - 1)", () => {
    const out = run(reversalBlock, { lookback: 2 }, { prices: pnl(["A"], [[100], [90], [110], [99]]) });
    expect(out.scores.values.map((r: any) => r[0]).slice(0, 2)).toEqual([null, null]);
    expect(out.scores.values[2][0]).toBeCloseTo(-(110 / 100 - 1), 14);
    expect(out.scores.values[3][0]).toBeCloseTo(-(99 / 90 - 1), 14);
  });
  it("low_volatility(prices, 2) is minus the sample std of the last two returns", () => {
    // returns: 0.1, -0.1, 0.05 ; std of (0.1, -0.1) = sqrt(0.02) ; of (-0.1, 0.05) = sqrt(0.01125)
    const out = run(lowVolatilityBlock, { window: 2 }, { prices: pnl(["A"], [[100], [110], [99], [103.95]]) });
    expect(out.scores.values[0][0]).toBeNull();
    expect(out.scores.values[1][0]).toBeNull();
    expect(out.scores.values[2][0]).toBeCloseTo(-Math.sqrt(0.02), 12);
    expect(out.scores.values[3][0]).toBeCloseTo(-Math.sqrt(0.01125), 12);
  });
  it("low_volatility with a null return inside the window is null", () => {
    const out = run(lowVolatilityBlock, { window: 2 }, { prices: pnl(["A"], [[100], [null], [99], [103.95], [100]]) });
    expect(out.scores.values.map((r: any) => r[0]).slice(0, 4)).toEqual([null, null, null, null]);
    expect(out.scores.values[4][0]).not.toBeNull();
  });
});

describe("factor.ratio", () => {
  it("ratio(book, price) divides cell by cell; zero or null denominators give null", () => {
    const out = run(ratioBlock, {}, { numerator: pnl(["A", "B"], [[50, 10], [60, null]]), denominator: pnl(["A", "B"], [[100, 0], [120, 5]]) });
    expect(out.scores.values).toEqual([[0.5, null], [0.5, null]]);
  });
  it("ratio of panels with different columns is bad input", () => {
    expect(() => runBlock(ratioBlock, {}, { numerator: pnl(["A"], [[1]]), denominator: pnl(["B"], [[1]]) })).toThrow(BlockError);
  });
});

describe("factor.winsorize", () => {
  it("quantile(1..10, q) is numpy's linear: 0.1 -> 1.9, 0.95 -> 9.55, 0 -> 1, 1 -> 10", () => {
    const s = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(quantileSorted(s, 0.1)).toBeCloseTo(1.9, 14); // h = 0.9
    expect(quantileSorted(s, 0.95)).toBeCloseTo(9.55, 14); // h = 8.55
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 1)).toBe(10);
  });
  it("winsorize(scores, 0.1, 0.9) clips each date at its own quantiles and keeps nulls", () => {
    const row = [10, 1, 2, 3, 4, 5, 6, 7, 8, 9, null];
    const out = run(winsorizeBlock, { lower: 0.1, upper: 0.9 }, { scores: pnl("ABCDEFGHIJK".split(""), [row]) });
    // quantiles of 1..10: 1.9 and 9.1
    expect(out.scores.values[0][0]).toBeCloseTo(9.1, 14);
    expect(out.scores.values[0][1]).toBeCloseTo(1.9, 14);
    expect(out.scores.values[0][5]).toBe(5);
    expect(out.scores.values[0][10]).toBeNull();
  });
  it("winsorize(scores) with lower > upper is a parameter error", () => {
    expect(() => runBlock(winsorizeBlock, { lower: 0.9, upper: 0.1 }, { scores: pnl(["A"], [[1]]) })).toThrow(BlockError);
  });
});

describe("factor.zscore", () => {
  it("zscore([1, 2, 3, null]) is [-1, 0, 1, null] (ddof 1: std 1)", () => {
    const out = run(zscoreBlock, {}, { scores: pnl(["A", "B", "C", "D"], [[1, 2, 3, null]]) });
    expect(out.scores.values[0]).toEqual([-1, 0, 1, null]);
  });
  it("zscore of a date with one value or zero std is null", () => {
    const out = run(zscoreBlock, {}, { scores: pnl(["A", "B", "C"], [[1, null, null], [5, 5, 5]]) });
    expect(out.scores.values).toEqual([[null, null, null], [null, null, null]]);
  });
  it("zscore has mean 0 and sample std 1 on each date", () => {
    const row = [0.3, -1.2, 4.5, 2.2, 0.01, -3];
    const z = run(zscoreBlock, {}, { scores: pnl(["a", "b", "c", "d", "e", "f"], [row]) }).scores.values[0] as number[];
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const v = z.reduce((a, b) => a + (b - mean) ** 2, 0) / (z.length - 1);
    expect(mean).toBeCloseTo(0, 14);
    expect(v).toBeCloseTo(1, 14);
  });
});

describe("factor.rank", () => {
  it("rank([3, 1, 3, null, 2]) averages ties: [5/6, 0, 5/6, null, 1/3]", () => {
    const out = run(rankBlock, {}, { scores: pnl(["A", "B", "C", "D", "E"], [[3, 1, 3, null, 2]]) });
    // ranks 3.5, 1, 3.5, -, 2 among n = 4
    expect(out.scores.values[0][0]).toBeCloseTo(2.5 / 3, 15);
    expect(out.scores.values[0][1]).toBe(0);
    expect(out.scores.values[0][2]).toBeCloseTo(2.5 / 3, 15);
    expect(out.scores.values[0][3]).toBeNull();
    expect(out.scores.values[0][4]).toBeCloseTo(1 / 3, 15);
  });
  it("rank of a lone value is 0.5", () => {
    const out = run(rankBlock, {}, { scores: pnl(["A", "B"], [[null, 7]]) });
    expect(out.scores.values[0]).toEqual([null, 0.5]);
  });
});

describe("factor.neutralize", () => {
  const groups = { A: "Tech", B: "Tech", C: "Energy", D: "Energy" };
  it("neutralize(scores, groups) subtracts the group mean of the non-null scores", () => {
    const out = run(neutralizeBlock, {}, { scores: pnl(["A", "B", "C", "D"], [[1, 3, null, 5], [2, 2, 1, 4]]), groups });
    expect(out.scores.values).toEqual([[-1, 1, null, 0], [0, 0, -1.5, 1.5]]);
  });
  it("neutralize with a column without a group is bad input naming it", () => {
    expect(() => runBlock(neutralizeBlock, {}, { scores: pnl(["A", "E"], [[1, 2]]), groups })).toThrow(/E/);
  });
});

describe("factor.neutralize_size", () => {
  it("neutralize_size(scores, size) returns the OLS residual on ln(size) with an intercept", () => {
    // x = ln(size) = 0, 1, 2, 3; y = 1 + 2x + e, e = [1, -1, -1, 1] (sum 0, sum x e = 0)
    const size = [[1, Math.E, Math.E ** 2, Math.E ** 3, 5]];
    const y = [[2, 2, 4, 8, null]];
    const out = run(neutralizeSizeBlock, {}, { scores: pnl(["A", "B", "C", "D", "E"], y), size: pnl(["A", "B", "C", "D", "E"], size) });
    const e = [1, -1, -1, 1];
    e.forEach((v, j) => expect(out.scores.values[0][j]).toBeCloseTo(v, 12));
    expect(out.scores.values[0][4]).toBeNull();
  });
  it("neutralize_size with a size <= 0 is bad input", () => {
    expect(() => runBlock(neutralizeSizeBlock, {}, { scores: pnl(["A", "B", "C"], [[1, 2, 3]]), size: pnl(["A", "B", "C"], [[1, 0, 3]]) })).toThrow(BlockError);
  });
});

describe("factor.decay", () => {
  it("decay(scores, halflife 1) weights 1, 1/2, 1/4...; a null keeps decaying the older weights", () => {
    // alpha = 1/2. Row 0: 1. Row 1 (null): mean so far, 1. Row 2: (0.25 * 1 + 1 * 3) / (0.25 + 1) = 2.6.
    // Row 3: (0.125 * 1 + 0.5 * 3 + 1 * 4) / 1.625
    const out = run(decayBlock, { halflife: 1 }, { scores: pnl(["A", "B"], [[1, null], [null, null], [3, 2], [4, 6]]) });
    expect(out.scores.values[0]).toEqual([1, null]);
    expect(out.scores.values[1]).toEqual([1, null]);
    expect(out.scores.values[2][0]).toBeCloseTo(2.6, 14);
    expect(out.scores.values[2][1]).toBe(2);
    expect(out.scores.values[3][0]).toBeCloseTo((0.125 + 1.5 + 4) / 1.625, 14);
    expect(out.scores.values[3][1]).toBeCloseTo((0.5 * 2 + 6) / 1.5, 14);
  });
  it("decay(scores, halflife 2) of a constant is the constant; halflife is required", () => {
    const out = run(decayBlock, { halflife: 2 }, { scores: pnl(["A"], [[3], [3], [null], [3]]) });
    expect(out.scores.values.map((r: any) => r[0])).toEqual([3, 3, 3, 3]);
    expect(() => runBlock(decayBlock, {}, { scores: pnl(["A"], [[3]]) })).toThrow(BlockError);
  });
});

describe("factor.combine", () => {
  const mom = pnl(["A", "B"], [[1, 2], [null, 4]]);
  const val = pnl(["A", "B"], [[10, 20], [30, 40]]);
  it("combine({mom: 0.5, val: 0.1}) is the weighted sum; a null in any factor gives null", () => {
    const out = run(combineBlock, { weights: { mom: 0.5, val: 0.1 } }, { factors: { mom, val } });
    expect(out.scores.values[0][0]).toBeCloseTo(1.5, 14);
    expect(out.scores.values[0][1]).toBeCloseTo(3, 14);
    expect(out.scores.values[1][0]).toBeNull();
    expect(out.scores.values[1][1]).toBeCloseTo(6, 14);
  });
  it("combine with different columns, a weight without factor or a factor without weight is bad input", () => {
    const other = pnl(["A", "C"], [[1, 2], [3, 4]]);
    expect(() => runBlock(combineBlock, { weights: { mom: 1, val: 1 } }, { factors: { mom, val: other } })).toThrow(BlockError);
    expect(() => runBlock(combineBlock, { weights: { mom: 1, nope: 1 } }, { factors: { mom, val } })).toThrow(/nope/);
    expect(() => runBlock(combineBlock, { weights: { mom: 1 } }, { factors: { mom, val } })).toThrow(/val/);
  });
});
