import { describe, expect, it } from "vitest";
import { runBlock, type AnyBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { rollingVarBlock } from "../../../blocks/risk/rollingVar";
import { kupiecPof, varBacktestBlock } from "../../../blocks/risk/varBacktest";
import { varBlock } from "../../../blocks/risk/var";
import { exposuresBlock } from "../../../blocks/risk/exposures";
import { decompositionBlock } from "../../../blocks/risk/decomposition";
import { stressHistoricalBlock } from "../../../blocks/risk/stressHistorical";
import { stressFactorBlock } from "../../../blocks/risk/stressFactor";
import { liquidityBlock } from "../../../blocks/risk/liquidity";

const dates = (n: number, start = Date.UTC(2021, 0, 1)) => Array.from({ length: n }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
const ser = (values: (number | null)[]) => ({ index: dates(values.length), values });
const run = (block: AnyBlock, params: unknown, inputs: Record<string, unknown>) => toJson(runBlock(block, params, inputs)) as any;
const sum = (o: Record<string, number>) => Object.values(o).reduce((s, x) => s + x, 0);

describe("risk.rolling_var", () => {
  const r = [0.01, -0.02, 0.03, -0.04, 0.005, 0.02, -0.01, 0.0, 0.015, -0.03];
  it("rolling_var(series, window 5) is null for the first 4 dates, then risk.var of the window ending there", () => {
    const out = run(rollingVarBlock, { window: 5, confidence: 0.9 }, { returns: ser(r) });
    expect(out.var.values.slice(0, 4)).toEqual([null, null, null, null]);
    for (let t = 4; t < r.length; t++) {
      const one = run(varBlock, { confidence: 0.9 }, { returns: ser(r.slice(t - 4, t + 1)) });
      expect(out.var.values[t]).toBeCloseTo(one.var, 15);
      expect(out.es.values[t]).toBeCloseTo(one.es, 15);
    }
    expect(out.var.index).toEqual(dates(r.length));
  });
  it("rolling_var(series with a null) is null for windows containing it", () => {
    const out = run(rollingVarBlock, { window: 3 }, { returns: ser([0.01, 0.02, null, 0.01, 0.02, 0.03]) });
    expect(out.var.values.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(out.var.values[5]).not.toBeNull();
  });
});

describe("risk.var_backtest", () => {
  it("kupiecPof(250, 20, 0.05) is LR 4.0395, p 0.04445 (scipy chi2.sf)", () => {
    const k = kupiecPof(250, 20, 0.05);
    expect(k.lr).toBeCloseTo(4.0395204761392165, 12);
    expect(k.p_value).toBeCloseTo(0.044446449306055284, 12);
  });
  it("kupiecPof(100, 0, 0.05) is -2 x 100 ln 0.95", () => {
    expect(kupiecPof(100, 0, 0.05).lr).toBeCloseTo(-200 * Math.log(0.95), 12);
  });
  it("var_backtest compares VaR at t with the return at t+1", () => {
    // VaR 0.02 every day; returns on days 1..5: -0.03 (exception), 0.01, -0.025 (exception), -0.01, 0.0.
    const out = run(varBacktestBlock, { confidence: 0.95 }, { returns: ser([-0.5, -0.03, 0.01, -0.025, -0.01, 0.0]), var: ser([0.02, 0.02, 0.02, 0.02, 0.02, 0.02]) });
    expect(out.observations).toBe(5); // the last VaR has no next return; day 0's -0.5 is never compared
    expect(out.exceptions).toBe(2);
    expect(out.exception_dates).toEqual([dates(6)[1], dates(6)[3]]);
    expect(out.verdict).toMatch(/2 exceptions in 5 periods/);
  });
});

describe("risk.exposures", () => {
  it("exposures(weights, groups, table) sums by sector and by factor", () => {
    const weights = { A: 0.5, B: 0.3, C: -0.2, D: 0.1 };
    const groups = { A: "Tech", B: "Tech", C: "Tech", D: "Energy" };
    const table = [{ asset: "A", market: 1.2, size: 0.5 }, { asset: "B", market: 0.8, size: -0.1 }, { asset: "C", market: 1.0, size: 0.0 }];
    const out = run(exposuresBlock, {}, { weights, groups, exposures: table });
    expect(out.total).toEqual({ long: expect.closeTo(0.9, 15), short: expect.closeTo(-0.2, 15), net: expect.closeTo(0.7, 15), gross: expect.closeTo(1.1, 15) });
    expect(out.sectors.Tech).toEqual({ long: expect.closeTo(0.8, 15), short: expect.closeTo(-0.2, 15), net: expect.closeTo(0.6, 15), gross: expect.closeTo(1.0, 15) });
    expect(out.factors.market).toBeCloseTo(0.5 * 1.2 + 0.3 * 0.8 - 0.2 * 1.0, 15);
    expect(out.factors.size).toBeCloseTo(0.25 - 0.03, 15);
    expect(out.missing_exposures).toEqual(["D"]);
  });
});

describe("risk.decomposition", () => {
  const weights = { A: 0.5, B: 0.3, C: 0.2 };
  const exposures = [{ asset: "A", mkt: 1.1, val: 0.3 }, { asset: "B", mkt: 0.9, val: -0.4 }, { asset: "C", mkt: 1.3, val: 0.1 }];
  const factor_covariance = { columns: ["mkt", "val"], values: [[0.0004, 0.00005], [0.00005, 0.0001]] };
  const specific_variance = { A: 0.0002, B: 0.0003, C: 0.0005 };
  const out = run(decompositionBlock, { confidence: 0.99 }, { weights, exposures, factor_covariance, specific_variance });
  it("decomposition volatility is sqrt(w'(BFB' + D)w)", () => {
    const w = [0.5, 0.3, 0.2], B = [[1.1, 0.3], [0.9, -0.4], [1.3, 0.1]], F = [[0.0004, 0.00005], [0.00005, 0.0001]], D = [0.0002, 0.0003, 0.0005];
    let v = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = i === j ? D[i] : 0;
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) s += B[i][a] * F[a][b] * B[j][b];
      v += w[i] * s * w[j];
    }
    expect(out.volatility).toBeCloseTo(Math.sqrt(v), 15);
    expect(out.var).toBeCloseTo(2.3263478740408408 * Math.sqrt(v), 14);
  });
  it("decomposition contributions sum to the totals: factors + specific = assets = volatility; VaR likewise", () => {
    const fv = Object.values(out.factors as Record<string, any>).reduce((s, x) => s + x.volatility, 0);
    expect(fv + out.specific.volatility_contribution).toBeCloseTo(out.volatility, 15);
    expect(fv).toBeCloseTo(out.systematic.volatility_contribution, 15);
    const av = Object.values(out.assets as Record<string, any>).reduce((s, x) => s + x.volatility, 0);
    expect(av).toBeCloseTo(out.volatility, 15);
    const avar = Object.values(out.assets as Record<string, any>).reduce((s, x) => s + x.var, 0);
    const fvar = Object.values(out.factors as Record<string, any>).reduce((s, x) => s + x.var, 0);
    expect(avar).toBeCloseTo(out.var, 14);
    expect(fvar + out.specific.volatility_contribution * 2.3263478740408408).toBeCloseTo(out.var, 14);
    expect(out.systematic.share + out.specific.share).toBeCloseTo(1, 15);
  });
});

describe("risk.stress_historical", () => {
  it("stress_historical(covid_2020) replays each asset from its first to its last price in the window", () => {
    const prices = {
      index: ["2020-02-18", "2020-02-19", "2020-03-02", "2020-03-23", "2020-03-24"],
      columns: ["A", "B", "C"],
      values: [[99, 50, null], [100, 50, null], [80, 45, null], [70, 40, null], [75, 42, 10]],
    };
    const out = run(stressHistoricalBlock, { windows: ["covid_2020"] }, { prices, weights: { A: 0.6, B: 0.3, C: 0.1 } });
    const w = out.windows[0];
    expect(w.asset_returns.A).toBeCloseTo(-0.3, 15);
    expect(w.asset_returns.B).toBeCloseTo(-0.2, 15);
    expect(w.pnl).toBeCloseTo(0.6 * -0.3 + 0.3 * -0.2, 15);
    expect(w.missing).toEqual(["C"]);
    expect(w.coverage).toBeCloseTo(0.9, 15);
    expect(w.explanation).toMatch(/No data in the window for C/);
  });
  it("stress_historical({name, start, end}) takes custom windows and rejects end before start", () => {
    const prices = { index: ["2021-01-04", "2021-01-05"], columns: ["A"], values: [[10], [11]] };
    const out = run(stressHistoricalBlock, { windows: [{ name: "x", start: "2021-01-01", end: "2021-01-31" }] }, { prices, weights: { A: 1 } });
    expect(out.windows[0].pnl).toBeCloseTo(0.1, 15);
    expect(() => runBlock(stressHistoricalBlock, { windows: [{ name: "x", start: "2021-02-01", end: "2021-01-01" }] }, { prices, weights: { A: 1 } })).toThrow(/not after start/);
  });
});

describe("risk.stress_factor", () => {
  it("stress_factor(market -20%, Tech -30%, residual) maps through betas", () => {
    const exposures = [{ asset: "A", market: 1.5, rates: -2 }, { asset: "B", market: 0.5, rates: 1 }];
    const scenarios = [{ name: "combo", shocks: { market: -0.2, rates: 0.01 }, sector_shocks: { Tech: -0.3 }, residual: { B: 0.02 } }];
    const out = run(stressFactorBlock, { scenarios }, { weights: { A: 0.6, B: 0.4 }, exposures, groups: { A: "Tech", B: "Energy" } });
    const s = out.scenarios[0];
    const rA = 1.5 * -0.2 + -2 * 0.01 - 0.3, rB = 0.5 * -0.2 + 1 * 0.01 + 0.02;
    expect(s.asset_returns.A).toBeCloseTo(rA, 15);
    expect(s.asset_returns.B).toBeCloseTo(rB, 15);
    expect(s.pnl).toBeCloseTo(0.6 * rA + 0.4 * rB, 15);
    expect(sum(s.by_factor) + s.sector_pnl + s.residual_pnl).toBeCloseTo(s.pnl, 15);
  });
  it("stress_factor(defaults) runs market, rates and volatility scenarios and notes missing factors", () => {
    const out = run(stressFactorBlock, {}, { weights: { A: 1 }, exposures: [{ asset: "A", market: 1.2 }] });
    expect(out.scenarios.map((s: any) => s.name)).toEqual(["market -20%", "rates +1%", "volatility +10 points"]);
    expect(out.scenarios[0].pnl).toBeCloseTo(-0.24, 15);
    expect(out.scenarios[1].pnl).toBe(0);
    expect(out.scenarios[1].explanation).toMatch(/no rates column/);
  });
});

describe("risk.liquidity", () => {
  it("liquidity(V = 10m, 20% of ADV): days = |w| V / (0.2 adv); liquid share by horizon", () => {
    // A: 5m / (0.2 x 25m) = 1 day; B: 3m / (0.2 x 1m) = 15 days; C: 2m, no ADV.
    const out = run(liquidityBlock, { portfolio_value: 10e6 }, { weights: { A: 0.5, B: -0.3, C: 0.2 }, adv: { A: 25e6, B: 1e6 } });
    expect(out.days).toEqual({ A: expect.closeTo(1, 14), B: expect.closeTo(15, 13), C: null });
    expect(out.liquid_share["1"]).toBeCloseTo((5e6 + 0.2e6) / 10e6, 14);
    expect(out.liquid_share["5"]).toBeCloseTo((5e6 + 1e6) / 10e6, 14);
    expect(out.liquid_share["20"]).toBeCloseTo(0.8, 14);
    expect(out.explanation).toMatch(/No ADV for C/);
  });
});
