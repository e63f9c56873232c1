import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { performanceBlock, performance } from "../../../blocks/metrics/performance";
import { sharpeRatio } from "../../../blocks/metrics/sharpe";
import { sortinoRatio, downsideRisk } from "../../../blocks/metrics/sortino";
import { maxDrawdown, drawdownSeries, calmarRatio, drawdownBlock } from "../../../blocks/metrics/drawdown";
import { cagr, annualVolatility, totalReturn } from "../../../blocks/metrics/growth";
import { rollingSharpe, rollingSharpeBlock } from "../../../blocks/metrics/rolling";
import { monthlyReturnsBlock } from "../../../blocks/metrics/monthly";
import { compareBlock } from "../../../blocks/metrics/compare";

const r4 = new Float64Array([0.01, -0.02, 0.03, -0.01]);
const close = (a: number, b: number, rel = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a), Math.abs(b)));

describe("metrics kernels (empyrical definitions)", () => {
  it("totalReturn([.01,-.02,.03,-.01]) = 1.01*0.98*1.03*0.99 - 1", () => {
    close(totalReturn(r4), 1.01 * 0.98 * 1.03 * 0.99 - 1);
  });
  it("cagr(r, 252) = ending ** (252/len) - 1 (empyrical annual_return)", () => {
    close(cagr(r4, 252), Math.pow(1.01 * 0.98 * 1.03 * 0.99, 252 / 4) - 1, 1e-10);
    // 12 monthly returns of 1% compound to 1.01^12 - 1 per year
    close(cagr(new Float64Array(12).fill(0.01), 12), Math.pow(1.01, 12) - 1);
  });
  it("annualVolatility(r) = sample std (ddof 1) x sqrt(252)", () => {
    // mean 0.0025; deviations .0075 -.0225 .0275 -.0125; squares sum = 5.625e-5+5.0625e-4+7.5625e-4+1.5625e-4 = 1.475e-3
    close(annualVolatility(r4, 252), Math.sqrt(1.475e-3 / 3) * Math.sqrt(252));
  });
  it("sharpeRatio(r, rf) = mean(r - rf) / std(r - rf) x sqrt(252)", () => {
    const sd = Math.sqrt(1.475e-3 / 3);
    close(sharpeRatio(r4, 0, 252), (0.0025 / sd) * Math.sqrt(252));
    close(sharpeRatio(r4, 0.001, 252), (0.0015 / sd) * Math.sqrt(252));
  });
  it("sharpeRatio is unchanged by adding a constant to returns and rf (translation)", () => {
    close(sharpeRatio(r4.map((x) => x + 0.004), 0.004, 252), sharpeRatio(r4, 0, 252));
  });
  it("sharpeRatio of a constant series is NaN (zero deviation), of one return NaN", () => {
    expect(sharpeRatio(new Float64Array([0.01, 0.01, 0.01]))).toBeNaN();
    expect(sharpeRatio(new Float64Array([0.01]))).toBeNaN();
  });
  it("downsideRisk(r) = sqrt(mean(min(r,0)^2)) x sqrt(252), mean over all returns", () => {
    // min(r,0)^2 = 0, 4e-4, 0, 1e-4 -> mean 1.25e-4
    close(downsideRisk(r4, 0, 252), Math.sqrt(1.25e-4) * Math.sqrt(252));
  });
  it("sortinoRatio(r) = mean(r) x 252 / downside risk", () => {
    close(sortinoRatio(r4, 0, 252), (0.0025 * 252) / (Math.sqrt(1.25e-4) * Math.sqrt(252)));
    // required return 0.01: adjusted 0, -.03, .02, -.02; squares of negatives 9e-4 + 4e-4 over 4 = 3.25e-4
    close(sortinoRatio(r4, 0.01, 252), (-0.0075 * 252) / (Math.sqrt(3.25e-4) * Math.sqrt(252)));
  });
  it("sortinoRatio with no downside is NaN (null), not Infinity", () => {
    expect(sortinoRatio(new Float64Array([0.01, 0.02]))).toBeNaN();
  });
  it("maxDrawdown counts a fall from the starting value (empyrical prepends 100)", () => {
    close(maxDrawdown(new Float64Array([-0.1, 0.05])), -0.1);
    // wealth 1.1, 0.88, 0.968, 0.7744 -> worst 0.7744/1.1 - 1 = -0.296
    close(maxDrawdown(new Float64Array([0.1, -0.2, 0.1, -0.2])), 0.7744 / 1.1 - 1);
    expect(maxDrawdown(new Float64Array([0.01, 0.02]))).toBe(0);
  });
  it("drawdownSeries(r) is wealth / running peak - 1 at each date", () => {
    const dd = drawdownSeries(new Float64Array([0.1, -0.2, 0.1, 0.5]));
    close(dd[0], 0); close(dd[1], -0.2); close(dd[2], 0.968 / 1.1 - 1); close(dd[3], 0);
  });
  it("calmarRatio = cagr / |max drawdown|, NaN without drawdown", () => {
    const r = new Float64Array([0.1, -0.2, 0.1, -0.2]);
    close(calmarRatio(r, 252), cagr(r, 252) / (1 - 0.7744 / 1.1), 1e-10);
    expect(calmarRatio(new Float64Array([0.01, 0.02]))).toBeNaN();
  });
  it("NaN returns are skipped in means and count as 0 when compounding", () => {
    const r = new Float64Array([0.01, NaN, -0.02, 0.03]);
    close(totalReturn(r), 1.01 * 0.98 * 1.03 - 1);
    close(cagr(r, 252), Math.pow(1.01 * 0.98 * 1.03, 252 / 4) - 1, 1e-10); // 4 periods, as empyrical's len()
    close(sharpeRatio(r), sharpeRatio(new Float64Array([0.01, -0.02, 0.03])));
  });
});

describe("metrics.performance", () => {
  it("performance(returns) gives win_rate, profit_factor, best, worst, averages by hand", () => {
    const k = performance(new Float64Array([0.02, -0.01, 0.0, 0.04, -0.03]));
    close(k.win_rate, 2 / 5); // zeros are not wins
    close(k.profit_factor, 0.06 / 0.04);
    expect(k.best).toBe(0.04); expect(k.worst).toBe(-0.03);
    close(k.avg_win, 0.03); close(k.avg_loss, -0.02);
    expect(k.num_periods).toBe(5);
  });
  it("metrics.performance over JSON answers every KPI with nulls for undefined ratios", () => {
    const out = toJson(runBlock(performanceBlock, {}, { returns: { index: ["2021-01-04", "2021-01-05", "2021-01-06"], values: [0.01, 0.02, null] } })) as any;
    expect(Object.keys(out).sort()).toEqual(["avg_loss", "avg_win", "best", "cagr", "calmar", "max_drawdown", "num_periods", "profit_factor", "sharpe", "sortino", "total_return", "volatility", "win_rate", "worst"]);
    expect(out.sortino).toBeNull(); expect(out.calmar).toBeNull(); expect(out.profit_factor).toBeNull(); expect(out.avg_loss).toBeNull();
    expect(out.max_drawdown).toBe(0);
    close(out.total_return, 1.01 * 1.02 - 1);
    // sharpe of [.01, .02]: mean .015, sd sqrt(5e-5)
    close(out.sharpe, (0.015 / Math.sqrt(5e-5)) * Math.sqrt(252));
  });
  it("metrics.performance(periods_per_year 12, risk_free) annualizes with 12 and subtracts rf", () => {
    const out = toJson(runBlock(performanceBlock, { periods_per_year: 12, risk_free: 0.001 }, { returns: { index: ["2021-01-29", "2021-02-26", "2021-03-31", "2021-04-30"], values: [0.01, -0.02, 0.03, -0.01] } })) as any;
    close(out.sharpe, (0.0015 / Math.sqrt(1.475e-3 / 3)) * Math.sqrt(12));
    close(out.volatility, Math.sqrt(1.475e-3 / 3) * Math.sqrt(12));
    close(out.cagr, Math.pow(1.01 * 0.98 * 1.03 * 0.99, 3) - 1);
  });
  it("an empty returns series gives null ratios and num_periods 0", () => {
    const out = toJson(runBlock(performanceBlock, {}, { returns: { index: [], values: [] } })) as any;
    expect(out.sharpe).toBeNull(); expect(out.total_return).toBeNull(); expect(out.num_periods).toBe(0);
  });
  it("a bad periods_per_year is an invalid-params error naming it", () => {
    expect(() => runBlock(performanceBlock, { periods_per_year: -1 }, { returns: { index: [], values: [] } })).toThrow(/periods_per_year/);
  });
});

describe("metrics blocks", () => {
  it("metrics.drawdown(returns) keeps the index and reports the worst drawdown", () => {
    const out = toJson(runBlock(drawdownBlock, {}, { returns: { index: ["2021-01-04", "2021-01-05", "2021-01-06"], values: [0.1, -0.2, 0.1] } })) as any;
    expect(out.drawdown.index).toEqual(["2021-01-04", "2021-01-05", "2021-01-06"]);
    close(out.max_drawdown, -0.2);
  });
  it("rollingSharpe(r, 3) is null for the first 2 values then the window's Sharpe", () => {
    const r = new Float64Array([0.01, -0.02, 0.03, -0.01, 0.02]);
    const rs = rollingSharpe(r, 3);
    expect(rs[0]).toBeNaN(); expect(rs[1]).toBeNaN();
    // window [-.02,.03,-.01]: mean 0, so Sharpe 0; window [.03,-.01,.02]: mean .04/3
    close(rs[3], 0);
    const m = 0.04 / 3, sd = Math.sqrt(((0.03 - m) ** 2 + (-0.01 - m) ** 2 + (0.02 - m) ** 2) / 2);
    close(rs[4], (m / sd) * Math.sqrt(252));
    const out = toJson(runBlock(rollingSharpeBlock, { window: 3 }, { returns: { index: ["2021-01-04", "2021-01-05", "2021-01-06", "2021-01-07", "2021-01-08"], values: Array.from(r) } })) as any;
    expect(out.sharpe.values[1]).toBeNull();
  });
  it("metrics.monthly_returns compounds by month and builds a year x month table", () => {
    const out = toJson(runBlock(monthlyReturnsBlock, {}, { returns: { index: ["2020-12-30", "2020-12-31", "2021-01-04", "2021-01-29", "2021-03-01"], values: [0.01, 0.02, -0.01, 0.03, null] } })) as any;
    expect(out.monthly.index).toEqual(["2020-12-31", "2021-01-29", "2021-03-01"]);
    close(out.monthly.values[0], 1.01 * 1.02 - 1);
    close(out.monthly.values[1], 0.99 * 1.03 - 1);
    expect(out.monthly.values[2]).toBe(0);
    expect(out.table).toHaveLength(2);
    expect(out.table[0].year).toBe(2020); expect(out.table[0].Jan).toBeNull();
    close(out.table[0].Dec, 1.01 * 1.02 - 1);
    expect(out.table[1].Feb).toBeNull();
    close(out.table[1].Year, 0.99 * 1.03 - 1);
  });
  it("metrics.compare aligns on common dates and subtracts the benchmark", () => {
    const out = toJson(runBlock(compareBlock, {}, {
      returns: { index: ["2021-01-04", "2021-01-05", "2021-01-06"], values: [0.01, 0.02, 0.03] },
      benchmark: { index: ["2021-01-05", "2021-01-06", "2021-01-07"], values: [0.005, -0.01, 0.5] },
    })) as any;
    expect(out.excess_returns.index).toEqual(["2021-01-05", "2021-01-06"]);
    close(out.excess_returns.values[0], 0.015); close(out.excess_returns.values[1], 0.04);
    close(out.strategy.total_return, 1.02 * 1.03 - 1);
    close(out.benchmark.total_return, 1.005 * 0.99 - 1);
    close(out.excess_total_return, 1.02 * 1.03 - 1.005 * 0.99);
    expect(out.table.find((row: any) => row.metric === "total_return").difference).toBeCloseTo(out.excess_total_return, 14);
  });
});
