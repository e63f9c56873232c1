/**
 * Run history end to end: the momentum example's backtest runs, its cost_bps is
 * changed and it runs again; the Runs panel lists both runs, and comparing them
 * shows the differing parameter highlighted, the KPIs side by side and the two
 * equity curves overlaid in one chart.
 */
import { test, expect, type Page } from "@playwright/test";

const cell = (page: Page, name: string) => page.locator(`.notebook .cell[data-cell-name="${name}"]`);

async function open(page: Page) {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  await expect(page.locator(".app-header")).toBeVisible();
}

/** The backtest cell's status and content hash, from the session. */
function backtestEvent(page: Page) {
  return page.evaluate(() => {
    const c = window.studio.store.getState().cells.find((x) => x.name === "backtest");
    const ev = c ? window.studio.session.getState().events[c.id] : undefined;
    return ev ? `${ev.status}:${ev.hash ?? ""}` : "none";
  });
}

test("two backtest runs with different cost_bps: listed, compared (params, KPIs, equity overlaid)", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await open(page);
  await page.getByTestId("open-examples").click();
  await page.locator('.examples-pop [data-example="momentum"]').click();
  await expect(page.getByLabel("notebook title")).toHaveValue(/Momentum/);
  await expect(cell(page, "backtest")).toHaveAttribute("data-status", "done", { timeout: 110_000 });
  const first = await backtestEvent(page);

  // Change the cost and run again.
  const cost = cell(page, "backtest").locator('input[name="cost_bps"]');
  await cost.fill("50");
  await cost.blur();
  await page.getByRole("button", { name: "▶ Run all" }).click().catch(() => undefined);
  await expect.poll(() => backtestEvent(page), { timeout: 60_000 }).toMatch(/^done:/);
  await expect.poll(() => backtestEvent(page), { timeout: 60_000 }).not.toBe(first);

  await page.getByTestId("open-runs").click();
  const panel = page.getByTestId("runs-panel");
  const rows = panel.locator(".runs-table").first().locator("tbody tr", { hasText: "backtest.run" });
  await expect(rows).toHaveCount(2, { timeout: 10_000 });
  await rows.nth(0).getByRole("checkbox").check();
  await rows.nth(1).getByRole("checkbox").check();

  const cmp = page.getByTestId("runs-compare");
  await expect(cmp).toBeVisible();
  const differs = cmp.locator("tr.differs");
  await expect(differs.filter({ hasText: "cost_bps" })).toHaveCount(1);
  // only the cost differs (same block, bindings and data)
  await expect(differs).toHaveCount(1);
  const costRow = differs.filter({ hasText: "cost_bps" });
  await expect(costRow).toContainText("50");
  await expect(costRow).toContainText("10");
  // KPIs side by side: a sharpe row with two numbers, and the costlier run earns less
  const kpis = cmp.getByTestId("runs-kpis");
  const sharpe = kpis.locator("tr", { has: page.locator("td:first-child", { hasText: /^sharpe$/ }) });
  await expect(sharpe.locator("td.num")).toHaveCount(2);
  const total = await kpis.locator("tr", { has: page.locator("td:first-child", { hasText: /^total_return$/ }) }).locator("td.num").allInnerTexts();
  expect(total).toHaveLength(2);
  // rows are newest first: run 0 is cost 50, run 1 is cost 10
  const nums = total.map((t) => Number(t.replace(/,/g, "")));
  expect(nums.every(Number.isFinite)).toBe(true);
  expect(nums[0]).toBeLessThan(nums[1]);
  // equity curves overlaid: one chart, one line per run
  const chart = cmp.locator("svg.plot, svg[class*=plot]").first();
  await expect(chart).toBeVisible();
  await expect(chart.locator('[aria-label="line"] path')).toHaveCount(2);
  await page.waitForTimeout(300);
  await page.screenshot({ path: "test-results/issue7-runs-panel.png" });
  expect(errors).toEqual([]);
});
