import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { BlockError } from "../../../blocks/core/errors";
import { portfolioBlock } from "../../../blocks/optimize/portfolio";
import { frontierBlock } from "../../../blocks/optimize/frontier";
import { hrpWeights } from "../../../blocks/optimize/hrp";
import { solveLinear } from "../../../blocks/optimize/linalg";

const cov = (columns: string[], values: number[][]) => ({ columns, values });
const S3 = [[0.04, 0.006, 0.01], [0.006, 0.09, 0.012], [0.01, 0.012, 0.0625]];
const C3 = cov(["A", "B", "C"], S3);
const mu3 = { A: 0.08, B: 0.12, C: 0.1 };
const run = (params: object, inputs: object) => toJson(runBlock(portfolioBlock, params, inputs as Record<string, unknown>)) as any;
const vec = (w: Record<string, number>, cols: string[]) => cols.map((c) => w[c]);
const mulS = (S: number[][], w: number[]) => S.map((r) => r.reduce((s, x, j) => s + x * w[j], 0));
const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);

function expectThrowType(f: () => unknown, type: string, re?: RegExp): void {
  try { f(); } catch (e) {
    expect(e).toBeInstanceOf(BlockError);
    expect((e as BlockError).type).toBe(type);
    if (re) expect((e as BlockError).message).toMatch(re);
    return;
  }
  throw new Error("expected a BlockError");
}

describe("optimize.portfolio", () => {
  it("portfolio(min_variance) of two assets is w1 = (s2^2 - s12)/(s1^2 + s2^2 - 2 s12)", () => {
    const out = run({ method: "min_variance" }, { covariance: cov(["A", "B"], [[0.04, 0.01], [0.01, 0.09]]) });
    expect(out.weights.A).toBeCloseTo((0.09 - 0.01) / (0.04 + 0.09 - 0.02), 9);
    expect(out.weights.B).toBeCloseTo(1 - 0.08 / 0.11, 9);
  });
  it("portfolio(max_sharpe, wide bounds) is the tangency portfolio S^-1(mu - rf) normalised", () => {
    const rf = 0.02;
    const out = run({ method: "max_sharpe", bounds: [-10, 10], risk_free: rf }, { covariance: C3, expected_returns: mu3 });
    const x = solveLinear(Float64Array.from(S3.flat()), 3, Float64Array.from([0.08 - rf, 0.12 - rf, 0.1 - rf]))!;
    const s = x[0] + x[1] + x[2];
    expect(out.weights.A).toBeCloseTo(x[0] / s, 7);
    expect(out.weights.B).toBeCloseTo(x[1] / s, 7);
    expect(out.weights.C).toBeCloseTo(x[2] / s, 7);
    expect(out.diagnostics.sharpe).toBeCloseTo((out.diagnostics.expected_return - rf) / out.diagnostics.volatility, 12);
  });
  it("portfolio(mean_variance, ra) satisfies ra S w - mu = constant (KKT with sum w = 1)", () => {
    const out = run({ method: "mean_variance", risk_aversion: 3, bounds: [-5, 5] }, { covariance: C3, expected_returns: mu3 });
    const w = vec(out.weights, ["A", "B", "C"]);
    const g = mulS(S3, w).map((x, i) => 3 * x - [0.08, 0.12, 0.1][i]);
    expect(g[1]).toBeCloseTo(g[0], 9);
    expect(g[2]).toBeCloseTo(g[0], 9);
    expect(sum(w)).toBeCloseTo(1, 12);
  });
  it("portfolio(efficient_return, target) meets mu'w = target", () => {
    const out = run({ method: "efficient_return", target_return: 0.105 }, { covariance: C3, expected_returns: mu3 });
    expect(out.diagnostics.expected_return).toBeCloseTo(0.105, 9);
    expect(sum(Object.values(out.weights))).toBeCloseTo(1, 12);
  });
  it("portfolio(efficient_risk, target) has volatility = target and beats min variance's return", () => {
    const mv = run({ method: "min_variance" }, { covariance: C3, expected_returns: mu3 });
    const out = run({ method: "efficient_risk", target_volatility: 0.2 }, { covariance: C3, expected_returns: mu3 });
    expect(out.diagnostics.volatility).toBeCloseTo(0.2, 8);
    expect(out.diagnostics.expected_return).toBeGreaterThan(mv.diagnostics.expected_return);
  });
  it("risk_contributions are w_i (Sw)_i / w'Sw and sum to 1", () => {
    const out = run({ method: "min_variance" }, { covariance: C3, groups: { A: "X", B: "X", C: "Y" } });
    const w = vec(out.weights, ["A", "B", "C"]);
    const sw = mulS(S3, w), v = sum(w.map((x, i) => x * sw[i]));
    expect(out.diagnostics.risk_contributions.B).toBeCloseTo((w[1] * sw[1]) / v, 12);
    expect(sum(Object.values(out.diagnostics.risk_contributions))).toBeCloseTo(1, 12);
    expect(out.diagnostics.group_risk_contributions.X).toBeCloseTo(out.diagnostics.risk_contributions.A + out.diagnostics.risk_contributions.B, 12);
  });
  it("portfolio(risk_parity) gives equal risk contributions, and budgets when given", () => {
    const eq = run({ method: "risk_parity" }, { covariance: C3 });
    for (const c of ["A", "B", "C"]) expect(eq.diagnostics.risk_contributions[c]).toBeCloseTo(1 / 3, 10);
    const bud = run({ method: "risk_parity" }, { covariance: C3, risk_budgets: { A: 0.5, B: 0.25, C: 0.25 } });
    expect(bud.diagnostics.risk_contributions.A).toBeCloseTo(0.5, 10);
    expect(bud.diagnostics.risk_contributions.C).toBeCloseTo(0.25, 10);
  });
  it("portfolio(inverse_volatility) is 1/sigma normalised; equal_weight is net/n", () => {
    const iv = run({ method: "inverse_volatility" }, { covariance: C3 });
    const inv = [1 / 0.2, 1 / 0.3, 1 / 0.25];
    expect(iv.weights.B).toBeCloseTo(inv[1] / sum(inv), 14);
    const ew = run({ method: "equal_weight", net: 0.9 }, { covariance: C3 });
    expect(ew.weights.C).toBeCloseTo(0.3, 15);
  });
  it("portfolio(black_litterman) with one view matches the posterior worked by hand", () => {
    const C2 = cov(["A", "B"], [[0.04, 0.01], [0.01, 0.09]]);
    const out = run({ method: "black_litterman", tau: 0.05, delta: 2.5 }, {
      covariance: C2, market_weights: { A: 0.6, B: 0.4 }, views: { P: [[1, -1]], Q: [0.02], omega: [[0.001]] },
    });
    // pi = 2.5 S w = 2.5 [0.028, 0.042] = [0.07, 0.105]; SP' = [0.03, -0.08]; PSP' = 0.11
    // P tau S P' + omega = 0.0055 + 0.001 = 0.0065; Q - P pi = 0.02 + 0.035 = 0.055
    const k = 0.055 / 0.0065;
    const mu = [0.07 + 0.05 * 0.03 * k, 0.105 - 0.05 * 0.08 * k];
    expect(out.posterior_returns.A).toBeCloseTo(mu[0], 12);
    expect(out.posterior_returns.B).toBeCloseTo(mu[1], 12);
    // weights (delta S)^-1 mu, scaled to sum 1
    const x = solveLinear(Float64Array.from([0.1, 0.025, 0.025, 0.225]), 2, Float64Array.from(mu))!;
    expect(out.weights.A).toBeCloseTo(x[0] / (x[0] + x[1]), 12);
    // posterior covariance S + tau S - tau^2 SP' PS / 0.0065
    expect(out.posterior_covariance.values[0][1]).toBeCloseTo(1.05 * 0.01 - 0.0025 * 0.03 * -0.08 / 0.0065, 12);
  });
  it("black_litterman with confidences uses Idzorek's omega tau (1-c)/c p'Sp", () => {
    const C2 = cov(["A", "B"], [[0.04, 0.01], [0.01, 0.09]]);
    const a = run({ method: "black_litterman", tau: 0.05, delta: 2.5 }, { covariance: C2, market_weights: { A: 0.6, B: 0.4 }, views: { P: [[1, -1]], Q: [0.02], confidences: [0.5] } });
    const b = run({ method: "black_litterman", tau: 0.05, delta: 2.5 }, { covariance: C2, market_weights: { A: 0.6, B: 0.4 }, views: { P: [[1, -1]], Q: [0.02], omega: [0.05 * 1 * 0.11] } });
    expect(a.posterior_returns.A).toBeCloseTo(b.posterior_returns.A, 14);
  });
  it("infeasible constraints exit with type infeasible naming them (net 1, bounds [0, 0.05], 10 assets)", () => {
    const cols = Array.from({ length: 10 }, (_, i) => `X${i}`);
    const S = cols.map((_, i) => cols.map((_, j) => (i === j ? 0.04 : 0.01)));
    expectThrowType(() => runBlock(portfolioBlock, { method: "min_variance", bounds: [0, 0.05] }, { covariance: cov(cols, S) }), "infeasible", /net = 1.*bounds \[0, 0\.05\].*10 assets/);
    expectThrowType(() => runBlock(portfolioBlock, { method: "min_variance", bounds: [0, 0.5], group_caps: { G: 0.3 } }, { covariance: cov(cols, S), groups: Object.fromEntries(cols.map((c) => [c, "G"])) }), "infeasible", /group caps/);
  });
  it("a singular covariance (two identical assets) is a singular problem for min_variance, not NaN; hrp still answers", () => {
    const S = [[0.04, 0.04, 0.01], [0.04, 0.04, 0.01], [0.01, 0.01, 0.09]];
    expectThrowType(() => runBlock(portfolioBlock, { method: "min_variance" }, { covariance: cov(["A", "B", "C"], S) }), "singular-problem");
    const h = run({ method: "hrp" }, { covariance: cov(["A", "B", "C"], S) });
    expect(sum(Object.values(h.weights))).toBeCloseTo(1, 14);
  });
  it("130/30: net 1, gross 1.6, bounds [-0.3, 1] hold and gross binds when it should", () => {
    const out = run({ method: "mean_variance", risk_aversion: 0.5, bounds: [-0.3, 1], gross: 1.6 }, { covariance: C3, expected_returns: { A: -0.2, B: 0.3, C: 0.25 } });
    const w = vec(out.weights, ["A", "B", "C"]);
    expect(sum(w)).toBeCloseTo(1, 9);
    expect(sum(w.map(Math.abs))).toBeLessThanOrEqual(1.6 + 1e-9);
    expect(sum(w.map(Math.abs))).toBeCloseTo(1.6, 8);
    for (const x of w) expect(x).toBeGreaterThanOrEqual(-0.3 - 1e-9);
  });
  it("max_weight, group caps, turnover limit and max_names hold", () => {
    const cols = ["A", "B", "C", "D", "E"];
    const S = cols.map((_, i) => cols.map((_, j) => (i === j ? 0.02 + 0.01 * i : 0.005)));
    const C = cov(cols, S);
    const groups = { A: "T", B: "T", C: "F", D: "F", E: "E" };
    const o1 = run({ method: "min_variance", max_weight: 0.25, group_caps: { T: 0.3 } }, { covariance: C, groups });
    for (const c of cols) expect(o1.weights[c]).toBeLessThanOrEqual(0.25 + 1e-9);
    expect(o1.weights.A + o1.weights.B).toBeLessThanOrEqual(0.3 + 1e-9);
    const current = { A: 0, B: 0, C: 0, D: 0, E: 1 };
    const o2 = run({ method: "min_variance", turnover_limit: 0.4 }, { covariance: C, current_weights: current });
    expect(sum(cols.map((c) => Math.abs(o2.weights[c] - current[c as keyof typeof current])))).toBeLessThanOrEqual(0.4 + 1e-9);
    const o3 = run({ method: "min_variance", max_names: 2 }, { covariance: C });
    expect(cols.filter((c) => Math.abs(o3.weights[c]) > 1e-10).length).toBeLessThanOrEqual(2);
  });
  it("portfolio(hrp, pairwise correlation) matches PyPortfolioOpt's weights_hrp.csv to 1e-12", () => {
    const dir = path.resolve(__dirname, "../../../../shared/data");
    if (!existsSync(path.join(dir, "pypfopt_stock_prices.csv"))) return;
    const lines = readFileSync(path.join(dir, "pypfopt_stock_prices.csv"), "utf8").trim().split("\n");
    const cols = lines[0].split(",").slice(1);
    const px = lines.slice(1).map((l) => l.split(",").slice(1).map((x) => (x === "" ? NaN : Number(x))));
    // pandas: prices.pct_change().dropna(how="all"); cov pairwise (ddof 1)
    const rets = px.slice(1).map((r, t) => r.map((x, j) => x / px[t][j] - 1)).filter((r) => r.some(Number.isFinite));
    // HRPOpt(returns): cov = returns.cov(), corr = returns.corr(), both pairwise-complete
    const n = cols.length, S = new Float64Array(n * n), R = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
      const rows = rets.filter((r) => Number.isFinite(r[i]) && Number.isFinite(r[j]));
      const mi = rows.reduce((s, r) => s + r[i], 0) / rows.length, mj = rows.reduce((s, r) => s + r[j], 0) / rows.length;
      const c = rows.reduce((s, r) => s + (r[i] - mi) * (r[j] - mj), 0) / (rows.length - 1);
      const vi = rows.reduce((s, r) => s + (r[i] - mi) ** 2, 0), vj = rows.reduce((s, r) => s + (r[j] - mj) ** 2, 0);
      S[i * n + j] = c; S[j * n + i] = c;
      R[i * n + j] = R[j * n + i] = (c * (rows.length - 1)) / Math.sqrt(vi * vj);
    }
    const w = hrpWeights(S, n, R);
    const ref = readFileSync(path.join(dir, "pypfopt_weights_hrp.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    for (const [name, value] of ref) expect(Math.abs(w[cols.indexOf(name)] - Number(value))).toBeLessThan(1e-12);
    // through the block, with the correlation input
    const toM = (a: Float64Array) => ({ columns: cols, values: cols.map((_, i) => Array.from(a.subarray(i * n, i * n + n))) });
    const out = run({ method: "hrp" }, { covariance: toM(S), correlation: toM(R) });
    for (const [name, value] of ref) expect(Math.abs(out.weights[name] - Number(value))).toBeLessThan(1e-12);
  });
});

describe("optimize.frontier", () => {
  it("frontier(covariance, mu) starts at min variance, rises in return and volatility, max Sharpe on or under it", () => {
    const out = toJson(runBlock(frontierBlock, { points: 8 }, { covariance: C3, expected_returns: mu3 })) as any;
    const pts = out.points as { return: number; volatility: number }[];
    expect(pts[0].volatility).toBeCloseTo(out.min_variance.volatility, 12);
    for (let k = 1; k < pts.length; k++) {
      expect(pts[k].return).toBeGreaterThan(pts[k - 1].return);
      expect(pts[k].volatility).toBeGreaterThanOrEqual(pts[k - 1].volatility - 1e-12);
    }
    for (const p of pts) expect(p.return / p.volatility).toBeLessThanOrEqual(out.max_sharpe.sharpe + 1e-9);
  });
});
