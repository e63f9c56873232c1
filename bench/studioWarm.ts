/**
 * `npx tsx bench/studioWarm.ts <dist> [<dist> ...] [--port P] [--rounds R] [--reloads N] [--trace]`:
 * warm starts (bench/studioMeasure.ts, the `--studio` benchmark's path) of several builds, alternated
 * round by round so that a loaded machine weighs on each the same. A round is one fresh browser context
 * per build: the first visit fills its service worker and IndexedDB, then N reloads are measured.
 * Prints the medians of interactive and its parts per build. `--trace` records one more reload of the
 * first build with a Chromium trace and prints the page's and the workers' tasks over 3 ms from
 * navigation start, with the functions that took their time (what holds warm start back).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import { chromium, type Browser, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, waitForServer } from "./browser";
import { profileSamples, topFunctions, type TraceEvent } from "./chromeTrace";
import { cellHashes, installProbes, measureStartup, median, waitServiceWorker, waitSettled, type Startup } from "./studioMeasure";


const args = process.argv.slice(2);
const option = (name: string, fallback: number) => { const at = args.indexOf(name); return at >= 0 ? Number(args[at + 1]) : fallback; };
const dists = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && ["--port", "--rounds", "--reloads"].includes(args[i - 1])));
if (!dists.length) { process.stderr.write("usage: npx tsx bench/studioWarm.ts <dist> [<dist> ...] [--port P] [--rounds R] [--reloads N] [--trace]\n"); process.exit(2); }
const basePort = option("--port", 4192), rounds = option("--rounds", 3), reloads = option("--reloads", 5);

/** A context whose service worker and IndexedDB hold the build and the starter's results. */
async function warmPage(browser: Browser, base: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await installProbes(ctx);
  const page = await ctx.newPage();
  await measureStartup(page, `${base}/`);
  await waitServiceWorker(page);
  await waitSettled(page, Object.keys(await cellHashes(page)), { quietMs: 1000 });
  return { page, close: () => ctx.close() };
}

async function reloadsOf(browser: Browser, base: string): Promise<Startup[]> {
  const { page, close } = await warmPage(browser, base);
  const out: Startup[] = [];
  for (let k = 0; k < reloads; k++) {
    out.push(await measureStartup(page, null));
    if (args.includes("--nav")) {
      const nav = await page.evaluate(() => {
        const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const r = (name: string) => performance.getEntriesByType("resource").find((e) => e.name.includes(name)) as PerformanceResourceTiming | undefined;
        const main = r("/assets/main-"), boot = r("/assets/boot-");
        return { fetchStart: n.fetchStart, responseEnd: n.responseEnd, unload: n.unloadEventEnd - n.unloadEventStart, workerStart: n.workerStart, domInteractive: n.domInteractive, mainJs: main ? [main.startTime, main.responseEnd] : null, bootJs: boot ? [boot.startTime, boot.responseEnd] : null };
      });
      process.stderr.write(`  ${JSON.stringify(nav, (_, v: unknown) => (typeof v === "number" ? Math.round(v) : v))} interactive ${out[k].interactive.toFixed(0)} cells ${out[k].cells.toFixed(0)} kernel ${out[k].kernel.toFixed(0)}\n`);
    }
    await waitSettled(page, Object.keys(await cellHashes(page)), { quietMs: 500 });
  }
  await close();
  return out;
}

async function traceReload(browser: Browser, base: string): Promise<void> {
  const { page, close } = await warmPage(browser, base);
  const session = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on("Tracing.dataCollected", (e) => { events.push(...(e.value as unknown as TraceEvent[])); });
  const done = new Promise<void>((r) => session.once("Tracing.tracingComplete", () => r()));
  await session.send("Tracing.start", {
    traceConfig: { includedCategories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing", "disabled-by-default-v8.cpu_profiler", "toplevel", "v8", "loading", "netlog"], recordMode: "recordAsMuchAsPossible" },
    transferMode: "ReportEvents",
  });
  const s = await measureStartup(page, null);
  await session.send("Tracing.end");
  await done;
  await close();
  process.stdout.write(`traced reload: interactive ${s.interactive.toFixed(0)} (cells ${s.cells.toFixed(0)}, kernel ${s.kernel.toFixed(0)}, first result ${s.firstResult.toFixed(0)})\n`);
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") threadName.set(`${e.pid}:${e.tid}`, String(e.args?.name));
  // Navigation start on the trace's clock, from the interactive mark and its time in the page.
  const mark = events.find((e) => e.name === "studio:interactive" && e.cat.includes("blink.user_timing"));
  if (!mark) throw new Error("no studio:interactive mark in the trace");
  const t0 = mark.ts - s.interactive * 1000, end = t0 + (s.interactive + 200) * 1000;
  for (const e of events.filter((e) => e.cat.includes("blink.user_timing") && e.name.startsWith("studio:") && e.ts >= t0).sort((a, b) => a.ts - b.ts)) {
    process.stdout.write(`  mark ${e.name} at ${((e.ts - t0) / 1000).toFixed(0)} ms\n`);
  }
  const tasks = events.filter((e) => e.ph === "X" && e.name === "RunTask" && e.ts >= t0 && e.ts <= end && (e.dur ?? 0) > 3000)
    .filter((e) => /CrRendererMain|DedicatedWorker|ServiceWorker/.test(threadName.get(`${e.pid}:${e.tid}`) ?? "")).sort((a, b) => a.ts - b.ts);
  const samples = profileSamples(events);
  for (const t of tasks) {
    const name = threadName.get(`${t.pid}:${t.tid}`)!;
    const th = name.startsWith("Cr") ? "page" : name.startsWith("Service") ? "sw" : `worker ${t.tid}`;
    const top = topFunctions(samples.filter((x) => x.tid === t.tid && x.ts >= t.ts && x.ts <= t.ts + (t.dur ?? 0)), 5);
    process.stdout.write(`  ${((t.ts - t0) / 1000).toFixed(0).padStart(5)} ms ${th.padEnd(12)} ${((t.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms  ${top}\n`);
  }
  const fetches = events.filter((e) => e.name === "ResourceSendRequest" && e.ts >= t0 && e.ts <= end).sort((a, b) => a.ts - b.ts);
  for (const f of fetches) {
    const url = String((f.args?.data as { url?: string } | undefined)?.url ?? "").split("/").pop();
    const fin = events.find((e) => e.name === "ResourceFinish" && (e.args?.data as { requestId?: string } | undefined)?.requestId === (f.args?.data as { requestId?: string } | undefined)?.requestId);
    process.stdout.write(`  fetch ${url} ${((f.ts - t0) / 1000).toFixed(0)} -> ${fin ? ((fin.ts - t0) / 1000).toFixed(0) : "?"} ms\n`);
  }
}

const servers: ChildProcess[] = dists.map((d, i) => spawn("npx", ["vite", "preview", "--port", String(basePort + i), "--strictPort", "--outDir", d], { stdio: "ignore", detached: true }));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
try {
  const bases = dists.map((_, i) => `http://localhost:${basePort + i}`);
  for (const b of bases) await waitForServer(`${b}/`, 60_000);
  if (args.includes("--trace")) await traceReload(browser, bases[0]);
  else {
    const all: Startup[][] = dists.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < dists.length; i++) {
        const xs = await reloadsOf(browser, bases[i]);
        all[i].push(...xs);
        process.stderr.write(`round ${r + 1} ${dists[i]} (load ${loadavg()[0].toFixed(1)}): ${xs.map((x) => x.interactive.toFixed(0)).join(", ")}\n`);
      }
    }
    for (let i = 0; i < dists.length; i++) {
      const m = (f: (x: Startup) => number) => median(all[i].map(f)).toFixed(0);
      const under = all[i].filter((x) => x.interactive < 500).length;
      process.stdout.write(`${dists[i]}: warm interactive ${m((x) => x.interactive)} ms (${under} of ${all[i].length} under 500), cells ${m((x) => x.cells)}, kernel ${m((x) => x.kernel)}, first result ${m((x) => x.firstResult)}, FCP ${m((x) => x.firstContentfulPaint ?? NaN)}\n`);
    }
  }
} finally {
  await browser.close();
  for (const s of servers) if (s.pid) { try { process.kill(-s.pid); } catch { /* gone */ } }
}
