/**
 * The studio's measurements in Chromium (issue 8, item 6), shared by `npm run bench --
 * --studio` (bench/studio.ts) and its e2e test (test/e2e/studioTimings.spec.ts).
 *
 * Every time is read inside the page with the Performance APIs (milliseconds since the
 * page's navigation start, or between two performance.now() readings in the page), never
 * from Playwright's side of the wire:
 * - start-up: the app's `studio:interactive` mark (studio/perf.ts): the first cell that
 *   computes is mounted with an editor that accepts input (a textarea until Monaco arrives)
 *   and the kernel worker has opened the document (DuckDB may still be starting); then the
 *   later parts: Monaco in place, DuckDB up, and the first result shown (a MutationObserver
 *   installed before the app's scripts sees the first cell output drawn);
 * - parameter change: the input event's timeStamp (a capturing listener installed by
 *   `installProbes`) to the moment a MutationObserver sees a new chart SVG in the edited
 *   cell, whose paths differ from the chart before;
 * - long tasks: a PerformanceObserver({type: "longtask", buffered: true}) installed before
 *   any of the app's scripts, filtered to the window of a run (from the click or the input
 *   event to the last DOM change once every cell has settled).
 */
import type { BrowserContext, Page } from "@playwright/test";

export interface LongTask { start: number; duration: number; attribution: string }
export interface ProbeState { installed: boolean; longTasks: LongTask[]; inputs: { at: number; name: string; value: string }[]; firstResult: number | null }

declare global {
  interface Window { __studioBench?: ProbeState & { pending?: Promise<ChartChange> } }
}

/** Long tasks and input events, recorded from before the app's first script. */
export async function installProbes(context: BrowserContext | Page): Promise<void> {
  await context.addInitScript(() => {
    // tsx (esbuild's keepNames) wraps named arrow functions of evaluated code in __name(...).
    const g = globalThis as { __name?: unknown };
    if (!g.__name) g.__name = (f: unknown) => f;
    const st: ProbeState = { installed: false, longTasks: [], inputs: [], firstResult: null };
    window.__studioBench = st;
    // The first result shown: a cell's output drawn (cached or computed), from navigation start.
    const results = new MutationObserver(() => {
      if (document.querySelector(".notebook .cell-output > *") === null) return;
      st.firstResult = performance.now();
      results.disconnect();
    });
    results.observe(document, { childList: true, subtree: true });
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const attr = ((e as PerformanceEntry & { attribution?: { containerType?: string; containerName?: string; containerSrc?: string; name?: string }[] }).attribution ?? [])
            .map((a) => `${a.name ?? ""}/${a.containerType ?? ""}${a.containerSrc ? ` ${a.containerSrc}` : a.containerName ? ` ${a.containerName}` : ""}`).join(", ");
          st.longTasks.push({ start: e.startTime, duration: e.duration, attribution: attr });
        }
      }).observe({ type: "longtask", buffered: true });
      st.installed = true;
    } catch { /* no Long Tasks API: installed stays false */ }
    window.addEventListener("input", (e) => {
      const t = e.target as HTMLInputElement | null;
      st.inputs.push({ at: e.timeStamp, name: t?.name ?? "", value: t?.value ?? "" });
    }, true);
  });
}

export interface Startup {
  /** Navigation start to `studio:interactive`, ms. */
  interactive: number;
  /** The parts: first computing cell mounted, its editor accepting input, kernel opened the document. */
  cells: number; editor: number | null; kernel: number;
  /** Later: Monaco replaced the textarea, DuckDB-WASM up (network closed), first cell output drawn. */
  monaco: number | null; engine: number; firstResult: number;
  firstContentfulPaint: number | null; domContentLoaded: number;
  /** Long tasks between navigation start and interactive. */
  longTasks: LongTask[];
}

/**
 * Navigate (or reload) and wait for the app's `studio:interactive` mark, then for DuckDB and the
 * first result (their times come from the page, so waiting for them does not move interactive).
 */
export async function measureStartup(page: Page, url: string | null, timeout = 60_000): Promise<Startup> {
  if (url === null) await page.reload({ waitUntil: "commit" });
  else await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => performance.getEntriesByName("studio:interactive").length > 0, null, { timeout, polling: 100 });
  await page.waitForFunction(() => performance.getEntriesByName("studio:engine").length > 0 && window.__studioBench?.firstResult != null, null, { timeout, polling: 100 });
  return page.evaluate(() => {
    const at = (n: string) => performance.getEntriesByName(n)[0]?.startTime ?? null;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const interactive = at("studio:interactive")!;
    return {
      interactive, cells: at("studio:cells")!, editor: at("studio:editor"), kernel: at("studio:kernel")!,
      monaco: at("studio:monaco"), engine: at("studio:engine")!, firstResult: window.__studioBench!.firstResult!,
      firstContentfulPaint: at("first-contentful-paint"), domContentLoaded: nav ? nav.domContentLoadedEventEnd : 0,
      longTasks: (window.__studioBench?.longTasks ?? []).filter((t) => t.start <= interactive),
    };
  });
}

/** Wait until the service worker controls the page and has precached the build (warm starts need it). */
export async function waitServiceWorker(page: Page, timeout = 120_000): Promise<boolean> {
  return page.evaluate(async (ms) => {
    if (!("serviceWorker" in navigator)) return false;
    const ready = await Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
    return ready && (await caches.keys()).length > 0;
  }, timeout);
}

/**
 * As `--studio` measures a run: the service worker's install over (seconds of work on the browser's
 * threads after a first visit), the page reloaded from it (waiting for the `studio:kernel` mark, which
 * older builds have too), and the starter notebook settled. False when there was no service worker.
 */
export async function reloadAfterInstall(page: Page): Promise<boolean> {
  await waitSettled(page, Object.keys(await cellHashes(page)), { quietMs: 500 });
  const installed = await waitServiceWorker(page);
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName("studio:kernel").length > 0, null, { timeout: 60_000, polling: 100 });
  await waitSettled(page, Object.keys(await cellHashes(page)), { quietMs: 1000 });
  return installed;
}

/**
 * Resolve, in the page, once every named cell is done with its value fetched (or in error),
 * no run is going on, the named cells' hashes differ from `changedFrom`, and the notebook's
 * DOM has been quiet for `quietMs`. Returns the time of the last DOM change (performance.now()).
 */
export async function waitSettled(page: Page, names: string[], options: { changedFrom?: Record<string, string | undefined>; quietMs?: number; timeout?: number } = {}): Promise<number> {
  return page.evaluate(({ names, changedFrom, quietMs, timeout }) => new Promise<number>((resolve, reject) => {
    const { session, store } = window.studio;
    let last = performance.now();
    const t0 = last;
    const mo = new MutationObserver(() => { last = performance.now(); });
    mo.observe(document.querySelector(".app-main") ?? document.body, { childList: true, subtree: true, characterData: true });
    const tick = () => {
      const st = session.getState(), doc = store.getState();
      const ok = !st.running && names.every((n) => {
        const c = doc.cells.find((x) => x.name === n);
        const e = c ? st.events[c.id] : undefined;
        if (!c || !e) return false;
        if (changedFrom[n] !== undefined && e.hash === changedFrom[n]) return false;
        return e.status === "error" || (e.status === "done" && st.values[c.id]?.hash === e.hash);
      });
      if (ok && performance.now() - last >= quietMs) { mo.disconnect(); resolve(last); return; }
      if (performance.now() - t0 > timeout) { mo.disconnect(); reject(new Error(`cells did not settle in ${timeout} ms`)); return; }
      setTimeout(tick, 50);
    };
    tick();
  }), { names, changedFrom: options.changedFrom ?? {}, quietMs: options.quietMs ?? 200, timeout: options.timeout ?? 120_000 });
}

/** The computing (non-markdown) cells of the open document, with their current hashes. */
export async function cellHashes(page: Page): Promise<Record<string, string | undefined>> {
  return page.evaluate(() => {
    const st = window.studio.session.getState();
    return Object.fromEntries(window.studio.store.getState().cells.filter((c) => c.kind !== "markdown").map((c) => [c.name, st.events[c.id]?.hash]));
  });
}

async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTask[]> {
  return page.evaluate(([a, b]) => (window.__studioBench?.longTasks ?? []).filter((t) => t.start + t.duration >= a && t.start <= b), [from, to]);
}

export interface RunResult { ms: number; cells: number; charts: number; longTasks: LongTask[]; errors: string[] }

/** Open an example from the header's Examples menu and run it to the end (run on change). */
export async function openAndRunExample(page: Page, key: string, timeout = 120_000): Promise<RunResult> {
  await page.getByTestId("open-examples").click();
  const item = page.locator(`.examples-pop [data-example="${key}"]`);
  await item.waitFor();
  const t0 = await page.evaluate(() => performance.now());
  await item.click();
  await page.waitForFunction((k) => window.studio.store.getState().cells.length > 0 && document.querySelector(".examples-pop") === null && window.studio.store.getState().id.includes(k), key, { polling: 100, timeout: 30_000 }).catch(() => undefined);
  const names = await page.evaluate(() => window.studio.store.getState().cells.filter((c) => c.kind !== "markdown").map((c) => c.name));
  const t1 = await waitSettled(page, names, { timeout, quietMs: 300 });
  const info = await page.evaluate(() => {
    const st = window.studio.session.getState();
    return {
      charts: document.querySelectorAll(".notebook .cell-output svg").length,
      errors: window.studio.store.getState().cells.filter((c) => st.events[c.id]?.status === "error").map((c) => `${c.name}: ${st.events[c.id]?.error?.message}`),
    };
  });
  return { ms: t1 - t0, cells: names.length, charts: info.charts, longTasks: await longTasksBetween(page, t0, t1), errors: info.errors };
}

export interface ChartChange {
  /** Input event to the new chart SVG in the edited cell's DOM, ms. */
  toChart: number;
  /** Input event to the last cell settled with its chart drawn (the whole downstream run), ms. */
  toSettled: number;
  changed: boolean; before: string; after: string;
  longTasks: LongTask[];
}

/**
 * Type `value` into the parameter `field` of block cell `cell` (Playwright's fill: one input
 * event) and time it to the cell's chart being replaced by one with different paths.
 */
export async function measureParamChange(page: Page, cell: string, field: string, value: number, timeout = 60_000): Promise<ChartChange> {
  const before = await cellHashes(page);
  await page.evaluate(({ cell, timeout }) => {
    const section = document.querySelector(`.notebook .cell[data-cell-name="${cell}"]`)!;
    const signature = () => {
      let h = 2166136261;
      for (const p of section.querySelectorAll(".cell-output svg path, .cell-output svg rect, .cell-output svg circle")) {
        const s = p.getAttribute("d") ?? `${p.getAttribute("x")},${p.getAttribute("y")},${p.getAttribute("width")},${p.getAttribute("height")},${p.getAttribute("cx")},${p.getAttribute("cy")}`;
        for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
      }
      return (h >>> 0).toString(16);
    };
    const start = signature();
    window.__studioBench!.pending = new Promise<ChartChange>((resolve, reject) => {
      const timer = setTimeout(() => { mo.disconnect(); reject(new Error(`no new chart in ${cell} after ${timeout} ms`)); }, timeout);
      const mo = new MutationObserver((records) => {
        const t = performance.now();
        const added = records.some((r) => [...r.addedNodes].some((n) => n.nodeName.toLowerCase() === "svg" || (n instanceof Element && n.querySelector("svg") !== null)));
        if (!added) return;
        const now = signature();
        if (now === start) return;
        clearTimeout(timer);
        mo.disconnect();
        resolve({ toChart: t, toSettled: 0, changed: true, before: start, after: now, longTasks: [] });
      });
      mo.observe(section, { childList: true, subtree: true });
    });
  }, { cell, timeout });
  await page.locator(`.notebook .cell[data-cell-name="${cell}"] input[name="${field}"]`).fill(String(value));
  const r = await page.evaluate(() => window.__studioBench!.pending!);
  const names = Object.keys(before);
  const settled = await waitSettled(page, names, { changedFrom: { [cell]: before[cell] }, quietMs: 300 });
  const inputAt = await page.evaluate(({ field, v }) => [...(window.__studioBench?.inputs ?? [])].reverse().find((e) => e.name === field && e.value === v)?.at ?? NaN, { field, v: String(value) });
  return { ...r, toChart: r.toChart - inputAt, toSettled: settled - inputAt, changed: r.before !== r.after, longTasks: await longTasksBetween(page, inputAt, settled) };
}

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b), h = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
