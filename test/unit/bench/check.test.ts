import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { compareKpis } from "../../../bench/check";
import { runCompute, runPipeline } from "../../../bench/fast";
import { startHelper } from "../../../bench/computeHelper";
import { minVarianceLongOnly, referencePipeline } from "../../../bench/reference";
import { SIZES, writeUniverseCsv } from "../../../bench/universe";
import { openDuckDbNative } from "../../../kernel/data/duckdbNative";

const dir = mkdtempSync(join(tmpdir(), "bench-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("benchmark answer check", () => {
  test("runPipeline(tiny universe) KPIs equal the plain reference pipeline's within 1e-9 relative", async () => {
    const file = join(dir, "tiny.csv");
    const { rows } = await writeUniverseCsv(file, SIZES.tiny);
    expect(rows).toBeGreaterThan(SIZES.tiny.assets * SIZES.tiny.days * 0.8);
    const engine = await openDuckDbNative();
    try {
      const fast = await runPipeline(engine, file);
      const ref = referencePipeline(file);
      const check = compareKpis(fast.kpis, ref);
      expect(check.rows.filter((r) => !r.ok)).toEqual([]);
      expect(fast.kpis.rebalances).toBeGreaterThan(10);
      expect(Number.isFinite(fast.kpis.sharpe)).toBe(true);
      for (const s of Object.values(fast.stages)) expect(s).toBeGreaterThanOrEqual(0);
    } finally {
      await engine.close();
    }
  });

  test("runPipeline(tiny universe, helper thread) gives the one-thread weights and KPIs, and the reference's", async () => {
    const file = join(dir, "tiny2.csv");
    await writeUniverseCsv(file, SIZES.tiny);
    const engine = await openDuckDbNative();
    const helper = await startHelper(2);
    try {
      const one = await runPipeline(engine, file);
      const two = await runPipeline(engine, file, helper);
      expect(compareKpis(two.kpis, referencePipeline(file)).rows.filter((r) => !r.ok)).toEqual([]);
      for (const k of Object.keys(one.kpis) as (keyof typeof one.kpis)[]) {
        expect(Math.abs(two.kpis[k] - one.kpis[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(one.kpis[k])));
      }
      // Both threads wrote their half of the shared scores: the same as one thread's, bit for bit.
      const serial = await runCompute(one.prices);
      const shared = await runCompute(await helper!.share(one.prices), undefined, helper);
      expect(shared.weights.index).toEqual(serial.weights.index);
      shared.weights.values.forEach((x, i) => expect(Math.abs(x - serial.weights.values[i])).toBeLessThan(1e-9));
    } finally {
      await helper?.close();
      await engine.close();
    }
  });

  test("compareKpis(a, a with one KPI off by 1e-8 relative) fails on that KPI only", () => {
    const a = { total_return: 0.5, cagr: 0.1, volatility: 0.2, sharpe: 0.7, sortino: NaN, max_drawdown: -0.3, calmar: 0.33, win_rate: 0.5, profit_factor: 1.1, best: 0.05, worst: -0.04, var_95: 0.02, es_95: 0.03, avg_turnover: 0.5, rebalances: 10, days: 100, assets: 5 };
    const b = { ...a, sharpe: 0.7 * (1 + 1e-8) };
    const c = compareKpis(a, b);
    expect(c.ok).toBe(false);
    expect(c.rows.filter((r) => !r.ok).map((r) => r.kpi)).toEqual(["sharpe"]);
    expect(compareKpis(a, { ...a, sharpe: 0.7 * (1 + 1e-10) }).ok).toBe(true);
  });

  test("minVarianceLongOnly(2 assets) is the closed form (s22 - s12) / (s11 + s22 - 2 s12), and 0 when that is negative", () => {
    // var 0.04 and 0.09, covariance 0.018: w1 = (0.09 - 0.018) / (0.04 + 0.09 - 0.036) = 0.072 / 0.094
    const w = minVarianceLongOnly([[0.04, 0.018], [0.018, 0.09]]);
    expect(w[0]).toBeCloseTo(0.072 / 0.094, 12);
    expect(w[1]).toBeCloseTo(1 - 0.072 / 0.094, 12);
    // Highly correlated, very different variances: the unconstrained answer shorts asset 2.
    const v = minVarianceLongOnly([[0.01, 0.019], [0.019, 0.04]]);
    expect(v).toEqual([1, 0]);
  });
});
