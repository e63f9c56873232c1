import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { portfolioBlock } from "../../../blocks/optimize/portfolio";
import { ledoitWolfCovariance } from "../../../blocks/riskmodels/covariance";
import { matrix } from "../../../blocks/core/values";

function rng(seed: number) { let s = seed; return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; }; }

describe("optimize.portfolio at scale", () => {
  it("min_variance and max_sharpe with bounds on 300 assets satisfy the KKT conditions", () => {
    const n = 300, T = 252, r = rng(3);
    const x = new Float64Array(T * n);
    for (let t = 0; t < T; t++) { const f = r() - 0.5; for (let j = 0; j < n; j++) x[t * n + j] = 0.01 * (f * (0.5 + (j % 5) / 4) + (r() - 0.5)); }
    const { covariance } = ledoitWolfCovariance(x, T, n);
    const cols = Array.from({ length: n }, (_, j) => `A${j}`);
    const cov = matrix(cols, covariance);
    const out = runBlock(portfolioBlock, { method: "min_variance", bounds: [0, 0.05] }, { covariance: cov }) as any;
    const w = cols.map((c) => out.weights[c]);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    // KKT: g = S w; free assets share one g (= lambda); at 0, g >= lambda; at 0.05, g <= lambda
    const g = w.map((_, i) => w.reduce((s, v, j) => s + covariance[i * n + j] * v, 0));
    const free = w.map((v, i) => (v > 1e-9 && v < 0.05 - 1e-9 ? i : -1)).filter((i) => i >= 0);
    const lambda = g[free[0]];
    for (const i of free) expect(Math.abs(g[i] - lambda)).toBeLessThan(1e-9 * Math.abs(lambda) + 1e-14);
    w.forEach((v, i) => { if (v <= 1e-9) expect(g[i]).toBeGreaterThanOrEqual(lambda * (1 - 1e-9)); if (v >= 0.05 - 1e-9) expect(g[i]).toBeLessThanOrEqual(lambda * (1 + 1e-9)); });
    const mu: Record<string, number> = {};
    cols.forEach((c) => { mu[c] = 0.02 + 0.1 * r(); });
    const ms = runBlock(portfolioBlock, { method: "max_sharpe", bounds: [0, 0.1] }, { covariance: cov, expected_returns: mu }) as any;
    const wm = cols.map((c) => ms.weights[c]);
    expect(wm.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    for (const v of wm) { expect(v).toBeGreaterThanOrEqual(-1e-12); expect(v).toBeLessThanOrEqual(0.1 + 1e-12); }
    // the max-Sharpe portfolio beats other feasible portfolios: min variance and equal weight
    const sharpe = (v: number[]) => {
      const er = v.reduce((s, x, i) => s + x * mu[cols[i]], 0);
      const vr = v.reduce((s, x, i) => s + x * v.reduce((a, y, j) => a + covariance[i * n + j] * y, 0), 0);
      return er / Math.sqrt(vr);
    };
    expect(ms.diagnostics.sharpe).toBeCloseTo(sharpe(wm), 12);
    expect(ms.diagnostics.sharpe).toBeGreaterThan(sharpe(w));
    expect(ms.diagnostics.sharpe).toBeGreaterThan(sharpe(w.map(() => 1 / n)));
  });
});
