/**
 * The studio benchmark's measurement path (bench/studioMeasure.ts, `npm run bench --
 * --studio`) run once: start-up marks, the momentum example's full run, one parameter
 * change. Only sanity is checked (finite, positive, the chart really changed, the long-task
 * observer installed); the targets live in the benchmark, not here.
 */
import { test, expect } from "@playwright/test";
import { installProbes, measureParamChange, measureStartup, openAndRunExample } from "../../bench/studioMeasure";

test("the studio's timings: start-up marks, a full run, a parameter change to a new chart", async ({ page, baseURL }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1400, height: 900 });
  await installProbes(page);

  const s = await measureStartup(page, `${baseURL}/`);
  for (const v of [s.interactive, s.cells, s.kernel, s.engine, s.firstResult, s.domContentLoaded]) {
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(0);
  }
  // Interactive is the last of its parts: the first computing cell (SQL here) mounted with an editor that takes
  // input (the textarea until Monaco), and the kernel holding the document; it does not wait for DuckDB.
  expect(s.editor).not.toBeNull();
  expect(s.interactive).toBeGreaterThanOrEqual(Math.max(s.cells, s.kernel, s.editor!));
  // A cold start has nothing cached: the first result shown was computed, so DuckDB was up before it.
  expect(s.firstResult).toBeGreaterThan(s.engine);
  if (s.monaco !== null) expect(s.monaco).toBeGreaterThanOrEqual(s.editor!);
  expect(Array.isArray(s.longTasks)).toBe(true);
  expect(await page.evaluate(() => window.__studioBench?.installed)).toBe(true);

  const run = await openAndRunExample(page, "momentum");
  expect(run.errors).toEqual([]);
  expect(run.ms).toBeGreaterThan(0);
  expect(run.charts).toBeGreaterThan(0);
  expect(Array.isArray(run.longTasks)).toBe(true);
  for (const t of run.longTasks) expect(t.duration).toBeGreaterThanOrEqual(50); // the API rounds durations to whole ms

  const paths = () => page.locator('.notebook .cell[data-cell-name="momentum"] .cell-output svg path').evaluateAll((ps) => ps.map((p) => p.getAttribute("d") ?? "").join("|"));
  const before = await paths();
  expect(before.length).toBeGreaterThan(0);
  const c = await measureParamChange(page, "momentum", "lookback", 200);
  expect(Number.isFinite(c.toChart) && c.toChart > 0).toBe(true);
  expect(c.toSettled).toBeGreaterThanOrEqual(c.toChart);
  expect(c.changed).toBe(true);
  expect(c.after).not.toBe(c.before);
  expect(Array.isArray(c.longTasks)).toBe(true);
  await expect(page.locator('.notebook .cell[data-cell-name="momentum"] input[name="lookback"]')).toHaveValue("200");
  const after = await paths();
  expect(after).not.toBe(before);
  // The momentum chart (20 lines) is drawn in steps (studio/outputs/steppedPlot.ts) joined into one SVG:
  // all its lines are there, and its tooltip answers the pointer as one Plot call's does.
  const chart = page.locator('.notebook .cell[data-cell-name="momentum"] .cell-output svg[class^="plot-"]').first();
  expect(await chart.locator('g[aria-label="line"] > path').count()).toBeGreaterThan(10);
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  await page.mouse.move(box.x + box.width * 0.61, box.y + box.height * 0.5);
  await expect(chart.locator('g[aria-label="tip"] text')).toContainText(/column[^]*Date/);
  await page.screenshot({ path: "test-results/studio-timings.png" });
  expect(errors).toEqual([]);
});
