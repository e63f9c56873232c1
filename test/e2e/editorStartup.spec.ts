/**
 * A cell can be edited before Monaco arrives: the stand-in textarea takes input, the text
 * reaches the document and the kernel (the cell's result follows it), and Monaco then takes
 * over with the same text, the caret and the focus. Monaco's chunk and DuckDB's wasm are held
 * back by routes until the test lets them through: the run asked for meanwhile waits, and the
 * header says so.
 */
import { expect, test, type Page, type Route } from "@playwright/test";

/** The source of the open notebook's cell `name` in the document store. */
const sourceOf = (page: Page, name: string) => page.evaluate((name) => {
  const c = window.studio.store.getState().cells.find((x) => x.name === name);
  return c && "source" in c ? c.source : null;
}, name);

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
  const source = () => sourceOf(page, "prices");
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
  // Highlighted: the build keeps Monaco's SQL and TypeScript grammars (vite.config.ts, monacoLanguages), so a
  // line has tokens of more than one style (a language without its grammar is one plain token per line).
  const tokenStyles = (name: string) => page.locator(`.notebook .cell[data-cell-name="${name}"] .monaco-editor .view-lines span[class^="mtk"]`)
    .evaluateAll((spans) => new Set(spans.map((s) => s.className)).size);
  await expect.poll(() => tokenStyles("prices"), { timeout: 10_000 }).toBeGreaterThan(1);
  await expect.poll(() => tokenStyles("summary"), { timeout: 30_000 }).toBeGreaterThan(1);
  await page.keyboard.type("0");
  await expect.poll(source).toBe("select date, close from sp500 order by date limit 100");
  await expect.poll(rows, { timeout: 30_000 }).toBe(100);
  await page.screenshot({ path: "test-results/editor-startup.png" });
  expect(errors).toEqual([]);
});

test("Monaco takes the stand-in's box: an editor whose lines do not wrap keeps its height when Monaco replaces the textarea (no second layout, nothing below moves)", async ({ page }) => {
  // Every height a .monaco-host has had, in order, per host: each style change's old height, then the current one.
  await page.addInitScript(() => {
    const seen = new Map<HTMLElement, string[]>();
    const heightIn = (style: string | null) => /(?:^|;)\s*height:\s*([^;]+)/.exec(style ?? "")?.[1].trim() ?? "";
    // Every host in the page: one whose style never changed has had one height, its current one.
    (window as unknown as { hostHeights: () => [HTMLElement, string[]][] }).hostHeights = () => [...document.querySelectorAll<HTMLElement>(".monaco-host")].map((el) => {
      const list = seen.get(el) ?? [];
      return [el, list.at(-1) === el.style.height ? list : [...list, el.style.height]];
    });
    new MutationObserver((ms) => {
      for (const m of ms) {
        const el = m.target as HTMLElement;
        if (!el.classList?.contains("monaco-host")) continue;
        const list = seen.get(el) ?? [];
        const before = heightIn(m.oldValue);
        if (before && list.at(-1) !== before) list.push(before);
        seen.set(el, list);
      }
    }).observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ["style"] });
  });
  await page.goto("/"); // the starter notebook
  await expect.poll(() => page.evaluate(() => !!window.studio && document.querySelectorAll(".notebook .cell").length === window.studio.store.getState().cells.length), { timeout: 30_000 }).toBe(true);
  const hosts = page.locator(".notebook .monaco-host");
  // Each host's textarea is replaced by Monaco (scrolled into view, so that every one is made).
  const n = await hosts.count();
  for (let i = 0; i < n; i++) {
    await hosts.nth(i).scrollIntoViewIfNeeded();
    await expect(hosts.nth(i).locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
  }
  // Per host: its heights, and whether Monaco wraps a line (then its content is taller than its text: it grows, as it must).
  const hostsSeen = await page.evaluate(() => {
    const heights = (window as unknown as { hostHeights: () => [HTMLElement, string[]][] }).hostHeights();
    return heights.map(([el, h]) => {
      const name = el.closest(".cell")?.getAttribute("data-cell-name");
      const cell = window.studio.store.getState().cells.find((c) => c.name === name);
      const lines = cell && "source" in cell ? cell.source.split("\n").length : -1;
      return { name, heights: h, lines, shown: el.querySelectorAll(".view-lines .view-line").length };
    });
  });
  const unwrapped = hostsSeen.filter((h) => h.shown === h.lines);
  expect(unwrapped.some((h) => h.lines > 2)).toBe(true); // a code cell of several lines is among them
  for (const h of unwrapped) expect(h.heights, h.name ?? "").toHaveLength(1); // one height from the stand-in to Monaco
});

test("Ctrl/Cmd+Enter in a Monaco editor runs its cell again (and only the focused one), without a new line", async ({ page }) => {
  await page.goto("/"); // the starter notebook: SQL `prices` and code `summary`
  const runsOf = (name: string) => page.evaluate((name) => {
    const { store, session } = window.studio;
    const c = store.getState().cells.find((x) => x.name === name)!;
    const st = session.getState();
    return st.running ? -1 : st.events[c.id]?.status === "done" ? st.runs[c.id] ?? 0 : -1;
  }, name);
  for (const name of ["prices", "summary"]) {
    const host = page.locator(`.notebook .cell[data-cell-name="${name}"] .monaco-host`);
    await host.scrollIntoViewIfNeeded();
    await expect(host.locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
  }
  await expect.poll(() => runsOf("summary"), { timeout: 60_000 }).toBeGreaterThanOrEqual(0);
  const [prices0, summary0, text0] = [await runsOf("prices"), await runsOf("summary"), await sourceOf(page, "summary")];
  await page.locator('.notebook .cell[data-cell-name="summary"] .monaco-editor .view-lines').click();
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect.poll(() => runsOf("summary"), { timeout: 30_000 }).toBe(summary0 + 1);
  expect(await runsOf("prices")).toBe(prices0); // upstream of summary: not re-run
  expect(await sourceOf(page, "summary")).toBe(text0); // no line inserted
  // The other editor, focused: its own cell (and what depends on it) runs.
  await page.locator('.notebook .cell[data-cell-name="prices"] .monaco-editor .view-lines').click();
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect.poll(() => runsOf("prices"), { timeout: 30_000 }).toBe(prices0 + 1);
});

test("an editor whose cell left the page is reused by the next cell that needs one: it shows and edits that cell's text", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/"); // the starter notebook: two editors
  for (const name of ["prices", "summary"]) {
    const host = page.locator(`.notebook .cell[data-cell-name="${name}"] .monaco-host`);
    await host.scrollIntoViewIfNeeded();
    await expect(host.locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
  }
  await page.evaluate(() => document.querySelectorAll<HTMLElement>(".monaco-box").forEach((b) => { b.dataset.starter = "yes"; }));
  await page.getByTestId("open-examples").click();
  await page.locator('.examples-pop [data-example="momentum"]').click();
  await expect.poll(() => page.evaluate(() => window.studio.store.getState().id.includes("momentum"))).toBe(true);
  // The example's SQL cell (one line) gets an editor: one of the starter's, moved, with the new text.
  await expect(page.locator('.notebook .cell[data-cell-name="ic_summary"]')).toHaveCount(1, { timeout: 30_000 });
  const cell = page.locator('.notebook .cell[data-cell-name="prices"]');
  await cell.scrollIntoViewIfNeeded();
  await expect(cell.locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
  await expect(cell.locator('.monaco-box[data-starter="yes"]')).toHaveCount(1);
  const text = (await sourceOf(page, "prices"))!;
  const shown = () => cell.locator(".monaco-editor .view-lines").evaluate((el) => (el as HTMLElement).innerText.replace(/\u00a0/g, " ").replace(/\s+/g, " ").trim());
  await expect.poll(shown).toBe(text.replace(/\s+/g, " ").trim());
  // Typing edits this cell, not the starter's.
  await cell.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type(" -- mine");
  await expect.poll(() => sourceOf(page, "prices")).toBe(`${text} -- mine`);
  // Parked editors are out of the page: every box in it is in a cell's host.
  expect(await page.locator(".monaco-box").count()).toBe(await page.locator(".notebook .monaco-host > .monaco-box").count());
  expect(errors).toEqual([]);
});
