/**
 * The browser pipeline benchmark: the reference pipeline of bench/ (shared/CONTRACTS.md,
 * "Headless pipeline benchmark") run as a notebook in the studio's kernel Web Worker, so it
 * exercises the real kernel: a synthetic dataset loaded into DuckDB-WASM, a SQL cell that
 * pivots it wide (one column per symbol, so no column of 10M symbol strings crosses into
 * JS), block cells for the stages.
 *
 * Stages from the cells' own timings: load = dataset (generation, CSV into DuckDB-WASM:
 * the part of api.run outside the cells) + the pivot SQL cell; factor = momentum +
 * winsorize + z-score; optimize = optimize.rolling; backtest = backtest.run; risk =
 * metrics.performance + risk.var. Also the cost of moving a large panel from the worker to
 * the page (api.value of the momentum scores: bytes and ms).
 */
import type { Notebook } from "../kernel/document/schema";
import type { CellEvent } from "../kernel/scheduler/scheduler";
import { startKernelWorker } from "../kernel/worker/client";

export interface BenchSize { assets: number; days: number; seed: number }

export interface BrowserBenchResult {
  size: BenchSize;
  stages: { load: number; factor: number; optimize: number; backtest: number; risk: number };
  total: number;
  cells: Record<string, number>;
  kpis: Record<string, number | null>;
  transfer: { cell: string; bytes: number; ms: number; mbPerSec: number };
  errors: string[];
}

const STAGE_CELLS = { load: ["px"], factor: ["mom", "win", "z"], optimize: ["w"], backtest: ["bt"], risk: ["perf", "var"] } as const;

export function benchNotebook(size: BenchSize): Notebook {
  // data.synthetic's symbol names; listed so that the PIVOT can be a view (SQL cells are views)
  const width = Math.max(4, String(size.assets).length);
  const symbols = Array.from({ length: size.assets }, (_, i) => `S${String(i + 1).padStart(width, "0")}`);
  const block = (name: string, id: string, params: Record<string, unknown>, inputs: Record<string, string>) => ({ id: name, name, kind: "block" as const, block: id, params, inputs });
  return {
    format: "strategy-studio-notebook", version: 2, id: "bench", title: "Pipeline benchmark",
    datasets: [{ name: "u", source: { kind: "synthetic", params: { assets: size.assets, days: size.days, seed: size.seed } } }],
    cells: [
      { id: "px", name: "px", kind: "sql", source: `PIVOT (SELECT date, symbol, close FROM u) ON symbol IN (${symbols.map((x) => `'${x}'`).join(", ")}) USING first(close) ORDER BY date` },
      block("mom", "factor.momentum", { lookback: 252, skip: 21 }, { prices: "px" }),
      block("win", "factor.winsorize", { lower: 0.05, upper: 0.95 }, { scores: "mom" }),
      block("z", "factor.zscore", {}, { scores: "win" }),
      block("w", "optimize.rolling", { rebalance: "monthly", window: 252, top_quantile: 0.2, method: "min_variance", covariance: "ledoit_wolf", bounds: [0, 1], net: 1 }, { prices: "px", scores: "z" }),
      block("bt", "backtest.run", { rebalance: "monthly", cost_bps: 10 }, { prices: "px", weights: "w" }),
      block("perf", "metrics.performance", { periods_per_year: 252, risk_free: 0 }, { returns: "bt.returns" }),
      block("var", "risk.var", { method: "historical", confidence: 0.95 }, { returns: "bt.returns" }),
    ],
    graph: { positions: {} },
  };
}

function bytesOf(v: unknown, seen = new Set<ArrayBufferLike>()): number {
  if (ArrayBuffer.isView(v)) { if (seen.has(v.buffer)) return 0; seen.add(v.buffer); return v.byteLength; }
  if (Array.isArray(v)) return v.reduce((s: number, x) => s + (typeof x === "string" ? x.length * 2 : bytesOf(x, seen)), 0);
  if (typeof v === "object" && v !== null) return Object.values(v).reduce((s: number, x) => s + bytesOf(x, seen), 0);
  return 0;
}

export async function runBench(size: BenchSize): Promise<BrowserBenchResult> {
  const k = startKernelWorker();
  try {
    const done = new Map<string, number>();
    const errors: string[] = [];
    await k.onEvent((e: CellEvent) => {
      if (e.status === "done" && e.ms !== undefined) done.set(e.name, e.ms);
      if (e.status === "error") errors.push(`${e.name}: ${e.error?.message}`);
    });
    await k.api.open(benchNotebook(size), { trusted: true });
    const t0 = performance.now();
    const summary = await k.api.run();
    const wall = performance.now() - t0;
    // Cell events cross as separate messages and may trail the run's answer by a moment.
    const all = Object.values(STAGE_CELLS).flat();
    for (let i = 0; i < 100 && !errors.length && all.some((n) => !done.has(n)); i++) await new Promise((r) => setTimeout(r, 20));
    const cells = Object.fromEntries(done);
    const sum = (names: readonly string[]) => names.reduce((s, n) => s + (done.get(n) ?? NaN), 0) / 1000;
    const stages = {
      load: (wall - summary.ms) / 1000 + sum(STAGE_CELLS.load),
      factor: sum(STAGE_CELLS.factor), optimize: sum(STAGE_CELLS.optimize), backtest: sum(STAGE_CELLS.backtest), risk: sum(STAGE_CELLS.risk),
    };
    const total = Object.values(stages).reduce((s, x) => s + x, 0);
    const kpis: Record<string, number | null> = {};
    if (!errors.length) {
      const perf = (await k.api.value("perf")) as Record<string, number>;
      const risk = (await k.api.value("var")) as { var: number; es: number };
      for (const [name, x] of Object.entries(perf)) if (typeof x === "number") kpis[name] = Number.isFinite(x) ? x : null;
      kpis.var_95 = risk.var;
      kpis.es_95 = risk.es;
    }
    const t1 = performance.now();
    const mom = errors.length ? null : await k.api.value("mom");
    const ms = performance.now() - t1;
    const bytes = bytesOf(mom);
    return { size, stages, total, cells, kpis, transfer: { cell: "mom (momentum scores panel)", bytes, ms, mbPerSec: bytes / 2 ** 20 / (ms / 1000) }, errors };
  } finally {
    k.terminate();
  }
}

declare global {
  interface Window { studioBench: { runBench: typeof runBench; benchNotebook: typeof benchNotebook } }
}
window.studioBench = { runBench, benchNotebook };

const q = new URLSearchParams(location.search);
const status = document.getElementById("status")!;
if (q.has("assets")) {
  status.textContent = "running";
  runBench({ assets: Number(q.get("assets")), days: Number(q.get("days") ?? 1260), seed: Number(q.get("seed") ?? 42) }).then(
    (r) => { document.getElementById("result")!.textContent = JSON.stringify(r, null, 2); status.textContent = "done"; },
    (e) => { status.textContent = `failed: ${e instanceof Error ? e.message : String(e)}`; },
  );
} else status.textContent = "ready";
