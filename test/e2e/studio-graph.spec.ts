/**
 * The graph view's layout: a notebook with no saved positions is laid out by
 * dependency depth (no two nodes overlap), and a block picked from the catalog
 * lands beside the selected node, on screen.
 */
import { test, expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const momentum = JSON.parse(readFileSync(resolve(process.cwd(), "notebooks/momentum.json"), "utf8"));

async function boxes(page: Page) {
  return page.locator(".react-flow__node").evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { id: e.getAttribute("data-id") ?? "", x: r.x, y: r.y, w: r.width, h: r.height };
  }));
}

test("a notebook without positions is laid out by dependency depth, with no overlapping nodes", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1500, height: 950 });
  await page.goto("/?view=graph");
  await expect(page.locator(".app-header")).toBeVisible();
  await page.evaluate((nb) => window.studio.store.load({ ...nb, id: "layout-test", graph: { positions: {} } }, { trusted: true }), momentum);
  await expect(page.locator(".react-flow__node")).toHaveCount(momentum.cells.length);
  await page.locator(".react-flow__controls-fitview").click();
  await page.waitForTimeout(400);
  const bs = await boxes(page);
  for (let i = 0; i < bs.length; i++) for (let j = i + 1; j < bs.length; j++) {
    const a = bs[i], b = bs[j];
    const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
  }
  // Depth columns: prices (uses nothing) left of momentum (uses prices) left of the backtest (deeper).
  const at = (name: string) => bs.find((b) => b.id === momentum.cells.find((c: { name: string }) => c.name === name).id)!;
  expect(at("prices").x).toBeLessThan(at("momentum").x);
  expect(at("momentum").x).toBeLessThan(at("backtest").x);
  await page.screenshot({ path: "test-results/studio-graph-layout.png" });

  // Pick a block with the backtest selected: the new node sits right of it, inside the canvas.
  await page.locator(`.react-flow__node[data-id="${at("backtest").id}"]`).click();
  await page.locator(".graph-catalog .catalog-search").fill("drawdown");
  const item = page.locator(".graph-catalog .catalog-item").first();
  await item.click();
  await expect(page.locator(".react-flow__node")).toHaveCount(momentum.cells.length + 1);
  await page.waitForTimeout(500);
  const after = await boxes(page);
  const fresh = after.find((b) => !bs.some((o) => o.id === b.id))!;
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  expect(fresh.x).toBeGreaterThanOrEqual(pane.x);
  expect(fresh.y).toBeGreaterThanOrEqual(pane.y);
  expect(fresh.x + fresh.w).toBeLessThanOrEqual(pane.x + pane.width + 1);
  expect(fresh.y).toBeLessThanOrEqual(pane.y + pane.height);
  const bt = after.find((b) => b.id === at("backtest").id)!;
  expect(fresh.x).toBeGreaterThan(bt.x + bt.w * 0.9);
  await page.screenshot({ path: "test-results/studio-graph-added.png" });
  if (process.env.EXAMPLE_SHOTS) await page.screenshot({ path: `${process.env.EXAMPLE_SHOTS}/graph-added.png` });
  expect(errors).toEqual([]);
});
