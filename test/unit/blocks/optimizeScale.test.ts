import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { matrix } from "../../../blocks/core/values";
import { solveBoxQP } from "../../../blocks/optimize/activeSet";
import { maxSharpe, type Constraints } from "../../../blocks/optimize/meanVariance";
import { maxSharpeBox } from "../../../blocks/optimize/maxSharpeBox";
import { optimizePortfolio, portfolioBlock, portfolioParams } from "../../../blocks/optimize/portfolio";
import { factorModel } from "../../../bench/optimizer";

/**
 * KKT of min 1/2 w'Sw - t mu'w on {sum w = 1, lo <= w <= hi}, written out: g = Sw - t mu;
 * inside assets share g = lambda; at lo g >= lambda; at hi g <= lambda (relative to max |g|).
 * Returns the worst violation.
 */
function kkt(S: Float64Array, n: number, w: number[], lo: number, hi: number, tmu: number[] | null): number {
  const g = w.map((_, i) => { let s = 0; for (let j = 0; j < n; j++) s += S[i * n + j] * w[j]; return s - (tmu ? tmu[i] : 0); });
  const scale = Math.max(...g.map(Math.abs));
  const inside = w.map((v, i) => (v > lo + 1e-10 && v < hi - 1e-10 ? i : -1)).filter((i) => i >= 0);
  const lambda = g[inside[0]];
  let worst = 0;
  w.forEach((v, i) => {
    const d = (g[i] - lambda) / scale;
    if (v > lo + 1e-10 && v < hi - 1e-10) worst = Math.max(worst, Math.abs(d));
    else if (v <= lo + 1e-10) worst = Math.max(worst, -d);
    else worst = Math.max(worst, d);
  });
  return worst;
}
const box = (lo: number, hi: number): Constraints => ({ lo, hi, net: 1, gross: null, groupOf: null, groupNames: [], groupCaps: new Map(), maxNames: null, current: null, turnoverLimit: null, turnoverPenalty: 0 });

describe("optimize.portfolio at 500 assets (active-set and parametric paths)", () => {
  const n = 500, { S, mu } = factorModel(n, 2024);
  const cols = Array.from({ length: n }, (_, j) => `A${j}`);
  const cov = matrix(cols, S);
  const er: Record<string, number> = {};
  cols.forEach((c, i) => { er[c] = mu[i]; });

  it("portfolio(min_variance, bounds [0, 0.05]) on a 500-asset factor model meets the KKT conditions to 1e-10", () => {
    const out = runBlock(portfolioBlock, { method: "min_variance", bounds: [0, 0.05] }, { covariance: cov }) as any;
    const w = cols.map((c) => out.weights[c]);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    for (const v of w) { expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(0.05); }
    expect(kkt(S, n, w, 0, 0.05, null)).toBeLessThan(1e-10);
  });

  it("portfolio(max_sharpe, bounds [0, 0.05]) meets the max-Sharpe KKT conditions (mean-variance KKT at t = w'Sw / mu'w) to 1e-10", () => {
    const out = runBlock(portfolioBlock, { method: "max_sharpe", bounds: [0, 0.05] }, { covariance: cov, expected_returns: er }) as any;
    const w = cols.map((c) => out.weights[c]);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    let v = 0, e = 0;
    for (let i = 0; i < n; i++) { e += mu[i] * w[i]; for (let j = 0; j < n; j++) v += w[i] * S[i * n + j] * w[j]; }
    const t = v / e;
    expect(kkt(S, n, w, 0, 0.05, Array.from(mu, (m) => t * m))).toBeLessThan(1e-10);
    expect(out.diagnostics.sharpe).toBeCloseTo(e / Math.sqrt(v), 12);
  });

  it("mean_variance with long-short bounds [-0.05, 0.05] (most assets at a bound) meets the KKT conditions", () => {
    const lb = new Float64Array(n).fill(-0.05), ub = new Float64Array(n).fill(0.05);
    const res = solveBoxQP({ n, P: S, lb, ub, a: new Float64Array(n).fill(1), b: 1 }, Float64Array.from(mu, (m) => -m));
    expect(res).not.toBeNull();
    expect(kkt(S, n, Array.from(res!.x), -0.05, 0.05, Array.from(mu))).toBeLessThan(1e-10);
  });
});

describe("max Sharpe by the parametric path agrees with the homogenised QP (ADMM + polish)", () => {
  for (const [lo, hi] of [[0, 0.1], [-0.1, 0.1], [0, 1]] as const) {
    it(`maxSharpeBox(60 assets, bounds [${lo}, ${hi}], rf 0.01) equals maxSharpe (general path) to 1e-9`, () => {
      const n = 60, { S, mu } = factorModel(n, 77);
      const fast = maxSharpeBox(S, n, mu, 0.01, new Float64Array(n).fill(lo), new Float64Array(n).fill(hi), 1)!;
      const general = maxSharpe(S, n, mu, 0.01, box(lo, hi));
      expect(fast).not.toBeNull();
      for (let i = 0; i < n; i++) expect(Math.abs(fast[i] - general[i])).toBeLessThan(1e-9);
    });
  }

  it("maxSharpeBox with 4 dominant expected returns (cap 0.25) equals maxSharpe (general path) to 1e-9", () => {
    const n = 30, { S } = factorModel(n, 5);
    const mu = Float64Array.from({ length: n }, (_, i) => (i < 4 ? 5 : 0.01));
    const w = maxSharpeBox(S, n, mu, 0, new Float64Array(n), new Float64Array(n).fill(0.25), 1)!;
    expect(w).not.toBeNull();
    const general = maxSharpe(S, n, mu, 0, box(0, 0.25));
    for (let i = 0; i < n; i++) expect(Math.abs(w[i] - general[i])).toBeLessThan(1e-9);
  });
});

describe("optimizePortfolio(..., { start }) (warm start, as optimize.rolling uses it)", () => {
  const n = 120, { S } = factorModel(n, 77);
  const cols = Array.from({ length: n }, (_, j) => `A${j}`);
  const cov = matrix(cols, S);
  const params = portfolioParams.parse({ method: "min_variance", bounds: [0, 0.2] });
  const cold = optimizePortfolio(params, { covariance: cov }).weights;

  it("from a feasible guess, from an infeasible one and from the answer itself gives the cold solve's weights to 1e-12", () => {
    const feasible = new Float64Array(n);
    for (let i = 0; i < 10; i++) feasible[i * 7] = 0.1; // ten names at 10%
    const infeasible = new Float64Array(n).fill(0.5); // sums to 60 and breaks the 0.2 bound
    for (const start of [feasible, infeasible, cold.slice()]) {
      const warm = optimizePortfolio(params, { covariance: cov }, {}, { start }).weights;
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(warm[i] - cold[i]));
      expect(worst).toBeLessThan(1e-12);
    }
    expect(kkt(S, n, Array.from(cold), 0, 0.2, null)).toBeLessThan(1e-9);
  });
});
