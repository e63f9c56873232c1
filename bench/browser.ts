/**
 * `npm run bench -- --browser [--sizes medium,large] [--no-build]`: the pipeline in the
 * studio's kernel Web Worker in Debian's Chromium (studio/bench.ts), driven from Node.
 *
 * Builds the app to /tmp/dist-bench (vite build --outDir; skipped with --no-build when it
 * exists), serves it with vite preview on port 4190 (PW_PORT), opens bench.html in headless
 * Chromium (CHROMIUM_PATH or /usr/bin/chromium) and runs one size per fresh page. The
 * renderer's memory (page and its workers share that process) is read from /proc every
 * 100 ms: the table shows its peak RSS.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { get } from "node:http";
import { chromium } from "@playwright/test";
import type { Size } from "./universe";

export const DIST = process.env.PW_DIST ?? "/tmp/dist-bench";
export const PORT = Number(process.env.PW_PORT ?? 4190);
// 4190 is on the browsers' list of unsafe ports (ManageSieve): allow it explicitly.
export const CHROMIUM_ARGS = [`--explicitly-allowed-ports=${PORT}`, "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

interface BrowserResult {
  stages: Record<string, number>; total: number; cells: Record<string, number>; kpis: Record<string, number | null>;
  transfer: { bytes: number; ms: number; mbPerSec: number }; errors: string[];
}

/** RSS (bytes) of every Chromium renderer process under `root` (by parent pid). */
function rendererRss(root: number): number {
  const parent = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try { parent.set(Number(d), Number(readFileSync(`/proc/${d}/stat`, "utf8").replace(/^.*\) /, "").split(" ")[1])); } catch { /* gone */ }
  }
  const under = (pid: number): boolean => { for (let p = pid, k = 0; p > 1 && k < 20; p = parent.get(p) ?? 0, k++) if (p === root) return true; return false; };
  let total = 0;
  for (const pid of parent.keys()) {
    if (pid === root || !under(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=renderer")) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) total = Math.max(total, Number(m[1]) * 1024);
    } catch { /* gone */ }
  }
  return total;
}

export async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // node's fetch refuses the unsafe port 4190 too: plain http
    const ok = await new Promise<boolean>((res) => { get(url, (r) => { r.resume(); res(r.statusCode === 200); }).on("error", () => res(false)); });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no server at ${url} after ${ms / 1000} s`);
}

export async function runBrowserBench(sizes: Size[], args: string[]): Promise<number> {
  if (!(args.includes("--no-build") && existsSync(`${DIST}/bench.html`))) {
    process.stderr.write(`building the studio to ${DIST} ...\n`);
    const b = spawnSync("npx", ["vite", "build", "--outDir", DIST, "--emptyOutDir"], { stdio: ["ignore", "ignore", "inherit"] });
    if (b.status !== 0) { process.stderr.write("vite build failed\n"); return 1; }
  }
  const server: ChildProcess = spawn("npx", ["vite", "preview", "--port", String(PORT), "--strictPort", "--outDir", DIST], { stdio: "ignore", detached: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const root = process.pid; // Chromium's processes descend from this one
  const rows: { size: Size; r: BrowserResult; peakRss: number; wallS: number }[] = [];
  let failed = false;
  try {
    await waitForServer(`http://localhost:${PORT}/bench.html`, 60_000);
    for (const size of sizes) {
      const page = await browser.newPage();
      page.setDefaultTimeout(0);
      let peakRss = 0;
      const timer = setInterval(() => { peakRss = Math.max(peakRss, rendererRss(root)); }, 100);
      const t0 = Date.now();
      try {
        await page.goto(`http://localhost:${PORT}/bench.html`);
        await page.waitForFunction(() => document.getElementById("status")?.textContent === "ready");
        process.stderr.write(`browser: ${size.name} ${size.assets}x${size.days} ...\n`);
        const r = (await page.evaluate((s) => window.studioBench.runBench(s), { assets: size.assets, days: size.days, seed: size.seed })) as BrowserResult;
        rows.push({ size, r, peakRss, wallS: (Date.now() - t0) / 1000 });
        if (r.errors.length) { failed = true; process.stderr.write(`  errors: ${r.errors.join("; ")}\n`); }
      } catch (e) {
        failed = true;
        process.stderr.write(`  ${size.name} failed in the browser: ${e instanceof Error ? e.message.split("\n")[0] : String(e)} (peak renderer RSS ${(peakRss / 2 ** 20).toFixed(0)} MB)\n`);
      } finally {
        clearInterval(timer);
        await page.close().catch(() => undefined);
      }
    }
  } finally {
    await browser.close();
    if (server.pid) { try { process.kill(-server.pid); } catch { /* already gone */ } }
  }
  const out = process.stdout;
  const names = ["load", "factor", "optimize", "backtest", "risk"];
  out.write(`\nPipeline in the kernel Web Worker (Chromium, DuckDB-WASM), seconds from cell timings\n`);
  out.write(`${"size".padEnd(18)}${names.map((s) => s.padStart(9)).join("")}${"compute".padStart(9)}${"total".padStart(9)}   peak renderer RSS   api.value(panel)\n`);
  for (const { size, r, peakRss } of rows) {
    const compute = r.total - r.stages.load;
    out.write(`${`${size.name} ${size.assets}x${size.days}`.padEnd(18)}${names.map((s) => r.stages[s].toFixed(3).padStart(9)).join("")}${compute.toFixed(3).padStart(9)}${r.total.toFixed(3).padStart(9)}   ${`${(peakRss / 2 ** 20).toFixed(0)} MB`.padStart(17)}   ${(r.transfer.bytes / 2 ** 20).toFixed(1)} MB in ${r.transfer.ms.toFixed(0)} ms (${r.transfer.mbPerSec.toFixed(0)} MB/s)\n`);
    out.write(`  sharpe ${r.kpis.sharpe}, cagr ${r.kpis.cagr}, var_95 ${r.kpis.var_95}; cells (ms): ${Object.entries(r.cells).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ")}\n`);
  }
  return failed ? 1 : 0;
}
