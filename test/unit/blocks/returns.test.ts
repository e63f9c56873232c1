import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { returnsBlock } from "../../../blocks/data/returns";
import { toJson } from "../../../blocks/core/json";
import { BlockError } from "../../../blocks/core/errors";

const prices = { index: ["2020-01-01", "2020-01-02", "2020-01-03"], columns: ["A", "B"], values: [[100, 50], [110, null], [99, 60]] };

describe("data.returns", () => {
  it("returns(prices, simple) is p1/p0 - 1 with the first row dropped", () => {
    const out = toJson(runBlock(returnsBlock, { method: "simple" }, { prices })) as any;
    expect(out.returns.index).toEqual(["2020-01-02", "2020-01-03"]);
    expect(out.returns.values[0][0]).toBeCloseTo(0.1, 15);
    expect(out.returns.values[1][0]).toBeCloseTo(99 / 110 - 1, 15);
  });
  it("returns(prices) is null when either price is null", () => {
    const out = toJson(runBlock(returnsBlock, {}, { prices })) as any;
    expect(out.returns.values[0][1]).toBeNull();
    expect(out.returns.values[1][1]).toBeNull();
  });
  it("returns(prices, log) sums to the log of the total growth", () => {
    const out = toJson(runBlock(returnsBlock, { method: "log" }, { prices })) as any;
    expect(out.returns.values[0][0] + out.returns.values[1][0]).toBeCloseTo(Math.log(99 / 100), 14);
  });
  it("a price <= 0 is bad input naming the cell", () => {
    const bad = { ...prices, values: [[100, 50], [0, 51], [99, 60]] };
    expect(() => runBlock(returnsBlock, {}, { prices: bad })).toThrow(BlockError);
    expect(() => runBlock(returnsBlock, {}, { prices: bad })).toThrow(/inputs\.prices\.values\[1\]\[0\].*A/);
  });
});
