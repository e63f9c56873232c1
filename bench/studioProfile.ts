/**
 * `npx tsx bench/studioProfile.ts [--no-build]`: where the milliseconds of a parameter change go.
 * Opens the momentum example in Debian's Chromium (the studio benchmark's path), records a
 * Chromium trace (page and worker threads) around a few `momentum.lookback` changes and prints,
 * per change, the page's and the kernel worker's tasks over 3 ms from the input event to the
 * new chart, with the scripts' functions that took the time. Used to write bench/STUDIO.md's
 * breakdown; not a benchmark (tracing slows everything by ~10-20%).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, waitForServer } from "./browser";
import { profileSamples, topFunctions, type TraceEvent } from "./chromeTrace";
import { installProbes, measureParamChange, measureStartup, openAndRunExample, reloadAfterInstall } from "./studioMeasure";

const DIST = process.env.STUDIO_DIST ?? "/tmp/dist-studio-bench";
const PORT = Number(process.env.STUDIO_PORT ?? 4192);


async function main(): Promise<void> {
  if (!(process.argv.includes("--no-build") && existsSync(`${DIST}/index.html`))) {
    spawnSync("npx", ["vite", "build", "--outDir", DIST, "--emptyOutDir"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  const server: ChildProcess = spawn("npx", ["vite", "preview", "--port", String(PORT), "--strictPort", "--outDir", DIST], { stdio: "ignore", detached: true });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const base = `http://localhost:${PORT}`;
    await waitForServer(`${base}/`, 60_000);
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await installProbes(ctx);
    // --no-animations: the app's CSS animations and transitions off (to see what their frames cost).
    if (process.argv.includes("--no-animations")) {
      await ctx.addInitScript(() => document.addEventListener("DOMContentLoaded", () => {
        const st = document.createElement("style");
        st.textContent = "*, *::before, *::after { animation: none !important; transition: none !important; }";
        document.head.append(st);
      }));
    }
    const page = await ctx.newPage();
    await measureStartup(page, `${base}/`);
    await reloadAfterInstall(page);
    const traceRun = process.argv.includes("--run"); // trace the example's full run instead of parameter changes
    const session = await ctx.newCDPSession(page);
    const chunks: TraceEvent[] = [];
    session.on("Tracing.dataCollected", (e) => { chunks.push(...(e.value as unknown as TraceEvent[])); });
    const done = new Promise<void>((r) => session.once("Tracing.tracingComplete", () => r()));
    await session.send("Tracing.start", {
      traceConfig: { includedCategories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing", "disabled-by-default-v8.cpu_profiler", "toplevel", "v8"], recordMode: "recordAsMuchAsPossible" },
      transferMode: "ReportEvents",
    });
    // A mark seen both by the page (performance.now) and in the trace (its clock) aligns the two.
    const syncAt = await page.evaluate(() => performance.mark("profile:sync").startTime);
    const changes = [];
    const runStart = await page.evaluate(() => performance.now());
    const run = await openAndRunExample(page, "momentum");
    process.stderr.write(`momentum run ${run.ms.toFixed(0)} ms, ${run.longTasks.length} long tasks: ${run.longTasks.map((t) => t.duration.toFixed(0)).join(",")}\n`);
    if (traceRun) changes.push({ v: 0, inputAt: runStart - syncAt, toChart: run.ms, toSettled: run.ms, longTasks: run.longTasks });
    for (const v of traceRun ? [] : [240, 233, 226]) {
      const c = await measureParamChange(page, "momentum", "lookback", v);
      const inputAt = await page.evaluate((v) => [...(window.__studioBench?.inputs ?? [])].reverse().find((e) => e.name === "lookback" && e.value === String(v))?.at ?? NaN, v);
      changes.push({ v, inputAt: inputAt - syncAt, toChart: c.toChart, toSettled: c.toSettled, longTasks: c.longTasks });
      process.stderr.write(`lookback ${v}: chart ${c.toChart.toFixed(0)} ms, settled ${c.toSettled.toFixed(0)} ms, long tasks ${c.longTasks.map((t) => t.duration.toFixed(0)).join(",")}\n`);
    }
    await session.send("Tracing.end");
    await done;
    writeFileSync("/tmp/studio-trace.json", JSON.stringify({ traceEvents: chunks, changes }));
    analyse(chunks, changes);
    await ctx.close();
  } finally {
    await browser.close();
    if (server.pid) { try { process.kill(-server.pid); } catch { /* gone */ } }
  }
}

function analyse(events: TraceEvent[], changes: { v: number; inputAt: number; toChart: number; toSettled: number }[]): void {
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") threadName.set(`${e.pid}:${e.tid}`, String(e.args?.name));
  const samples = profileSamples(events);
  const sync = events.find((e) => e.name === "profile:sync");
  if (!sync) throw new Error("no profile:sync mark in the trace");
  for (const ch of changes) {
    const t0 = sync.ts + ch.inputAt * 1000;
    process.stdout.write(`\n=== lookback ${ch.v}: chart ${ch.toChart.toFixed(0)} ms, settled ${ch.toSettled.toFixed(0)} ms\n`);
    // Top-level tasks over 3 ms until the chart, on the page and the workers.
    const minTask = process.argv.includes("--long") ? 50_000 : 3000;
    const tasks = events.filter((e) => e.ph === "X" && (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") && e.ts + (e.dur ?? 0) >= t0 && e.ts <= t0 + ch.toChart * 1000 && (e.dur ?? 0) > minTask)
      .filter((e) => /CrRendererMain|DedicatedWorker/.test(threadName.get(`${e.pid}:${e.tid}`) ?? "")).sort((a, b) => a.ts - b.ts);
    for (const t of tasks) {
      const th = threadName.get(`${t.pid}:${t.tid}`)!.startsWith("Cr") ? "page" : `worker ${t.tid}`;
      const top = topFunctions(samples.filter((s) => s.tid === t.tid && s.ts >= t.ts && s.ts <= t.ts + (t.dur ?? 0)), 6);
      process.stdout.write(`  +${((t.ts - t0) / 1000).toFixed(1).padStart(6)} ms  ${th.padEnd(13)} ${((t.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms  ${top}\n`);
    }
  }
}

if (process.argv.includes("--analyse")) {
  const { readFileSync } = await import("node:fs");
  const saved = JSON.parse(readFileSync("/tmp/studio-trace.json", "utf8")) as { traceEvents: TraceEvent[]; changes: { v: number; inputAt: number; toChart: number; toSettled: number }[] };
  analyse(saved.traceEvents, saved.changes);
} else void main();
