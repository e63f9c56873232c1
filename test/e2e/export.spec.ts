/**
 * Exports end to end, on the starter notebook: a cell's ⤓ menu downloads CSV
 * (header and row count), Parquet (DuckDB's for a SQL cell, parquet-wasm's for a
 * block's series; read back in Node), the chart as SVG and PNG; the HTML report
 * opens from disk with the network blocked and still has its prose, an inline
 * chart and the KPIs.
 */
import { test, expect, type Page, type Locator } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { parquetToIpc } from "../../kernel/data/parquet";
import { initParquetNode } from "../../kernel/data/parquetNode";

const cell = (page: Page, name: string) => page.locator(`.notebook .cell[data-cell-name="${name}"]`);

/** Data rows of the bundled S&P 500 file (what `select date, close from sp500` returns). */
const SP500_ROWS = readFileSync(resolve(process.cwd(), "public/data/sp500-2000.csv"), "utf8").trim().split("\n").length - 1;

async function open(page: Page) {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  await expect(page.locator(".app-header")).toBeVisible();
  await expect(cell(page, "summary")).toHaveAttribute("data-status", "done", { timeout: 90_000 });
}

async function menu(page: Page, name: string): Promise<Locator> {
  await cell(page, name).getByRole("button", { name: "export" }).click();
  const m = cell(page, name).getByTestId("export-menu");
  await expect(m).toBeVisible();
  return m;
}

async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent("download"), button.click()]);
  expect(await d.failure()).toBeNull();
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

async function parquetRows(bytes: Buffer): Promise<{ rows: number; columns: string[] }> {
  await initParquetNode();
  const t = tableFromIPC(parquetToIpc(new Uint8Array(bytes)));
  return { rows: t.numRows, columns: t.schema.fields.map((f) => f.name) };
}

test("a cell's ⤓ menu: CSV and Parquet of a SQL cell, Parquet of a block's series, the chart as SVG and PNG", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await open(page);

  // CSV of the SQL cell: its header line and every row.
  let m = await menu(page, "prices");
  await expect(m).toContainText(`${SP500_ROWS.toLocaleString("en-US")} rows`);
  await page.screenshot({ path: "test-results/issue7-export-menu.png" });
  const csv = await download(page, m.getByRole("menuitem", { name: "CSV" }).first());
  expect(csv.name).toBe("prices.csv");
  const lines = csv.bytes.toString("utf8").trimEnd().split("\n");
  expect(lines[0]).toBe("date,close");
  expect(lines.length - 1).toBe(SP500_ROWS);
  expect(lines[1]).toMatch(/^2000-01-03,\d+(\.\d+)?$/);

  // Parquet of the SQL cell (written by DuckDB in the worker).
  m = await menu(page, "prices");
  const pq = await download(page, m.getByRole("menuitem", { name: "Parquet" }).first());
  expect(pq.name).toBe("prices.parquet");
  expect(pq.bytes.subarray(0, 4).toString("latin1")).toBe("PAR1");
  expect(pq.bytes.subarray(pq.bytes.length - 4).toString("latin1")).toBe("PAR1");
  expect(await parquetRows(pq.bytes)).toEqual({ rows: SP500_ROWS, columns: ["date", "close"] });

  // Parquet of a block's series (written on the page by parquet-wasm).
  m = await menu(page, "rsi");
  await expect(m).toContainText("values");
  const rq = await download(page, m.getByRole("menuitem", { name: "Parquet" }).first());
  expect(rq.name).toBe("rsi-values.parquet");
  expect(rq.bytes.subarray(0, 4).toString("latin1")).toBe("PAR1");
  const r = await parquetRows(rq.bytes);
  expect(r.rows).toBe(SP500_ROWS);
  expect(r.columns[0]).toBe("date");

  // The RSI chart as SVG and as PNG (drawn at twice the size on the page).
  await expect(cell(page, "rsi").locator(".cell-output svg").first()).toBeVisible();
  m = await menu(page, "rsi");
  const svg = await download(page, m.getByRole("menuitem", { name: "SVG" }).first());
  expect(svg.name).toMatch(/^rsi-chart1\.svg$/);
  const svgText = svg.bytes.toString("utf8").replace(/^<\?xml[^>]*>\s*/, "");
  expect(svgText.startsWith("<svg")).toBe(true);
  expect(svgText).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svgText).not.toMatch(/var\(--/);
  expect(svgText).toContain("<path");
  m = await menu(page, "rsi");
  const png = await download(page, m.getByRole("menuitem", { name: "PNG" }).first());
  expect(png.name).toBe("rsi-chart1.png");
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = png.bytes.readUInt32BE(16), height = png.bytes.readUInt32BE(20);
  const svgWidth = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svgText)?.[1]);
  expect(width).toBe(Math.round(svgWidth) * 2);
  expect(height).toBeGreaterThan(100);
  expect(errors).toEqual([]);
});

test("the HTML report opens from disk with the network blocked: prose, an inline chart, KPIs", async ({ page, browser }, info) => {
  await open(page);
  await page.getByTestId("open-share").click();
  const report = await download(page, page.getByTestId("export-report"));
  expect(report.name).toMatch(/\.html$/);
  const file = info.outputPath("report.html");
  writeFileSync(file, report.bytes);

  const ctx = await browser.newContext();
  const requests: string[] = [];
  // Every http(s) request fails (the file itself is read from disk).
  await ctx.route("**", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const offline = await ctx.newPage();
  offline.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
  await offline.setViewportSize({ width: 1000, height: 900 });
  await offline.goto(`file://${file}`);
  await expect(offline.locator("h1").first()).toHaveText("S&P 500 momentum check");
  await expect(offline.locator(".prose").first()).toContainText("Wilder RSI");
  const chart = offline.locator("section.cell svg").first();
  await expect(chart).toBeVisible();
  expect(await offline.locator("section.cell svg path").count()).toBeGreaterThan(0);
  const kpi = offline.locator(".kpi", { hasText: "last_rsi" });
  await expect(kpi).toHaveCount(1);
  await expect(kpi.locator(".v")).toHaveText(/^\d+(\.\d+)?$/);
  expect(await offline.locator("script").count()).toBe(0);
  expect(requests).toEqual([]);
  await offline.screenshot({ path: "test-results/issue7-report-offline.png" });
  await ctx.close();
});
