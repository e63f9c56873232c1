import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { matrix, panel } from "../../../blocks/core/values";
import { minCvar, scenarioCvar } from "../../../blocks/optimize/cvar";
import type { Constraints } from "../../../blocks/optimize/meanVariance";
import { portfolioBlock } from "../../../blocks/optimize/portfolio";
import { historicalVar } from "../../../blocks/risk/var";

function rng(seed: number) { let s = seed; return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; }; }
const box = (lo: number, hi: number, net = 1): Constraints => ({ lo, hi, net, gross: null, groupOf: null, groupNames: [], groupCaps: new Map(), maxNames: null, current: null, turnoverLimit: null, turnoverPenalty: 0 });
function scenarios(T: number, n: number, seed: number): Float64Array {
  const r = rng(seed), R = new Float64Array(T * n);
  for (let t = 0; t < T; t++) { const f = r() - 0.5; for (let i = 0; i < n; i++) R[t * n + i] = 0.02 * f * (0.5 + i / n) + 0.02 * (r() - 0.5) * (1 + (i % 3)) + 0.001; }
  return R;
}
/** Mean of the k worst of the portfolio's scenario returns, as a positive loss. */
function tailLoss(R: Float64Array, T: number, w: number[], k: number): number {
  const p = Array.from({ length: T }, (_, t) => w.reduce((s, x, i) => s + x * R[t * w.length + i], 0)).sort((a, b) => a - b);
  return -p.slice(0, k).reduce((s, x) => s + x, 0) / k;
}

describe("optimize.portfolio min_cvar", () => {
  it("minCvar(2 assets, 40 scenarios, beta 0.95) equals the exact minimum over the breakpoints of the mean of the 2 worst losses", () => {
    const T = 40, R = scenarios(T, 2, 11);
    // f(w1) = mean of the 2 worst of r_t(w1) = R_t1 w1 + R_t2 (1 - w1): convex, piecewise linear;
    // its minimum on [0, 1] is at 0, 1 or where two scenario lines cross.
    const cand = [0, 1];
    for (let s = 0; s < T; s++) for (let t = s + 1; t < T; t++) {
      const ds = R[s * 2] - R[s * 2 + 1], dt = R[t * 2] - R[t * 2 + 1];
      if (ds !== dt) { const w1 = (R[t * 2 + 1] - R[s * 2 + 1]) / (ds - dt); if (w1 > 0 && w1 < 1) cand.push(w1); }
    }
    const exact = Math.min(...cand.map((w1) => tailLoss(R, T, [w1, 1 - w1], 2)));
    const res = minCvar(R, T, 2, 0.95, box(0, 1));
    expect(res.cvar).toBeCloseTo(exact, 12);
    expect(tailLoss(R, T, Array.from(res.weights), 2)).toBeCloseTo(exact, 12);
  });

  it("minCvar(3 assets, 100 scenarios) is no worse than any portfolio on a 0.005 grid of the simplex, and within the grid's reach", () => {
    const T = 100, R = scenarios(T, 3, 5);
    const res = minCvar(R, T, 3, 0.95, box(0, 1));
    let best = Infinity;
    for (let a = 0; a <= 200; a++) for (let b = 0; a + b <= 200; b++) best = Math.min(best, tailLoss(R, T, [a / 200, b / 200, 1 - (a + b) / 200], 5));
    expect(res.cvar).toBeLessThanOrEqual(best + 1e-12);
    // moving a weight by 0.005 changes a scenario return by at most 0.005 x (max spread of returns)
    expect(best - res.cvar).toBeLessThan(0.005 * 0.1);
    expect(res.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it("portfolio(min_cvar) reports a CVaR equal to the historical ES (mean of the 5 worst of 100) of its scenario returns, and respects bounds", () => {
    const T = 100, n = 8, R = scenarios(T, n, 3);
    const cols = Array.from({ length: n }, (_, i) => `A${i}`);
    const index = Int32Array.from({ length: T }, (_, t) => 18000 + t);
    // covariance only for the diagnostics (sample, ddof 1)
    const S = new Float64Array(n * n), m = new Float64Array(n);
    for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) m[i] += R[t * n + i] / T;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let t = 0; t < T; t++) s += (R[t * n + i] - m[i]) * (R[t * n + j] - m[j]); S[i * n + j] = s / (T - 1); }
    const out = runBlock(portfolioBlock, { method: "min_cvar", bounds: [0, 0.3], beta: 0.95 }, { covariance: matrix(cols, S), returns: panel(index, cols, R) }) as any;
    const w = cols.map((c) => out.weights[c]);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    for (const v of w) { expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(0.3 + 1e-15); }
    const pr = Float64Array.from({ length: T }, (_, t) => w.reduce((s, x, i) => s + x * R[t * n + i], 0));
    expect(out.diagnostics.cvar).toBeCloseTo(tailLoss(R, T, w, 5), 12);
    expect(out.diagnostics.cvar).toBeCloseTo(scenarioCvar(pr, 0.95), 14);
    // risk.var's historical ES averages r <= quantile: the same 5 scenarios unless the optimum
    // ties the 5th and 6th worst returns (the LP balances the tail, so it often does; then 6).
    const hv = historicalVar(pr, 0.95);
    expect(hv.tail === 5 ? Math.abs(hv.es - out.diagnostics.cvar) : 0).toBeLessThan(1e-12);
    // no equal-weight or single-asset portfolio within the bounds does better
    expect(out.diagnostics.cvar).toBeLessThanOrEqual(tailLoss(R, T, w.map(() => 1 / n), 5) + 1e-15);
  });

  it("portfolio(min_cvar) without returns is an input error naming inputs.returns", () => {
    const cov = matrix(["A", "B"], Float64Array.from([0.04, 0, 0, 0.09]));
    expect(() => runBlock(portfolioBlock, { method: "min_cvar" }, { covariance: cov })).toThrow(/returns/);
  });
});
