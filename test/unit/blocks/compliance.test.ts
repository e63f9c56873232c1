import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { BlockError } from "../../../blocks/core/errors";
import { checkBlock } from "../../../blocks/compliance/check";

const run = (params: unknown, inputs: Record<string, unknown>) => toJson(runBlock(checkBlock, params, inputs)) as any;
const weights = { AAA: 0.12, BBB: 0.15, CCC: 0.30, DDD: 0.25, EEE: 0.20, FFF: -0.02 };
const groups = { AAA: "Tech", BBB: "Tech", CCC: "Tech", DDD: "Energy", EEE: "Health", FFF: "Health" };

describe("compliance.check", () => {
  it("check(max_weight 0.2, BLOCK) names every asset above 20% and the limit", () => {
    const out = run({ ruleset: [{ rule: "max_weight", limit: 0.2, severity: "BLOCK" }] }, { weights });
    expect(out.status).toBe("BLOCK");
    expect(out.reasons).toHaveLength(1);
    expect(out.reasons[0]).toMatch(/CCC at 30%/);
    expect(out.reasons[0]).toMatch(/DDD at 25%/);
    expect(out.reasons[0]).not.toMatch(/EEE/); // exactly at the limit is allowed
    expect(out.reasons[0]).toMatch(/maximum weight of 20%/);
  });
  it("check(min_weight 0) flags shorts", () => {
    const out = run({ ruleset: [{ rule: "min_weight", limit: 0, severity: "REVIEW" }] }, { weights });
    expect(out.status).toBe("REVIEW");
    expect(out.reasons[0]).toMatch(/FFF at -2% is below the minimum weight of 0%/);
  });
  it("check(max_gross 1, max_net 0.95): gross = sum |w| = 1.04, net = 1.00", () => {
    const out = run({ ruleset: [{ rule: "max_gross", limit: 1, severity: "REVIEW" }, { rule: "max_net", limit: 0.95, severity: "REVIEW" }] }, { weights });
    expect(out.results[0].value).toBeCloseTo(1.04, 14);
    expect(out.results[1].value).toBeCloseTo(1.0, 14);
    expect(out.reasons[0]).toMatch(/gross exposure of 104% exceeds the limit of 100%/);
    expect(out.reasons[1]).toMatch(/net exposure of 100% exceeds the limit of 95%/);
  });
  it("check(sector_cap 0.4) sums weights by group: Tech = 0.57", () => {
    const out = run({ ruleset: [{ rule: "sector_cap", limit: 0.4, severity: "BLOCK" }] }, { weights, groups });
    expect(out.results[0].offenders).toEqual([{ name: "Tech", value: expect.closeTo(0.57, 14) }]);
    expect(out.reasons[0]).toMatch(/Tech at 57% exceeds the sector cap of 40%/);
  });
  it("check(sector_cap) without groups is bad input naming groups", () => {
    expect(() => runBlock(checkBlock, { ruleset: [{ rule: "sector_cap", limit: 0.4, severity: "BLOCK" }] }, { weights })).toThrow(/inputs\.groups/);
  });
  it("check(restricted [BBB, ZZZ]) names only the held restricted asset", () => {
    const out = run({ ruleset: [{ rule: "restricted", symbols: ["BBB", "ZZZ"], severity: "BLOCK" }] }, { weights });
    expect(out.results[0].offenders.map((o: any) => o.name)).toEqual(["BBB"]);
    expect(out.reasons[0]).toMatch(/BBB \(15%\) is on the restricted list/);
  });
  it("check(max_names 5) counts the 6 held names", () => {
    const out = run({ ruleset: [{ rule: "max_names", limit: 5, severity: "REVIEW" }] }, { weights: { ...weights, GGG: 0 } });
    expect(out.results[0].value).toBe(6);
    expect(out.reasons[0]).toMatch(/holds 6 names, more than the limit of 5/);
  });
  it("check(liquidity_days 3): days = |w| x value / adv; no ADV is an offender", () => {
    // CCC: 0.30 x 10e6 / 1e6 = 3 days (at the limit); DDD: 0.25 x 10e6 / 0.5e6 = 5 days; FFF has no ADV.
    const adv = { AAA: 5e6, BBB: 5e6, CCC: 1e6, DDD: 0.5e6, EEE: 2e6 };
    const out = run({ ruleset: [{ rule: "liquidity_days", limit: 3, severity: "REVIEW" }], portfolio_value: 10e6 }, { weights, adv });
    expect(out.results[0].offenders).toEqual([{ name: "DDD", value: expect.closeTo(5, 12) }, { name: "FFF", value: null }]);
    expect(out.reasons[0]).toMatch(/DDD needs 5 days and FFF \(no ADV\).*limit of 3 days/);
  });
  it("check(liquidity_days) without portfolio_value is an invalid parameter", () => {
    expect(() => runBlock(checkBlock, { ruleset: [{ rule: "liquidity_days", limit: 3, severity: "REVIEW" }] }, { weights, adv: {} })).toThrow(/portfolio_value/);
  });
  it("check(max_turnover 0.2) sums |w - current| over both books", () => {
    const out = run({ ruleset: [{ rule: "max_turnover", limit: 0.2, severity: "REVIEW" }] }, { weights: { A: 0.5, B: 0.5 }, current: { A: 0.6, C: 0.4 } });
    expect(out.results[0].value).toBeCloseTo(0.1 + 0.5 + 0.4, 14);
    expect(out.status).toBe("REVIEW");
  });
  it("check status: BLOCK over REVIEW over OK, one reason per breached rule", () => {
    const ruleset = [
      { rule: "max_weight", limit: 0.2, severity: "REVIEW" },
      { rule: "restricted", symbols: ["AAA"], severity: "BLOCK" },
      { rule: "max_gross", limit: 2, severity: "BLOCK" },
    ];
    const out = run({ ruleset }, { weights });
    expect(out.status).toBe("BLOCK");
    expect(out.reasons).toHaveLength(2);
    expect(run({ ruleset: ruleset.slice(0, 1) }, { weights }).status).toBe("REVIEW");
    expect(run({ ruleset: ruleset.slice(2) }, { weights })).toMatchObject({ status: "OK", reasons: [] });
  });
  it("check(unknown rule or missing limit) is an invalid parameter", () => {
    expect(() => runBlock(checkBlock, { ruleset: [{ rule: "max_color", limit: 1, severity: "BLOCK" }] }, { weights })).toThrow(BlockError);
    expect(() => runBlock(checkBlock, { ruleset: [{ rule: "max_weight", severity: "BLOCK" }] }, { weights })).toThrow(/needs a limit/);
  });
});
