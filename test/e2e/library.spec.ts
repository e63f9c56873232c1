/**
 * The data library end to end: a CSV dropped on the library is previewed with
 * its column types, mapped to standard names, kept in IndexedDB and usable from
 * SQL after a reload; a 1,000,000-row CSV loads with a progress bar while the
 * page keeps painting.
 */
import { test, expect, type Page } from "@playwright/test";

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/library-${name}.png` });
const cell = (page: Page, name: string) => page.locator(`.notebook .cell[data-cell-name="${name}"]`);

async function open(page: Page) {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  await expect(page.locator(".app-header")).toBeVisible();
}

/** A DataTransfer holding a file made in the page. */
function transfer(page: Page, name: string, makeText: string, arg: unknown) {
  return page.evaluateHandle(({ name, makeText, arg }) => {
    const make = new Function("arg", makeText) as (a: unknown) => BlobPart[];
    const dt = new DataTransfer();
    dt.items.add(new File(make(arg), name, { type: "text/csv" }));
    return dt;
  }, { name, makeText, arg });
}

/** Drop it on a drop target (real dragover and drop events). */
async function drop(page: Page, selector: string, dt: Awaited<ReturnType<typeof transfer>>) {
  await page.dispatchEvent(selector, "dragover", { dataTransfer: dt });
  await page.dispatchEvent(selector, "drop", { dataTransfer: dt });
}

test("drop a CSV into the library -> preview and types -> map columns -> in SQL after a reload", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (process.env.PW_DEBUG_CONSOLE) console.log("console:", m.text()); });
  await open(page);
  await page.getByTestId("open-library").click();
  const csv = "Day,Ticker,Px Last,Vol\n2024-01-02,AAA,10.5,100\n2024-01-03,AAA,11,120\n2024-01-02,BBB,20,300\n2024-01-03,BBB,19.5,310\n";
  await drop(page, '[data-testid="library-drop"]', await transfer(page, "desk prices.csv", "return [arg];", csv));
  const item = page.locator('[data-testid="library-item"][data-name="desk_prices"]');
  await expect(item.or(page.locator(".toast-error"))).toBeVisible({ timeout: 60_000 });
  await expect(page.locator(".toast-error")).toHaveCount(0);
  await expect(item).toBeVisible();
  const preview = item.getByTestId("library-preview");
  await expect(preview.locator("tbody tr")).toHaveCount(4);
  await expect(preview).toContainText("DATE");
  await expect(preview).toContainText("DOUBLE");
  await expect(item).toContainText("4 rows");
  // the names are not standard: the mapping form is open with a guess
  const form = item.getByTestId("mapping-form");
  await expect(form).toBeVisible();
  await expect(form.getByLabel("date", { exact: true })).toHaveValue("Day");
  await expect(form.getByLabel("symbol", { exact: true })).toHaveValue("Ticker");
  await form.getByLabel("close", { exact: true }).selectOption("Px Last");
  await shot(page, "preview");
  await page.screenshot({ path: "test-results/issue7-library-preview.png" });
  await form.getByRole("button", { name: "Save mapping" }).click();
  await expect(form).toBeHidden();
  await item.getByRole("button", { name: "Add to notebook" }).click();
  await expect(item.getByRole("button", { name: "in notebook" })).toBeVisible();
  await expect(cell(page, "desk_prices_std")).toHaveAttribute("data-status", "done", { timeout: 60_000 });

  await page.reload();
  // The file is still in the library and DuckDB (in the worker) has it again.
  await page.getByTestId("open-library").click();
  await expect(page.locator('[data-testid="library-item"][data-name="desk_prices"]')).toContainText("4 rows");
  await page.evaluate(() => {
    const s = window.studio.store;
    s.dispatch({ op: "addCell", cell: { id: "e2e-sql", name: "check", kind: "sql", source: "select symbol, avg(close) as avg_close from desk_prices_std group by symbol order by symbol" } });
  });
  await expect(cell(page, "check")).toHaveAttribute("data-status", "done", { timeout: 90_000 });
  const rows = await page.evaluate(async () => {
    const v = window.studio.session.getState().values["e2e-sql"]?.value as { columns: Record<string, ArrayLike<unknown>> };
    return { symbol: Array.from(v.columns.symbol), avg: Array.from(v.columns.avg_close as ArrayLike<number>) };
  });
  expect(rows).toEqual({ symbol: ["AAA", "BBB"], avg: [10.75, 19.75] });
  await page.getByTestId("open-library").click();
  await cell(page, "check").scrollIntoViewIfNeeded();
  await shot(page, "sql-after-reload");
  expect(errors).toEqual([]);
});

test("a 1,000,000-row CSV loads with a progress bar and the page keeps painting", async ({ page }) => {
  test.setTimeout(180_000);
  await open(page);
  await page.getByTestId("open-library").click();
  const make = `
    const rows = arg, parts = ["date,symbol,close,volume\\n"];
    const syms = ["AAA","BBB","CCC","DDD","EEE","FFF","GGG","HHH","III","JJJ"];
    let chunk = "";
    for (let i = 0; i < rows; i++) {
      const d = new Date(Date.UTC(2000, 0, 3) + Math.floor(i / 10) * 86400000).toISOString().slice(0, 10);
      chunk += d + "," + syms[i % 10] + "," + (100 + (i % 997) / 10).toFixed(2) + "," + (1000 + i % 5000) + "\\n";
      if (chunk.length > 1 << 20) { parts.push(chunk); chunk = ""; }
    }
    parts.push(chunk);
    return parts;`;
  const dt = await transfer(page, "big.csv", make, 1_000_000);
  // Frame gaps while loading: the longest one says whether the page froze.
  await page.evaluate(() => {
    const w = window as unknown as { gaps: number[]; watching: boolean };
    w.gaps = [];
    w.watching = true;
    let last = performance.now();
    const tick = (t: number) => { w.gaps.push(t - last); last = t; if (w.watching) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await drop(page, '[data-testid="library-drop"]', dt);
  await expect(page.getByTestId("library-progress")).toBeVisible();
  await shot(page, "big-progress");
  const item = page.locator('[data-testid="library-item"][data-name="big"]');
  await expect(item).toContainText("1,000,000 rows", { timeout: 150_000 });
  const gaps = await page.evaluate(() => { const w = window as unknown as { gaps: number[]; watching: boolean }; w.watching = false; return w.gaps; });
  const longest = Math.max(...gaps.slice(1));
  console.log(`frames ${gaps.length}, longest gap ${longest.toFixed(0)} ms`);
  // Loading 1M rows on the page itself would freeze it for several seconds. The test's own
  // 40 MB of generated CSV strings on this page can cost a major GC pause of up to about a
  // second on a loaded 2-core machine, so the bound is 2 s.
  expect(longest).toBeLessThan(2000);
  await expect(item.getByTestId("library-preview").locator("tbody tr")).toHaveCount(50);
  await shot(page, "big-loaded");
});
