/**
 * `npx tsx bench/studioAB.ts <dist> [port] [changes]`: the momentum example's full run and its
 * `lookback` changes (bench/studioMeasure.ts) on any build of the studio, so that two builds (say,
 * one made from an older commit with `git archive <commit> | tar -x` and `vite build --outDir`) can
 * be compared back to back on a loaded machine. Unlike `npm run bench -- --studio` it needs only
 * the `studio:kernel` mark, which older builds have too. Prints one JSON line.
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, waitForServer } from "./browser";
import { installProbes, measureParamChange, median, openAndRunExample, reloadAfterInstall, type LongTask } from "./studioMeasure";

const [dist, port = "4192", changesArg = "5"] = process.argv.slice(2);
if (!dist) { process.stderr.write("usage: npx tsx bench/studioAB.ts <dist> [port] [changes]\n"); process.exit(2); }
const server = spawn("npx", ["vite", "preview", "--port", port, "--strictPort", "--outDir", dist], { stdio: "ignore", detached: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
const summary = (ts: LongTask[]) => ({ count: ts.length, longest: Math.round(Math.max(0, ...ts.map((t) => t.duration))), total: Math.round(ts.reduce((s, t) => s + t.duration, 0)) });
try {
  await waitForServer(`http://localhost:${port}/`, 60_000);
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await installProbes(ctx);
  const page = await ctx.newPage();
  await page.goto(`http://localhost:${port}/`);
  await page.waitForFunction(() => performance.getEntriesByName("studio:kernel").length > 0, null, { timeout: 60_000, polling: 100 });
  // The example's run then measures itself, not a first visit (or its start-up).
  if (!(await reloadAfterInstall(page))) process.stderr.write("studioAB: no service worker; measuring without it\n");
  const load = [loadavg()[0]];
  const run = await openAndRunExample(page, "momentum");
  const changes = [];
  for (let k = 0; k < Number(changesArg); k++) changes.push(await measureParamChange(page, "momentum", "lookback", 240 - 7 * k));
  load.push(loadavg()[0]);
  process.stdout.write(JSON.stringify({
    dist, load: load.map((x) => +x.toFixed(1)),
    run: { ms: Math.round(run.ms), errors: run.errors, longTasks: summary(run.longTasks) },
    toChart: Math.round(median(changes.map((c) => c.toChart))), toChartRuns: changes.map((c) => Math.round(c.toChart)),
    toSettled: Math.round(median(changes.map((c) => c.toSettled))),
    changeLongTasks: summary(changes.flatMap((c) => c.longTasks)), perChange: changes.map((c) => c.longTasks.length),
  }) + "\n");
} finally {
  await browser.close();
  if (server.pid) { try { process.kill(-server.pid); } catch { /* gone */ } }
}
