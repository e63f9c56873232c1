/**
 * The browser pipeline benchmark (studio/bench.html) on the small universe: the pipeline
 * runs as a notebook in the kernel worker, every stage reports a time, the KPIs are finite
 * and equal those of the headless fast path (bench/fast.ts, native DuckDB) on the same
 * synthetic universe within 1e-9 relative.
 * Run: npx vite build --outDir /tmp/dist-bench && PW_PORT=4190 PW_DIST=/tmp/dist-bench npx playwright test test/e2e/bench.spec.ts
 */
import { expect, test } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPipeline } from "../../bench/fast";
import { SIZES, writeUniverseCsv } from "../../bench/universe";
import { openDuckDbNative } from "../../kernel/data/duckdbNative";

const port = Number(process.env.PW_PORT ?? 4173);
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    // 4190 is on Chromium's unsafe-port list; allow whichever port the server uses.
    args: [`--explicitly-allowed-ports=${port}`, "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  },
});

test("bench.html runs the small pipeline in the kernel worker with finite KPIs equal to the headless run's", async ({ page }) => {
  test.setTimeout(180_000);
  const small = SIZES.small;
  await page.goto("/bench.html");
  await expect(page.locator("#status")).toHaveText("ready");
  const r = await page.evaluate((s) => window.studioBench.runBench(s), { assets: small.assets, days: small.days, seed: small.seed });
  expect(r.errors).toEqual([]);
  for (const [stage, s] of Object.entries(r.stages)) expect(Number.isFinite(s) && s >= 0, `stage ${stage} = ${s}`).toBe(true);
  for (const k of ["total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "var_95", "es_95"]) {
    expect(Number.isFinite(r.kpis[k] as number), `kpi ${k} = ${r.kpis[k]}`).toBe(true);
  }
  expect(r.transfer.bytes).toBeGreaterThanOrEqual(small.assets * small.days * 8);

  const dir = mkdtempSync(join(tmpdir(), "bench-e2e-"));
  const engine = await openDuckDbNative();
  try {
    const file = join(dir, "small.csv");
    await writeUniverseCsv(file, small);
    const node = (await runPipeline(engine, file)).kpis as unknown as Record<string, number>;
    for (const k of ["total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "calmar", "win_rate", "best", "worst", "var_95", "es_95"]) {
      const a = r.kpis[k] as number, b = node[k];
      expect(Math.abs(a - b), `${k}: browser ${a}, node ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-3));
    }
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
