import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { BlockError } from "../../../blocks/core/errors";
import { varBlock, cornishFisherVar, parametricVar } from "../../../blocks/risk/var";
import { betaBlock } from "../../../blocks/risk/beta";
import { stressBlock } from "../../../blocks/risk/stress";
import { chi2Cdf1, normCdf, normPpf, quantileLinear } from "../../../blocks/risk/stats";

const dates = (n: number, start = Date.UTC(2021, 0, 1)) => Array.from({ length: n }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
const ser = (values: number[]) => ({ index: dates(values.length), values });
const run = (block: typeof varBlock, params: unknown, inputs: Record<string, unknown>) => toJson(runBlock(block, params, inputs)) as any;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

// 15 daily returns; reference values below from numpy 2.4 / scipy 1.17 (np.quantile, norm.ppf, skew, kurtosis).
const R = [0.012, -0.021, 0.004, 0.0, -0.035, 0.018, 0.007, -0.009, 0.026, -0.014, 0.003, -0.047, 0.011, 0.009, -0.002];
const B = [0.010, -0.015, 0.002, 0.001, -0.020, 0.012, 0.004, -0.006, 0.015, -0.010, 0.000, -0.030, 0.008, 0.005, -0.001];

describe("stats kernels", () => {
  it("normPpf(0.05) is -1.6448536269514722 and normCdf inverts it", () => {
    expect(rel(normPpf(0.05), -1.6448536269514722)).toBeLessThan(1e-14);
    expect(rel(normPpf(0.01), -2.3263478740408408)).toBeLessThan(1e-14);
    expect(rel(normCdf(-3), 0.0013498980316300946)).toBeLessThan(1e-13);
  });
  it("chi2Cdf1(3.841458820694124) is 0.95", () => {
    expect(chi2Cdf1(3.841458820694124)).toBeCloseTo(0.95, 13);
  });
  it("quantileLinear interpolates as numpy: quantile([1,2,3,4], 0.1) = 1.3", () => {
    expect(quantileLinear([4, 2, 1, 3], 0.1)).toBeCloseTo(1.3, 15);
  });
});

describe("risk.var", () => {
  it("var(series, historical, 0.9) is minus the linear 10% quantile; ES the mean at or below it", () => {
    // sorted: -0.05, -0.03, ...; h = (10 - 1) x 0.1 = 0.9, q = -0.05 + 0.9 x 0.02 = -0.032; only -0.05 <= q.
    const r = [0.01, -0.03, 0.05, -0.05, 0, 0.02, 0.03, 0.04, -0.01, 0.06];
    const out = run(varBlock, { method: "historical", confidence: 0.9 }, { returns: ser(r) });
    expect(out.var).toBeCloseTo(0.032, 15);
    expect(out.es).toBeCloseTo(0.05, 15);
  });
  it("var(series, historical, 0.95) matches numpy", () => {
    const out = run(varBlock, { method: "historical" }, { returns: ser(R) });
    expect(rel(out.var, 0.038599999999999995)).toBeLessThan(1e-12);
    expect(rel(out.es, 0.047)).toBeLessThan(1e-12);
  });
  it("var(series, parametric) is -(mean + z sd), ES -(mean - sd phi(z)/(1-c)), as scipy", () => {
    const out = run(varBlock, { method: "parametric" }, { returns: ser(R) });
    expect(rel(out.var, 0.03507523670442489)).toBeLessThan(1e-12);
    expect(rel(out.es, 0.043342193018086304)).toBeLessThan(1e-12);
  });
  it("var(series, cornish_fisher) uses biased skew and excess kurtosis, as scipy", () => {
    const out = run(varBlock, { method: "cornish_fisher" }, { returns: ser(R) });
    expect(rel(out.skewness, -0.8585459046999435)).toBeLessThan(1e-12);
    expect(rel(out.excess_kurtosis, 0.04900390244288433)).toBeLessThan(1e-10);
    expect(rel(out.var, 0.039610026962502466)).toBeLessThan(1e-12);
    expect(out.es).toBeGreaterThan(out.var);
  });
  it("cornishFisherVar with zero skew and kurtosis is the parametric VaR and ES", () => {
    const a = cornishFisherVar(0.001, 0.02, 0, 0, 0.975), b = parametricVar(0.001, 0.02, 0.975);
    expect(a.var).toBeCloseTo(b.var, 15);
    expect(a.es).toBeCloseTo(b.es, 15);
  });
  it("cornishFisherVar ES is the mean of the Cornish-Fisher quantiles below 1 - c (scipy quad: 0.0519301642449)", () => {
    // -(mu + sd x (1/0.05) x integral_0^0.05 z_cf(Phi^-1(p)) dp) with mu 0.001, sd 0.02, S -0.8, K 2, by scipy.integrate.quad.
    expect(cornishFisherVar(0.001, 0.02, -0.8, 2.0, 0.95).es).toBeCloseTo(0.05193016424487491, 11);
  });
  it("var(monte_carlo) with a covariance that is not positive semidefinite is a singular problem", () => {
    const cov = { columns: ["A", "B"], values: [[0.0004, 0.001], [0.001, 0.0004]] };
    expect(() => runBlock(varBlock, { method: "monte_carlo" }, { covariance: cov, weights: { A: 0.5, B: 0.5 } })).toThrow(/positive semidefinite/);
  });
  it("var(series, horizon 10) is sqrt(10) x the one-period figure and says so", () => {
    const one = run(varBlock, { method: "parametric" }, { returns: ser(R) });
    const ten = run(varBlock, { method: "parametric", horizon: 10 }, { returns: ser(R) });
    expect(ten.var).toBeCloseTo(one.var * Math.sqrt(10), 14);
    expect(ten.es).toBeCloseTo(one.es * Math.sqrt(10), 14);
    expect(ten.note).toMatch(/square root of time/);
  });
  it("var(panel, weights) equals var of the weighted return series", () => {
    const p = { index: dates(R.length), columns: ["A", "B"], values: R.map((x, i) => [x, B[i]]) };
    const w = { A: 0.6, B: 0.4 };
    const port = R.map((x, i) => 0.6 * x + 0.4 * B[i]);
    for (const method of ["historical", "parametric", "cornish_fisher"]) {
      const a = run(varBlock, { method }, { returns: p, weights: w });
      const b = run(varBlock, { method }, { returns: ser(port) });
      expect(a.var).toBeCloseTo(b.var, 14);
      expect(a.es).toBeCloseTo(b.es, 14);
    }
  });
  it("var(series, monte_carlo) is reproducible by seed and near the normal VaR", () => {
    const p = { method: "monte_carlo", simulations: 200_000, seed: 7 };
    const a = run(varBlock, p, { returns: ser(R) });
    const b = run(varBlock, p, { returns: ser(R) });
    expect(a.var).toBe(b.var);
    const normal = run(varBlock, { method: "parametric" }, { returns: ser(R) });
    expect(rel(a.var, normal.var)).toBeLessThan(0.01);
    expect(rel(a.es, normal.es)).toBeLessThan(0.01);
    const c = run(varBlock, { ...p, seed: 8 }, { returns: ser(R) });
    expect(c.var).not.toBe(a.var);
  });
  it("var(covariance, weights, monte_carlo) is near 1.645 sqrt(w'Sw) with zero means", () => {
    const cov = { columns: ["A", "B"], values: [[0.0004, 0.0001], [0.0001, 0.0009]] };
    const w = { A: 0.5, B: 0.5 };
    const sd = Math.sqrt(0.25 * 0.0004 + 0.25 * 0.0009 + 2 * 0.25 * 0.0001); // sqrt(w'Sw)
    const out = run(varBlock, { method: "monte_carlo", simulations: 200_000 }, { covariance: cov, weights: w });
    expect(rel(out.var, 1.6448536269514722 * sd)).toBeLessThan(0.01);
  });
  it("var(confidence 1) and var(confidence 0) are invalid parameters", () => {
    expect(() => runBlock(varBlock, { confidence: 1 }, { returns: ser(R) })).toThrow(BlockError);
    expect(() => runBlock(varBlock, { confidence: 0 }, { returns: ser(R) })).toThrow(/confidence/);
  });
  it("var(panel) without weights is bad input naming weights", () => {
    const p = { index: dates(3), columns: ["A"], values: [[0.01], [0.02], [-0.01]] };
    expect(() => runBlock(varBlock, {}, { returns: p })).toThrow(/weights/);
  });
  it("var(series) ignores nulls and refuses fewer than 2 returns", () => {
    const a = run(varBlock, { method: "parametric" }, { returns: ser([...R, null as unknown as number]) });
    const b = run(varBlock, { method: "parametric" }, { returns: ser([...R]) });
    expect(a.var).toBe(b.var);
    expect(() => runBlock(varBlock, {}, { returns: ser([0.01]) })).toThrow(/at least 2/);
  });
});

describe("risk.beta", () => {
  it("beta(r = 2b + 0.001, b) is 2 with alpha (1.001)^252 - 1 and correlation 1", () => {
    const r = B.map((x) => 2 * x + 0.001);
    const out = run(betaBlock, {}, { returns: ser(r), benchmark: ser(B) });
    expect(out.beta).toBeCloseTo(2, 12);
    expect(out.alpha).toBeCloseTo(Math.pow(1.001, 252) - 1, 10);
    expect(out.correlation).toBeCloseTo(1, 12);
  });
  it("beta(r, b) matches numpy (np.cov, empyrical alpha, tracking error, IR, corrcoef)", () => {
    const out = run(betaBlock, { periods_per_year: 252 }, { returns: ser(R), benchmark: ser(B) });
    expect(rel(out.beta, 1.5698696574719606)).toBeLessThan(1e-12);
    expect(rel(out.alpha, 0.021165258710640122)).toBeLessThan(1e-10);
    expect(rel(out.tracking_error, 0.11801355854307588)).toBeLessThan(1e-12);
    expect(rel(out.information_ratio, -1.8506348143063787)).toBeLessThan(1e-12);
    expect(rel(out.correlation, 0.9945563887191224)).toBeLessThan(1e-12);
  });
  it("beta(r, b) aligns on dates where both are defined", () => {
    const rr = { index: dates(R.length + 1), values: [0.5, ...R] }; // an extra first date
    const bb = { index: [dates(1)[0], ...dates(B.length, Date.UTC(2021, 0, 2))], values: [null, ...B] };
    const a = run(betaBlock, {}, { returns: rr, benchmark: bb });
    const b = run(betaBlock, {}, { returns: ser(R), benchmark: ser(B) });
    expect(a.beta).toBeCloseTo(b.beta, 14);
  });
  it("beta(r, flat benchmark) is a singular problem", () => {
    expect(() => runBlock(betaBlock, {}, { returns: ser(R), benchmark: ser(R.map(() => 0.001)) })).toThrow(/variance is 0/);
  });
});

describe("risk.stress", () => {
  const weights = { AAA: 0.4, BBB: 0.3, CCC: 0.2, DDD: 0.1 };
  const groups = { AAA: "Tech", BBB: "Tech", CCC: "Energy", DDD: "Utilities" };
  it("stress(own shock wins over group shock): pnl = sum w_i shock_i", () => {
    const out = run(stressBlock, { scenarios: [{ name: "tech crash", shocks: { Tech: -0.3, BBB: -0.1, Energy: 0.05 } }] }, { weights, groups });
    const s = out.scenarios[0];
    // AAA 0.4 x -0.3 = -0.12; BBB own -0.1: -0.03; CCC 0.2 x 0.05 = 0.01; DDD unshocked 0.
    expect(s.contributions).toEqual({ AAA: expect.closeTo(-0.12, 15), BBB: expect.closeTo(-0.03, 15), CCC: expect.closeTo(0.01, 15), DDD: 0 });
    expect(s.pnl).toBeCloseTo(-0.14, 15);
    expect(s.worst).toEqual(["AAA", "BBB"]);
    expect(s.unshocked).toEqual(["DDD"]);
  });
  it("stress(max_loss) flags a breach and explains it", () => {
    const out = run(stressBlock, { scenarios: [{ name: "crash", shocks: { AAA: -0.5 } }, { name: "mild", shocks: { AAA: -0.05 } }], max_loss: 0.1 }, { weights });
    expect(out.scenarios[0].breached).toBe(true);
    expect(out.scenarios[0].explanation).toMatch(/breaches the loss limit of 10%/);
    expect(out.scenarios[1].breached).toBe(false);
  });
  it("stress(betas) suggests an index short of sum w_i beta_i and its P&L", () => {
    const betas = { AAA: 1.2, BBB: 1.0, CCC: 0.8, DDD: 0.5 };
    const out = run(stressBlock, { scenarios: [{ name: "market", shocks: { AAA: -0.2, BBB: -0.2, CCC: -0.2, DDD: -0.2, index: -0.2 } }] }, { weights, betas });
    const beta = 0.4 * 1.2 + 0.3 * 1.0 + 0.2 * 0.8 + 0.1 * 0.5; // 0.99
    expect(out.scenarios[0].hedge.portfolio_beta).toBeCloseTo(beta, 15);
    expect(out.scenarios[0].hedge.hedge_pnl).toBeCloseTo(0.2 * beta, 15);
    expect(out.scenarios[0].hedge.hedged_pnl).toBeCloseTo(-0.2 + 0.2 * beta, 14);
  });
  it("stress exposure after the shock: weights w(1+s)/(1+pnl) sum to the new net", () => {
    const out = run(stressBlock, { scenarios: [{ name: "x", shocks: { AAA: -0.5 } }] }, { weights });
    const wa = out.scenarios[0].exposure.weights_after;
    expect(wa.AAA).toBeCloseTo((0.4 * 0.5) / 0.8, 15);
    expect(out.scenarios[0].exposure.after.net).toBeCloseTo(1, 14);
  });
});
