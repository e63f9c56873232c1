import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const quickstart = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../notebooks/quickstart.json"), "utf8"));

test.describe("kernel in a Web Worker (harness page)", () => {
  test.beforeEach(async ({ page }) => {
    await page.goto("/harness.html");
    await expect(page.locator("#status")).toHaveText("ready");
  });

  test("runs the quickstart notebook in the worker; series cross as typed arrays", async ({ page }) => {
    const result = await page.evaluate(async (nb) => {
      const k = window.kernelHarness.startKernelWorker();
      const statuses: string[] = [];
      await k.onEvent((e) => statuses.push(`${e.name}:${e.status}`));
      await k.api.open(nb, { trusted: true });
      const summary = await k.api.run();
      const rsi = (await k.api.value("rsi")) as { values: { values: Float64Array; index: Int32Array } };
      const over = await k.api.value("overbought");
      k.terminate();
      return {
        errors: summary.errors,
        isFloat64: rsi.values.values instanceof Float64Array,
        isInt32: rsi.values.index instanceof Int32Array,
        length: rsi.values.values.length,
        rsi14: rsi.values.values[14],
        over,
        statuses,
      };
    }, quickstart);
    expect(result.errors).toEqual([]);
    expect(result.isFloat64).toBe(true);
    expect(result.isInt32).toBe(true);
    expect(result.length).toBe(5105);
    // The same notebook run headless gives these (test/unit/kernel/notebookRun.test.ts checks RSI against a plain loop).
    expect(result.over).toMatchObject({ days: 299, defined: 5091, last: "2020-04-17" });
    expect(result.statuses).toContain("rsi:done");
  });

  test("the document opens before DuckDB is up; runs wait for it, and a cancel drops a waiting run", async ({ page }) => {
    const r = await page.evaluate(async (nb) => {
      const k = window.kernelHarness.startKernelWorker();
      const seen: string[] = [];
      let engineUp = false;
      const engine = k.api.engineReady().then(() => { engineUp = true; });
      await k.onEvent((e) => seen.push(`${e.name}:${e.status}`));
      const graph = await k.api.open(nb, { trusted: true });
      const openedFirst = !engineUp;
      const waiting = k.api.run();
      await k.api.cancel();
      const dropped = await waiting;
      const droppedBeforeEngine = !engineUp, eventsWhenDropped = seen.length;
      const summary = await k.api.run();
      await engine;
      const over = await k.api.value("overbought");
      k.terminate();
      return { cells: graph.cells.length, openedFirst, dropped, droppedBeforeEngine, eventsWhenDropped, errors: summary.errors, ran: summary.ran.length, over, seen };
    }, quickstart);
    expect(r.cells).toBeGreaterThan(0);
    expect(r.openedFirst).toBe(true); // open answered while DuckDB-WASM (1-3 s) was still starting
    expect(r.droppedBeforeEngine).toBe(true); // the cancel answered the waiting run at once
    expect(r.dropped).toMatchObject({ cancelled: true, ran: [] });
    expect(r.eventsWhenDropped).toBe(0); // the dropped run started no cell
    expect(r.errors).toEqual([]);
    expect(r.ran).toBeGreaterThan(0);
    expect(r.over).toMatchObject({ days: 299 });
    expect(r.seen).toContain("rsi:done");
  });

  test("code cells cannot reach the network or compile code from strings", async ({ page }) => {
    const errors = await page.evaluate(async () => {
      const k = window.kernelHarness.startKernelWorker();
      const messages: Record<string, string> = {};
      await k.onEvent((e) => { if (e.status === "error") messages[e.name] = e.error!.message; });
      const cell = (name: string, source: string) => ({ id: name, name, kind: "code", source });
      await k.api.open({
        format: "strategy-studio-notebook", version: 2, id: "sandbox", cells: [
          cell("viaFetch", "await fetch('https://example.com')"),
          cell("viaGlobal", "await (globalThis as any).fetch('https://example.com')"),
          cell("viaXhr", "new (self as any).XMLHttpRequest()"),
          cell("viaFunction", "(function () {}).constructor('return fetch')()"),
          cell("viaImport", "await import('https://example.com/x.js')"),
          cell("viaDb", "(self as any).indexedDB.open('other')"),
          cell("fine", "1 + 1"),
        ],
      }, { trusted: true });
      await k.api.run();
      const fine = await k.api.value("fine");
      k.terminate();
      return { messages, fine };
    });
    expect(errors.fine).toBe(2);
    for (const name of ["viaFetch", "viaGlobal", "viaXhr", "viaFunction", "viaImport", "viaDb"]) {
      expect(errors.messages[name], name).toBeTruthy();
    }
  });

  test("an untrusted notebook runs SQL and blocks but not code", async ({ page }) => {
    const r = await page.evaluate(async (nb) => {
      const k = window.kernelHarness.startKernelWorker();
      const messages: Record<string, string> = {};
      await k.onEvent((e) => { if (e.status === "error") messages[e.name] = e.error!.message; });
      await k.api.open(nb);
      await k.api.run();
      const rsi = await k.api.value("rsi");
      k.terminate();
      return { messages, hasRsi: rsi !== undefined };
    }, quickstart);
    expect(r.hasRsi).toBe(true);
    expect(r.messages.overbought).toMatch(/not trusted/);
  });

  test("the page stays responsive while the worker is busy", async ({ page }) => {
    const gap = await page.evaluate(async () => {
      const k = window.kernelHarness.startKernelWorker();
      let last = performance.now(), worst = 0;
      const beat = setInterval(() => { const t = performance.now(); worst = Math.max(worst, t - last); last = t; }, 10);
      await k.api.spin(2000);
      clearInterval(beat);
      k.terminate();
      return worst;
    });
    expect(gap).toBeLessThan(500); // a blocked page would show one 2,000 ms gap
  });
});
