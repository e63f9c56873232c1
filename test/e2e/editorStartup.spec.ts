/**
 * A cell can be edited before Monaco arrives: the stand-in textarea takes input, the text
 * reaches the document and the kernel (the cell's result follows it), and Monaco then takes
 * over with the same text, the caret and the focus. Monaco's chunk and DuckDB's wasm are held
 * back by routes until the test lets them through: the run asked for meanwhile waits, and the
 * header says so.
 */
import { expect, test, type Route } from "@playwright/test";

test("typing into a SQL cell before Monaco loads reaches the store and the kernel; Monaco then shows the same text", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const held: Route[] = [], heldEngine: Route[] = [];
  let holding = true, holdingEngine = true;
  await page.route(/\/assets\/monaco-[^/]*\.js$/, (route) => { if (holding) held.push(route); else void route.continue(); });
  await page.route(/duckdb-eh[^/]*\.wasm$/, (route) => { if (holdingEngine) heldEngine.push(route); else void route.continue(); });

  await page.goto("/");
  const cell = page.locator('.notebook .cell[data-cell-name="prices"]');
  const area = cell.locator("textarea.code-fallback");
  await expect(area).toBeVisible();
  await expect(area).toHaveValue("select date, close from sp500 order by date");
  await expect.poll(() => held.length).toBeGreaterThan(0); // Monaco was asked for and is held back
  await expect(cell.locator(".monaco-editor")).toHaveCount(0);

  await area.click();
  await area.press("End");
  await area.pressSequentially(" limit 10");
  const source = () => page.evaluate(() => {
    const c = window.studio.store.getState().cells.find((x) => x.name === "prices");
    return c && "source" in c ? c.source : null;
  });
  await expect.poll(source).toBe("select date, close from sp500 order by date limit 10");

  // The edit's run (run on change) waits for DuckDB, and the header says so; then DuckDB is let in.
  await expect(page.getByTestId("engine-status")).toHaveText("waiting for the data engine…", { timeout: 10_000 });
  await expect.poll(() => heldEngine.length, { timeout: 30_000 }).toBeGreaterThan(0); // its wasm is asked for once DuckDB's module has loaded in the worker
  await expect(cell).not.toHaveAttribute("data-status", "done");
  holdingEngine = false;
  for (const r of heldEngine.splice(0)) await r.continue();
  await expect(page.getByTestId("engine-status")).toHaveCount(0, { timeout: 60_000 });

  // The kernel has the typed query: the cell's result (after DuckDB starts) has 10 rows.
  const rows = () => page.evaluate(() => {
    const { store, session } = window.studio;
    const c = store.getState().cells.find((x) => x.name === "prices")!;
    const v = session.getState().values[c.id]?.value as { kind?: string; rowCount?: number } | undefined;
    return session.getState().events[c.id]?.status === "done" && v?.kind === "table" ? v.rowCount ?? -1 : -1;
  });
  await expect.poll(rows, { timeout: 60_000 }).toBe(10);
  await expect(area).toBeVisible(); // still the textarea: Monaco is held

  // Let Monaco in: it replaces the textarea with the same text and keeps the caret at the end, focused.
  holding = false;
  for (const r of held.splice(0)) await r.continue();
  await expect(cell.locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
  await expect(area).toHaveCount(0);
  const shown = () => cell.locator(".monaco-editor .view-lines").evaluate((el) => (el as HTMLElement).innerText.replace(/\u00a0/g, " ").trim());
  await expect.poll(shown).toBe("select date, close from sp500 order by date limit 10");
  await page.keyboard.type("0");
  await expect.poll(source).toBe("select date, close from sp500 order by date limit 100");
  await expect.poll(rows, { timeout: 30_000 }).toBe(100);
  await page.screenshot({ path: "test-results/editor-startup.png" });
  expect(errors).toEqual([]);
});
