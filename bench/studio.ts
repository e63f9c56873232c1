/**
 * `npm run bench -- --studio [--no-build] [--runs N] [--json]`: the studio measured in
 * Debian's Chromium (issue 8, item 6). The measurements themselves are in
 * bench/studioMeasure.ts (shared with test/e2e/studioTimings.spec.ts).
 *
 * Builds the app to /tmp/dist-studio-bench (STUDIO_DIST; skipped with --no-build when it
 * exists), serves it with vite preview on port 4192 (STUDIO_PORT) and measures:
 * - cold start: N fresh browser contexts (empty HTTP cache, no service worker, no
 *   IndexedDB), navigation start to `studio:interactive` (studio/perf.ts: the first computing
 *   cell editable and the kernel holding the document), and to the first result shown (the
 *   first cell output drawn, which waits for DuckDB-WASM);
 * - warm start: one context, once its service worker has precached the build and the
 *   starter notebook has run and been saved, reloaded N times;
 * - parameter change to chart: the momentum example opened from the Examples menu and run,
 *   then `lookback` of its `momentum` cell set N times to values not computed before, from
 *   the input event to the cell's new chart in the DOM (and to the end of the downstream run);
 * - long tasks (> 50 ms on the main thread) during the example's full run and during the
 *   parameter changes.
 * Prints medians beside the targets; `--json` prints one object instead.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { chromium, type Browser } from "@playwright/test";
import { CHROMIUM_ARGS, waitForServer } from "./browser";
import { installProbes, measureParamChange, measureStartup, median, openAndRunExample, waitServiceWorker, waitSettled, cellHashes, type LongTask, type Startup } from "./studioMeasure";

const DIST = process.env.STUDIO_DIST ?? "/tmp/dist-studio-bench";
const PORT = Number(process.env.STUDIO_PORT ?? 4192);

/** Issue 8, item 6 (milliseconds). */
export const STUDIO_TARGETS = { cold: 1500, warm: 500, paramToChart: 100, longTasksDuringRun: 0 } as const;

export interface StudioResult {
  machine: { cores: number; load: number[]; chromium: string };
  runs: number;
  cold: StartupSummary;
  warm: StartupSummary;
  run: { ms: number; cells: number; charts: number; errors: string[]; longTasks: { count: number; longest: number; total: number; tasks: LongTask[] } };
  paramChange: { field: string; values: number[]; toChart: { median: number; runs: number[] }; toSettled: { median: number; runs: number[] }; allChanged: boolean; longTasks: { count: number; longest: number; total: number; tasks: LongTask[] } };
  targets: typeof STUDIO_TARGETS;
}

interface StartupParts { cells: number; editor: number | null; kernel: number; monaco: number | null; engine: number; fcp: number | null }
interface StartupSummary { median: number; runs: number[]; parts: StartupParts; firstResult: { median: number; runs: number[] }; longTasks: number }

const newContext = (browser: Browser) => browser.newContext({ viewport: { width: 1400, height: 900 } });
const summarize = (tasks: LongTask[]) => ({ count: tasks.length, longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0), total: tasks.reduce((s, t) => s + t.duration, 0), tasks });
const medianOrNull = (xs: (number | null)[]) => (xs.some((x) => x !== null) ? median(xs.map((x) => x ?? NaN)) : null);
const summarizeStartup = (xs: Startup[]): StartupSummary => ({
  median: median(xs.map((x) => x.interactive)), runs: xs.map((x) => x.interactive),
  parts: {
    cells: median(xs.map((x) => x.cells)), editor: medianOrNull(xs.map((x) => x.editor)), kernel: median(xs.map((x) => x.kernel)),
    monaco: medianOrNull(xs.map((x) => x.monaco)), engine: median(xs.map((x) => x.engine)), fcp: medianOrNull(xs.map((x) => x.firstContentfulPaint)),
  },
  firstResult: { median: median(xs.map((x) => x.firstResult)), runs: xs.map((x) => x.firstResult) },
  longTasks: median(xs.map((x) => x.longTasks.length)),
});
const startupLine = (x: Startup) => `${x.interactive.toFixed(0)} ms (cells ${x.cells.toFixed(0)}, editor ${x.editor?.toFixed(0)}, kernel ${x.kernel.toFixed(0)}; monaco ${x.monaco?.toFixed(0)}, engine ${x.engine.toFixed(0)}, first result ${x.firstResult.toFixed(0)})`;

export async function measureStudio(browser: Browser, base: string, runs: number, log: (s: string) => void): Promise<Omit<StudioResult, "machine" | "targets">> {
  // Cold: a fresh context each time.
  const cold: Startup[] = [];
  for (let k = 0; k < runs; k++) {
    const ctx = await newContext(browser);
    await installProbes(ctx);
    const page = await ctx.newPage();
    cold.push(await measureStartup(page, `${base}/`));
    log(`  cold ${k + 1}/${runs}: ${startupLine(cold[k])}`);
    await ctx.close();
  }

  // Warm: one context, its service worker and IndexedDB filled, reloaded.
  const ctx = await newContext(browser);
  await installProbes(ctx);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await measureStartup(page, `${base}/`);
  const sw = await waitServiceWorker(page);
  await waitSettled(page, Object.keys(await cellHashes(page)), { quietMs: 1000 });
  log(`  warm-up done (service worker ${sw ? "ready" : "missing"})`);
  const warm: Startup[] = [];
  for (let k = 0; k < runs; k++) {
    warm.push(await measureStartup(page, null));
    log(`  warm ${k + 1}/${runs}: ${startupLine(warm[k])}`);
    await waitSettled(page, Object.keys(await cellHashes(page)), { quietMs: 500 });
  }

  // The momentum example: a full run, then parameter changes.
  const run = await openAndRunExample(page, "momentum");
  log(`  momentum run: ${run.ms.toFixed(0)} ms, ${run.charts} charts, ${run.longTasks.length} long tasks${run.errors.length ? `, errors: ${run.errors.join("; ")}` : ""}`);
  const values: number[] = [];
  const changes = [];
  for (let k = 0; k < runs; k++) {
    const v = 240 - 7 * k; // never computed before: the cache does not answer
    values.push(v);
    changes.push(await measureParamChange(page, "momentum", "lookback", v));
    log(`  lookback ${v}: chart after ${changes[k].toChart.toFixed(0)} ms, settled after ${changes[k].toSettled.toFixed(0)} ms, ${changes[k].longTasks.length} long tasks`);
  }
  await ctx.close();
  if (errors.length) log(`  page errors: ${errors.join("; ")}`);
  return {
    runs,
    cold: summarizeStartup(cold),
    warm: summarizeStartup(warm),
    run: { ms: run.ms, cells: run.cells, charts: run.charts, errors: run.errors, longTasks: summarize(run.longTasks) },
    paramChange: {
      field: "momentum.lookback", values,
      toChart: { median: median(changes.map((c) => c.toChart)), runs: changes.map((c) => c.toChart) },
      toSettled: { median: median(changes.map((c) => c.toSettled)), runs: changes.map((c) => c.toSettled) },
      allChanged: changes.every((c) => c.changed), longTasks: summarize(changes.flatMap((c) => c.longTasks)),
    },
  };
}

export function printStudioTable(r: StudioResult): void {
  const out = process.stdout, t = r.targets;
  const row = (name: string, value: string, target: string, met: boolean | null) => out.write(`${name.padEnd(48)}${value.padStart(10)}${target.padStart(12)}   ${met === null ? "" : met ? "met" : "NOT met"}\n`);
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  out.write(`\nThe studio in Chromium (median of ${r.runs}; ${r.machine.cores} cores, load ${r.machine.load.map((x) => x.toFixed(1)).join(" ")}; ${r.machine.chromium})\n`);
  row("measurement", "median", "target", null);
  const opt = (x: number | null) => (x === null ? "-" : ms(x));
  const parts = (p: StartupParts) => `  parts: cell mounted ${ms(p.cells)}, editor accepts input ${opt(p.editor)}, kernel has the document ${ms(p.kernel)}; later: Monaco ${opt(p.monaco)}, DuckDB up ${ms(p.engine)}; FCP ${opt(p.fcp)}\n`;
  row("cold start to first interactive cell", ms(r.cold.median), `< ${ms(t.cold)}`, r.cold.median < t.cold);
  out.write(parts(r.cold.parts));
  row("  cold start to the first result shown", ms(r.cold.firstResult.median), "", null);
  row("warm start (reload, cached)", ms(r.warm.median), `< ${ms(t.warm)}`, r.warm.median < t.warm);
  out.write(parts(r.warm.parts));
  row("  warm start to the first result shown (cached)", ms(r.warm.firstResult.median), "", null);
  row(`parameter change to chart (${r.paramChange.field})`, ms(r.paramChange.toChart.median), `< ${ms(t.paramToChart)}`, r.paramChange.toChart.median < t.paramToChart);
  row("  ... to the whole notebook settled", ms(r.paramChange.toSettled.median), "", null);
  const lt = (x: { count: number; longest: number; total: number }) => `${x.count}`;
  row("long tasks during the momentum run", lt(r.run.longTasks), "0", r.run.longTasks.count === 0);
  out.write(`  run ${ms(r.run.ms)} for ${r.run.cells} cells, ${r.run.charts} charts; longest long task ${ms(r.run.longTasks.longest)}, ${ms(r.run.longTasks.total)} in all\n`);
  row("long tasks during the parameter changes", lt(r.paramChange.longTasks), "0", r.paramChange.longTasks.count === 0);
  out.write(`  longest ${ms(r.paramChange.longTasks.longest)}, ${ms(r.paramChange.longTasks.total)} in all over ${r.runs} changes; chart changed every time: ${r.paramChange.allChanged ? "yes" : "NO"}\n`);
  out.write(`  runs (ms): cold ${r.cold.runs.map((x) => x.toFixed(0)).join(", ")} (first result ${r.cold.firstResult.runs.map((x) => x.toFixed(0)).join(", ")}); warm ${r.warm.runs.map((x) => x.toFixed(0)).join(", ")} (first result ${r.warm.firstResult.runs.map((x) => x.toFixed(0)).join(", ")}); param ${r.paramChange.toChart.runs.map((x) => x.toFixed(0)).join(", ")}\n`);
}

export async function runStudioBench(args: string[]): Promise<number> {
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) { process.stderr.write("--runs needs a positive integer\n"); return 2; }
  if (!(args.includes("--no-build") && existsSync(`${DIST}/index.html`))) {
    process.stderr.write(`building the studio to ${DIST} ...\n`);
    const b = spawnSync("npx", ["vite", "build", "--outDir", DIST, "--emptyOutDir"], { stdio: ["ignore", "ignore", "inherit"] });
    if (b.status !== 0) { process.stderr.write("vite build failed\n"); return 1; }
  }
  const server: ChildProcess = spawn("npx", ["vite", "preview", "--port", String(PORT), "--strictPort", "--outDir", DIST], { stdio: "ignore", detached: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const log = (s: string) => process.stderr.write(`${s}\n`);
  try {
    const base = `http://localhost:${PORT}`;
    await waitForServer(`${base}/`, 60_000);
    const load = loadavg();
    const m = await measureStudio(browser, base, runs, log);
    const result: StudioResult = { machine: { cores: cpus().length, load, chromium: `Chromium ${browser.version()}` }, targets: STUDIO_TARGETS, ...m };
    if (args.includes("--json")) process.stdout.write(JSON.stringify(result) + "\n");
    else printStudioTable(result);
    return result.run.errors.length ? 1 : 0;
  } catch (e) {
    process.stderr.write(`studio bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await browser.close();
    if (server.pid) { try { process.kill(-server.pid); } catch { /* already gone */ } }
  }
}
