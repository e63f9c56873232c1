import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { BlockError } from "../../../blocks/core/errors";
import { constantCorrelationBlock, covarianceBlock } from "../../../blocks/riskmodels/covariance";
import { factorModelBlock } from "../../../blocks/riskmodels/factorModel";
import { expectedReturnsBlock } from "../../../blocks/riskmodels/expectedReturns";
import { isPositiveDefinite } from "../../../blocks/optimize/linalg";

const dates = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10));
const returns = (values: number[][], columns = ["A", "B"]) => ({ index: dates(values.length), columns, values });
const X = [[1, 2], [2, 1], [3, 4], [5, 3]];

describe("risk.covariance", () => {
  it("covariance(returns, sample) is the ddof-1 covariance and shrinkage null", () => {
    const out = toJson(runBlock(covarianceBlock, { method: "sample" }, { returns: returns(X) })) as any;
    // means 11/4 and 5/2; deviations A: -7/4 -3/4 1/4 9/4, B: -1/2 -3/2 3/2 1/2
    // sum of squares A: (49+9+1+81)/16 = 35/4; B: (1+9+9+1)/4 = 5; cross: (7+9+3+9)/8 = 7/2
    expect(out.covariance.values[0][0]).toBeCloseTo(35 / 4 / 3, 14);
    expect(out.covariance.values[1][1]).toBeCloseTo(5 / 3, 14);
    expect(out.covariance.values[0][1]).toBeCloseTo(7 / 2 / 3, 14);
    expect(out.shrinkage).toBeNull();
  });
  it("covariance(returns, ledoit_wolf) is scikit-learn's LedoitWolf, worked by hand", () => {
    const out = toJson(runBlock(covarianceBlock, { method: "ledoit_wolf" }, { returns: returns(X) })) as any;
    // sklearn ledoit_wolf_shrinkage on the centered X (T = 4, p = 2):
    // X2 row sums: 53/16, 45/16, 37/16, 85/16 -> beta_ = sum of squares = 3357/64
    // X'X = [[35/4, 7/2], [7/2, 5]] -> delta_ = (1225/16 + 2*49/4 + 25)/16 = 2017/256
    // emp_cov trace terms 35/16, 5/4 -> mu = 55/32
    // beta = 1/(p T) (beta_/T - delta_) = 335/512; delta = (delta_ - 2 mu tr + p mu^2)/p = 1009/1024
    const shrinkage = (335 / 512) / (1009 / 1024); // = 670/1009
    expect(out.shrinkage).toBeCloseTo(670 / 1009, 14);
    const mu = 55 / 32;
    expect(out.covariance.values[0][0]).toBeCloseTo((1 - shrinkage) * (35 / 16) + shrinkage * mu, 13);
    expect(out.covariance.values[1][1]).toBeCloseTo((1 - shrinkage) * (5 / 4) + shrinkage * mu, 13);
    expect(out.covariance.values[0][1]).toBeCloseTo((1 - shrinkage) * (7 / 8), 13);
  });
  it("covariance(returns, ledoit_wolf, periods_per_year 252) scales the matrix, not the shrinkage", () => {
    const a = toJson(runBlock(covarianceBlock, { method: "ledoit_wolf" }, { returns: returns(X) })) as any;
    const b = toJson(runBlock(covarianceBlock, { method: "ledoit_wolf", periods_per_year: 252 }, { returns: returns(X) })) as any;
    expect(b.shrinkage).toBe(a.shrinkage);
    expect(b.covariance.values[0][1]).toBeCloseTo(252 * a.covariance.values[0][1], 12);
  });
  it("covariance(returns with a null) is exit-2 bad input naming the cell", () => {
    const bad = returns([[1, 2], [2, null as unknown as number], [3, 4]]);
    expect(() => runBlock(covarianceBlock, {}, { returns: bad })).toThrow(/returns\.values\[1\]\[1\].*B/);
  });
  it("ledoit_wolf with two identical assets and more assets than days stays positive definite", () => {
    const cols = ["A", "B", "C", "D", "E", "F"];
    const vals = [[0.01, 0.01, 0.02, -0.01, 0.0, 0.03], [-0.02, -0.02, 0.01, 0.0, 0.01, -0.01], [0.005, 0.005, -0.01, 0.02, 0.0, 0.0]];
    const out = runBlock(covarianceBlock, { method: "ledoit_wolf" }, { returns: returns(vals, cols) }) as any;
    expect(out.covariance.values.every(Number.isFinite)).toBe(true);
    expect(isPositiveDefinite(out.covariance.values, 6)).toBe(true);
    const sample = runBlock(covarianceBlock, { method: "sample" }, { returns: returns(vals, cols) }) as any;
    expect(isPositiveDefinite(sample.covariance.values, 6)).toBe(false);
  });
  it("covariance(returns, exponential, halflife) with a huge halflife tends to the ddof-0 covariance", () => {
    const out = toJson(runBlock(covarianceBlock, { method: "exponential", halflife: 1e12 }, { returns: returns(X) })) as any;
    expect(out.covariance.values[0][1]).toBeCloseTo(7 / 8, 9);
  });
  it("covariance(returns, pca, k = n) reproduces the sample covariance", () => {
    const out = toJson(runBlock(covarianceBlock, { method: "pca", k: 2 }, { returns: returns(X) })) as any;
    expect(out.covariance.values[0][1]).toBeCloseTo(7 / 6, 12);
    expect(out.covariance.values[0][0]).toBeCloseTo(35 / 12, 12);
  });
});

describe("risk.covariance_constant_correlation", () => {
  it("keeps the ddof-0 variances on the diagonal and shrinks in [0, 1]", () => {
    const vals = [[0.01, 0.02, -0.01], [0.0, -0.01, 0.02], [0.02, 0.01, 0.0], [-0.01, 0.0, 0.01], [0.03, 0.02, -0.02]];
    const out = toJson(runBlock(constantCorrelationBlock, {}, { returns: returns(vals, ["A", "B", "C"]) })) as any;
    expect(out.shrinkage).toBeGreaterThanOrEqual(0);
    expect(out.shrinkage).toBeLessThanOrEqual(1);
    // A: mean 0.01, deviations 0, -0.01, 0.01, -0.02, 0.02 -> var0 = 0.001/5
    expect(out.covariance.values[0][0]).toBeCloseTo(0.001 / 5, 15);
  });
});

describe("risk.factor_model", () => {
  it("factor_model(one sector) is var(cross-sectional mean) + residual variances", () => {
    const vals = [[0.01, 0.03], [0.02, 0.0], [-0.01, 0.01]];
    const out = toJson(runBlock(factorModelBlock, {}, { returns: returns(vals), groups: { A: "S", B: "S" } })) as any;
    // f_t = mean of the row: 0.02, 0.01, 0 -> var (ddof 1) = 1e-4
    // residuals A: -0.01, 0.01, -0.01 -> var = (mean -1/300) ... computed: e_A = r_A - f
    const eA = [0.01 - 0.02, 0.02 - 0.01, -0.01 - 0];
    const mA = (eA[0] + eA[1] + eA[2]) / 3;
    const vA = eA.reduce((s, e) => s + (e - mA) ** 2, 0) / 2;
    expect(out.factor_covariance.values[0][0]).toBeCloseTo(1e-4, 15);
    expect(out.covariance.values[0][1]).toBeCloseTo(1e-4, 15);
    expect(out.covariance.values[0][0]).toBeCloseTo(1e-4 + vA, 15);
  });
  it("collinear exposures are a singular problem", () => {
    const vals = [[0.01, 0.03], [0.02, 0.0], [-0.01, 0.01]];
    expect(() => runBlock(factorModelBlock, {}, { returns: returns(vals), groups: { A: "S", B: "S" }, exposures: { A: { beta: 1 }, B: { beta: 1 } } })).toThrow(BlockError);
  });
});

describe("risk.expected_returns", () => {
  const vals = [[0.1, 0.0], [-0.05, 0.02], [0.02, 0.01]];
  it("expected_returns(mean, compounded) is prod(1+r)^(252/T) - 1", () => {
    const out = runBlock(expectedReturnsBlock, {}, { returns: returns(vals) }) as any;
    expect(out.expected_returns.A).toBeCloseTo(Math.pow(1.1 * 0.95 * 1.02, 252 / 3) - 1, 10);
  });
  it("expected_returns(mean, arithmetic) is mean x 252", () => {
    const out = runBlock(expectedReturnsBlock, { compounding: false }, { returns: returns(vals) }) as any;
    expect(out.expected_returns.B).toBeCloseTo(0.01 * 252, 12);
  });
  it("expected_returns(capm) of the benchmark itself is the market return (beta 1)", () => {
    const bench = { index: dates(3), values: [0.1, -0.05, 0.02] };
    const out = runBlock(expectedReturnsBlock, { method: "capm", compounding: false, risk_free: 0.02 }, { returns: returns(vals), benchmark: bench }) as any;
    expect(out.expected_returns.A).toBeCloseTo(0.02 + 1 * (((0.1 - 0.05 + 0.02) / 3) * 252 - 0.02), 10);
  });
  it("expected_returns(ewma, span) weights the last value most (pandas adjust=True)", () => {
    const out = runBlock(expectedReturnsBlock, { method: "ewma", span: 3, compounding: false, periods_per_year: 1 }, { returns: returns(vals) }) as any;
    // alpha = 0.5: weights 1/4, 1/2, 1 -> (0.1/4 - 0.05/2 + 0.02) / 1.75
    expect(out.expected_returns.A).toBeCloseTo((0.025 - 0.025 + 0.02) / 1.75, 14);
  });
  it("expected_returns(score) is a + b score at the last row", () => {
    const scores = { index: dates(2), columns: ["A", "B"], values: [[1, 2], [0.5, null]] };
    const out = runBlock(expectedReturnsBlock, { method: "score", a: 0.01, b: 0.02 }, { scores }) as any;
    expect(out.expected_returns.A).toBeCloseTo(0.02, 15);
    expect(out.expected_returns.B).toBeCloseTo(0.05, 15);
  });
});
