/**
 * Offline end to end: after one visit the service worker has precached the
 * build (DuckDB's wasm and the bundled data included); with the network off, a
 * reload opens the studio and the starter notebook runs a new SQL query, which
 * needs DuckDB started from the cached wasm and the bundled CSV from the cache.
 */
import { test, expect, type Page } from "@playwright/test";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve } from "node:path";

/** Rows of the bundled S&P 500 file dated 2010 or later. */
const SINCE_2010 = readFileSync(resolve(process.cwd(), "public/data/sp500-2000.csv"), "utf8").trim().split("\n").slice(1).filter((l) => l.slice(0, 10) >= "2010-01-01").length;

const cell = (page: Page, name: string) => page.locator(`.notebook .cell[data-cell-name="${name}"]`);

/** Where the app's main and boot chunks came from, as the service worker reports it. */
const chunkSources = (page: Page) => page.evaluate(() => performance.getEntriesByType("resource").filter((e) => /\/assets\/(main|boot)-[^/]*\.js$/.test(e.name))
  .map((e) => (e as PerformanceResourceTiming & { workerFinalSourceType?: string }).workerFinalSourceType));

/** Give the SQL cell a query never run before (from 2010 on): it needs DuckDB and the bundled CSV. */
const queryFrom2010 = (page: Page) => page.evaluate(() => {
  const c = window.studio.store.getState().cells.find((x) => x.name === "prices")!;
  window.studio.store.dispatch({ op: "setSource", id: c.id, source: "select date, close from sp500 where date >= DATE '2010-01-01' order by date" });
});

/** Entries of the Workbox precache, and whether DuckDB's wasm and the S&P 500 CSV are among them. */
function precache(page: Page) {
  return page.evaluate(async () => {
    for (const name of await caches.keys()) {
      if (!name.includes("precache")) continue;
      const urls = (await (await caches.open(name)).keys()).map((r) => r.url);
      return { entries: urls.length, duckdb: urls.some((u) => /duckdb-eh[^/]*\.wasm/.test(u)), data: urls.some((u) => u.includes("sp500-2000.csv")) };
    }
    return { entries: 0, duckdb: false, data: false };
  });
}

test("offline after one visit: a reload with the network off opens the studio and the starter notebook runs", async ({ page, context }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  await expect(page.locator(".app-header")).toBeVisible();
  await expect(cell(page, "summary")).toHaveAttribute("data-status", "done", { timeout: 90_000 });

  // The service worker is installed (its install step is the precache) and active.
  const state = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active?.state;
  });
  expect(state === "activated" || state === "activating").toBe(true);
  await expect.poll(() => precache(page), { timeout: 120_000, intervals: [1000, 2000] }).toMatchObject({ duckdb: true, data: true });
  expect((await precache(page)).entries).toBeGreaterThan(50);

  // Offline from here on.
  await context.setOffline(true);
  const notFromCache: string[] = [];
  page.on("response", (r) => { if (/^https?:/.test(r.url()) && !r.fromServiceWorker()) notFromCache.push(r.url()); });
  page.on("requestfailed", (r) => { if (/^https?:/.test(r.url())) notFromCache.push(`failed: ${r.url()}`); });
  await page.reload();
  await expect(page.locator(".app-header")).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  // The app's chunks came from the precache through the worker's static routes (public/sw-routes.js), not its fetch handler.
  const sources = await chunkSources(page);
  expect(sources.length).toBe(2);
  expect(sources).toEqual(["cache", "cache"]);

  // A query that was never run: DuckDB must start (wasm from the cache) and read the bundled CSV.
  await queryFrom2010(page);
  await page.getByRole("button", { name: "▶ Run all" }).click().catch(() => undefined);
  // The new rows reach the SQL cell and, through the RSI, the summary.
  const result = () => page.evaluate(() => {
    const st = window.studio.session.getState();
    const of = (n: string) => { const id = window.studio.store.getState().cells.find((x) => x.name === n)!.id; return { ev: st.events[id], value: st.values[id]?.value }; };
    const p = of("prices"), s = of("summary");
    return {
      status: [p.ev?.status, of("rsi").ev?.status, s.ev?.status].join(","),
      rows: (p.value as { rowCount?: number } | undefined)?.rowCount,
      // The file has 2,590 rows from 2010-01-04 to 2020-04-17; RSI(14) leaves the first 14 undefined.
      days: (s.value as { days?: number } | undefined)?.days,
    };
  });
  await expect.poll(result, { timeout: 120_000 }).toEqual({ status: "done,done,done", rows: SINCE_2010, days: SINCE_2010 - 14 });
  await expect(cell(page, "rsi").locator(".cell-output svg").first()).toBeVisible();
  expect(notFromCache).toEqual([]);
  await page.screenshot({ path: "test-results/issue7-offline.png" });
  expect(errors).toEqual([]);
  await context.setOffline(false);
});

test("a host that sends Vary: Accept-Encoding: the precached copies are kept as they came (not stored twice), and the studio works offline", async ({ browser }) => {
  test.setTimeout(240_000);
  // The build `vite preview` serves, served again as many hosts do: with `Vary: Accept-Encoding` and no Origin.
  const dist = resolve(process.cwd(), process.env.PW_DIST ?? "dist");
  const types: Record<string, string> = { ".js": "text/javascript", ".html": "text/html", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml", ".csv": "text/csv" };
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? "/", "http://host").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = join(dist, normalize(path));
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", vary: "Accept-Encoding", "cache-control": "no-cache" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/`);
    await expect(cell(page, "summary")).toHaveAttribute("data-status", "done", { timeout: 90_000 });
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state), { timeout: 120_000 }).toBe("activated");
    await expect.poll(() => precache(page), { timeout: 120_000, intervals: [1000, 2000] }).toMatchObject({ duckdb: true, data: true });

    await context.setOffline(true);
    await page.reload();
    await expect(page.locator(".app-header")).toBeVisible({ timeout: 30_000 });
    expect(await chunkSources(page)).toEqual(["cache", "cache"]); // the static routes match copies that kept their Vary
    // A query never run before needs DuckDB, started from its cached wasm, and the bundled CSV.
    await page.waitForFunction(() => performance.getEntriesByName("studio:kernel").length > 0, null, { timeout: 60_000 });
    await queryFrom2010(page);
    await expect.poll(() => page.evaluate(() => {
      const st = window.studio.session.getState();
      const c = window.studio.store.getState().cells.find((x) => x.name === "prices")!;
      return st.events[c.id]?.status === "done" ? (st.values[c.id]?.value as { rowCount?: number } | undefined)?.rowCount : null;
    }), { timeout: 90_000 }).toBe(SINCE_2010);
    // Long after the worker's activation: every asset's copy still has the Vary header it came with.
    const varies = await page.evaluate(async () => {
      const name = (await caches.keys()).find((n) => n.includes("precache"))!;
      const cache = await caches.open(name);
      const assets = (await cache.keys()).filter((r) => r.url.includes("/assets/"));
      return [...new Set(await Promise.all(assets.map(async (r) => (await cache.match(r))?.headers.get("vary") ?? null)))];
    });
    expect(varies).toEqual(["Accept-Encoding"]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    server.close();
  }
});
