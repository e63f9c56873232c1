import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { BlockError } from "../../../blocks/core/errors";
import { factorReportBlock } from "../../../blocks/analysis/factorReport";
import { forwardReturnsBlock } from "../../../blocks/analysis/forwardReturns";
import { spearman, tTwoSidedP, tTest1Samp } from "../../../blocks/analysis/stats";

const dates = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2022, 2, 1 + i)).toISOString().slice(0, 10));
const pnl = (columns: string[], values: (number | null)[][], index = dates(values.length)) => ({ index, columns, values });
const run = (params: unknown, inputs: Record<string, unknown>) => toJson(runBlock(factorReportBlock, params, inputs)) as any;

// A grows 1% a row, B 2%, C 3%; the score ranks them correctly every date.
const prices = pnl(["A", "B", "C"], [0, 1, 2, 3].map((t) => [100 * 1.01 ** t, 50 * 1.02 ** t, 20 * 1.03 ** t]));
const scores = pnl(["A", "B", "C"], [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);

describe("analysis stats", () => {
  it("spearman([1..5], [5,6,7,8,7]) is 8/sqrt(95) (average ranks for the tie)", () => {
    expect(spearman(Float64Array.from([1, 2, 3, 4, 5]), Float64Array.from([5, 6, 7, 8, 7]))).toBeCloseTo(8 / Math.sqrt(95), 14);
  });
  it("tTwoSidedP(t, df) matches Student t tables: t 2.365 with 7 df is p 0.05; t 0.5 with 1 df is 1 - 2 atan(0.5)/pi", () => {
    expect(tTwoSidedP(2.364624251592785, 7)).toBeCloseTo(0.05, 10);
    expect(tTwoSidedP(0.5, 1)).toBeCloseTo(1 - (2 * Math.atan(0.5)) / Math.PI, 12); // Cauchy closed form
  });
  it("tTest1Samp([1, 2, 3, 4]) has t = 2.5 / (sd / 2), sd = sqrt(5/3)", () => {
    const t = tTest1Samp([1, 2, 3, 4]);
    expect(t.t).toBeCloseTo(2.5 / (Math.sqrt(5 / 3) / 2), 12);
  });
});

describe("analysis.forward_returns", () => {
  it("forward_returns(prices, 2) is price[t+2]/price[t] - 1, null on the last 2 rows", () => {
    const out = toJson(runBlock(forwardReturnsBlock, { horizon: 2 }, { prices: pnl(["A"], [[100], [90], [110], [99]]) })) as any;
    expect(out.returns.values.map((r: any) => r[0])).toEqual([110 / 100 - 1, 99 / 90 - 1, null, null]);
  });
});

describe("analysis.factor_report", () => {
  it("factor_report(perfect scores, horizons [1], 3 quantiles) has IC 1 on each date and spread 2%", () => {
    const r = run({ horizons: [1], quantiles: 3 }, { scores, prices });
    expect(r.ic.columns).toEqual(["1D"]);
    expect(r.ic.index).toEqual(dates(3)); // the last date has no forward price
    r.ic.values.forEach((row: number[]) => expect(row[0]).toBeCloseTo(1, 14));
    expect(r.ic_summary["1D"].mean).toBeCloseTo(1, 14);
    expect(r.ic_summary["1D"].dates).toBe(3);
    // demeaned forward returns -1%, 0, +1% in quantiles 1, 2, 3
    const q = r.quantile_returns["1D"].map((x: any) => x.mean);
    expect(q[0]).toBeCloseTo(-0.01, 14); expect(q[1]).toBeCloseTo(0, 14); expect(q[2]).toBeCloseTo(0.01, 14);
    expect(r.spread["1D"].mean).toBeCloseTo(0.02, 14);
    expect(r.turnover["1D"].top).toBe(0);
    expect(r.turnover["1D"].rank_autocorrelation).toBeCloseTo(1, 14); // same ranks every date
    expect(r.ic_decay).toEqual([{ horizon: 1, mean_ic: r.ic_summary["1D"].mean }]);
  });
  it("factor_report counts the pairs dropped at each step", () => {
    const s = pnl(["A", "B", "C"], [[1, null, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    const p = pnl(["A", "B", "C"], [[100, 50, 20], [101, 51, null], [102, 52, 21], [103, 53, 22]]);
    const r = run({ horizons: [1], quantiles: 2, max_drop_fraction: 0.6 }, { scores: s, prices: p });
    // missing score: B on date 0; too short: 3 pairs on date 3; missing forward price: C on date 0
    // (C null on date 1) and C on date 1; binning: A alone on date 0 cannot be cut in 2 quantiles
    expect(r.dropped).toMatchObject({ pairs: 12, missing_score: 1, too_short_history: 3, missing_forward_price: 2, binning: 1, dropped: 7, kept: 5 });
    expect(r.dropped.fraction).toBeCloseTo(7 / 12, 15);
  });
  it("factor_report fails when the dropped fraction exceeds max_drop_fraction, naming the count and the threshold", () => {
    expect(() => run({ horizons: [1], quantiles: 3, max_drop_fraction: 0.2 }, { scores, prices })).toThrow(BlockError);
    expect(() => run({ horizons: [1], quantiles: 3, max_drop_fraction: 0.2 }, { scores, prices })).toThrow(/dropped 3 of 12.*0\.2/);
  });
  it("factor_report drops a date whose quantile edges repeat (as pandas qcut) under binning", () => {
    const s = pnl(["A", "B", "C"], [[5, 5, 5], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    const r = run({ horizons: [1], quantiles: 3, max_drop_fraction: 0.6 }, { scores: s, prices });
    expect(r.dropped.binning).toBe(3);
    expect(r.ic.index).toEqual(dates(3).slice(1));
  });
  it("factor_report with groups adds a group-neutral variant; lone members have no group-relative return", () => {
    const r = run({ horizons: [1], quantiles: 3 }, { scores, prices, groups: { A: "X", B: "Y", C: "Z" } });
    expect(r.group_neutral.ic_summary["1D"].mean).toBeNull();
    const r2 = run({ horizons: [1], quantiles: 3 }, { scores, prices, groups: { A: "X", B: "X", C: "X" } });
    expect(r2.group_neutral.ic_summary["1D"].mean).toBeCloseTo(1, 14);
  });
  it("factor_report(reversed scores) has IC -1 and a negative spread", () => {
    const s = pnl(["A", "B", "C"], [[3, 2, 1], [3, 2, 1], [3, 2, 1], [3, 2, 1]]);
    const r = run({ horizons: [1, 2], quantiles: 3, max_drop_fraction: 0.5 }, { scores: s, prices });
    expect(r.ic_summary["1D"].mean).toBeCloseTo(-1, 14);
    expect(r.ic_summary["2D"].mean).toBeCloseTo(-1, 14);
    expect(r.spread["2D"].mean).toBeLessThan(0);
    expect(r.turnover["1D"].bottom).toBe(0);
  });
  it("factor_report refuses score dates or columns that prices do not have", () => {
    const s = pnl(["A", "D"], [[1, 2]]);
    expect(() => run({}, { scores: s, prices })).toThrow(/D/);
    const s2 = pnl(["A"], [[1]], ["2030-01-01"]);
    expect(() => run({}, { scores: s2, prices })).toThrow(/2030-01-01/);
  });
});
