/**
 * The example notebooks end to end: each opens from the header's Examples menu,
 * runs in the worker with no cell in error, and draws its charts (the portfolio
 * example its efficient frontier). A full-page screenshot of each is kept in
 * test-results/example-<name>.png to look at.
 */
import { test, expect, type Page } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

interface NbFile { title: string; cells: { name: string; kind: string }[] }
const dir = resolve(process.cwd(), "notebooks");
const examples = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => ({ key: f.replace(/\.json$/, ""), nb: JSON.parse(readFileSync(resolve(dir, f), "utf8")) as NbFile }));

async function openStudio(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  await expect(page.locator(".app-header")).toBeVisible();
  return errors;
}

async function openExample(page: Page, key: string, title: string) {
  await page.getByTestId("open-examples").click();
  await page.locator(`.examples-pop [data-example="${key}"]`).click();
  await expect(page.getByLabel("notebook title")).toHaveValue(title);
}

/** Wait until every cell that computes has settled (done or error); returns the cells in error. */
async function settle(page: Page, nb: NbFile, timeout = 110_000): Promise<string[]> {
  const names = nb.cells.filter((c) => c.kind !== "markdown").map((c) => c.name);
  await expect.poll(async () => page.evaluate((ns) => {
    const st = window.studio.session.getState();
    const doc = window.studio.store.getState();
    return ns.filter((n) => {
      const c = doc.cells.find((x) => x.name === n);
      const s = c ? st.events[c.id]?.status : undefined;
      return s !== "done" && s !== "error";
    }).length;
  }, names), { timeout, intervals: [250, 500, 1000] }).toBe(0);
  return page.evaluate(() => {
    const st = window.studio.session.getState();
    return window.studio.store.getState().cells.filter((c) => st.events[c.id]?.status === "error").map((c) => `${c.name}: ${st.events[c.id]?.error?.message}`);
  });
}

for (const { key, nb } of examples) {
  test(`example ${key} opens from the Examples menu and runs with no cell in error`, async ({ page }) => {
    const errors = await openStudio(page);
    await openExample(page, key, nb.title);
    expect(await settle(page, nb)).toEqual([]);
    const computing = nb.cells.filter((c) => c.kind !== "markdown").map((c) => c.name);
    for (const name of computing) await expect(page.locator(`.notebook .cell[data-cell-name="${name}"]`)).toHaveAttribute("data-status", "done");
    // Let charts mount, then keep a picture of the whole notebook.
    await page.waitForTimeout(800);
    expect(await page.locator(".cell-output svg").count()).toBeGreaterThan(0);
    await expect(page.locator(".cell-output .field-error")).toHaveCount(0);
    // The notebook scrolls inside the app's main area: let the page grow so a full-page picture holds it all.
    await page.addStyleTag({ content: "html, body, #root, .app { height: auto !important; } .app-main { overflow: visible !important; }" });
    await page.waitForTimeout(300);
    if (key === "portfolios") {
      // The frontier with every portfolio on it: its title and a labelled marker per optimizer.
      const chart = page.locator('.notebook .cell[data-cell-name="chart"] .chart-frontier');
      await expect(chart.locator("h2")).toHaveText("chart: efficient frontier");
      for (const name of ["min variance", "max sharpe", "risk parity", "hrp", "black litterman"]) await expect(chart.locator("svg text", { hasText: new RegExp(`^${name}$`) })).toHaveCount(1);
      await expect(page.locator('.notebook .cell[data-cell-name="min_variance"] .chart-portfolio svg').first()).toBeVisible();
      await expect(page.locator('.notebook .cell[data-cell-name="cov"] .chart-matrix svg').first()).toBeVisible();
    }
    await page.screenshot({ path: `test-results/example-${key}.png`, fullPage: true });
    // EXAMPLE_SHOTS=<dir> keeps a copy and one picture per cell output (test-results/ is emptied by every Playwright run).
    const keep = process.env.EXAMPLE_SHOTS;
    if (keep) {
      await page.screenshot({ path: `${keep}/example-${key}.png`, fullPage: true });
      for (const name of computing) {
        const out = page.locator(`.notebook .cell[data-cell-name="${name}"] .cell-output`);
        if (await out.count()) await out.screenshot({ path: `${keep}/${key}/${name}.png` });
      }
    }
    expect(errors).toEqual([]);
  });
}

test("candlesticks: sp500 open/high/low/close with SMA overlays and crossover signals", async ({ page }) => {
  const errors = await openStudio(page);
  await openExample(page, "walkforward_sma", examples.find((e) => e.key === "walkforward_sma")!.nb.title);
  await page.evaluate(() => {
    const source = [
      "select date, open, high, low, close, sma20, sma50,",
      "  case when sma20 > sma50 then 1 else 0 end as signal",
      "from (select *, avg(close) over (order by date rows between 19 preceding and current row) as sma20,",
      "             avg(close) over (order by date rows between 49 preceding and current row) as sma50",
      "      from sp500) where date >= date '2019-01-01' order by date",
    ].join("\n");
    window.studio.store.dispatch({ op: "addCell", cell: { id: "candles_cell", name: "candles", kind: "sql", source }, index: 2 });
  });
  const out = page.locator('.notebook .cell[data-cell-name="candles"]');
  await expect(out).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  const chart = out.locator(".chart-candles svg").first();
  await expect(chart).toBeVisible();
  expect(await out.locator(".chart-candles svg [aria-label='dot'] path, .chart-candles svg [aria-label='dot'] circle").count()).toBeGreaterThan(0);
  await out.locator(".cell-output").scrollIntoViewIfNeeded();
  await out.locator(".cell-output").screenshot({ path: "test-results/example-candles.png" });
  if (process.env.EXAMPLE_SHOTS) await out.locator(".cell-output").screenshot({ path: `${process.env.EXAMPLE_SHOTS}/example-candles.png` });
  expect(errors).toEqual([]);
});

test("a 100,000-row SQL result scrolls smoothly: few rows in the DOM, frame gaps under 100 ms", async ({ page }) => {
  const errors = await openStudio(page);
  await openExample(page, "quickstart", examples.find((e) => e.key === "quickstart")!.nb.title);
  await page.evaluate(() => {
    const source = "select range as i, range * 0.5 as half, 'row ' || range as label from range(100000)";
    window.studio.store.dispatch({ op: "addCell", cell: { id: "big_cell", name: "big", kind: "sql", source }, index: 1 });
  });
  const cellEl = page.locator('.notebook .cell[data-cell-name="big"]');
  await expect(cellEl).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  const table = cellEl.locator(".data-table");
  await expect(table).toBeVisible();
  await expect(table).toHaveAttribute("aria-rowcount", "100000");
  // Show all 100k rows on one page, then scroll through them.
  await table.locator("select").selectOption("Infinity");
  await expect(table.locator(".dt-pager")).toContainText("1 / 1");
  await table.scrollIntoViewIfNeeded();
  // Let the page settle (the result is being kept in IndexedDB) before measuring.
  await page.waitForTimeout(1500);
  const result = await page.evaluate(async () => {
    const scroller = document.querySelector('.cell[data-cell-name="big"] .dt-scroll') as HTMLElement;
    const gaps: number[] = [];
    let last = performance.now();
    let maxRows = 0;
    const end = scroller.scrollHeight - scroller.clientHeight;
    for (let k = 0; k <= 120; k++) {
      // A long jump every tenth frame, small steps otherwise: a wheel and a dragged scrollbar.
      scroller.scrollTop = k % 10 === 9 ? Math.random() * end : Math.min(end, scroller.scrollTop + 240);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const t = performance.now();
      gaps.push(t - last);
      last = t;
      maxRows = Math.max(maxRows, scroller.querySelectorAll(".dt-row").length);
    }
    scroller.scrollTop = end;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null))));
    const lastRow = [...scroller.querySelectorAll(".dt-row")].map((r) => r.firstElementChild?.textContent ?? "").pop();
    return { worst: Math.max(...gaps.slice(1)), median: gaps.slice(1).sort((a, b) => a - b)[Math.floor(gaps.length / 2)], maxRows, lastRow, end };
  });
  console.log(`100k rows: worst frame gap ${result.worst.toFixed(1)} ms, median ${result.median.toFixed(1)} ms, at most ${result.maxRows} rows in the DOM`);
  expect(result.end).toBeGreaterThan(100_000 * 20);
  expect(result.maxRows).toBeLessThan(60);
  expect(result.lastRow).toBe("100000");
  expect(result.worst).toBeLessThan(100);
  expect(errors).toEqual([]);
});
