/**
 * The reactive scheduler, shaped like the Observable runtime: cells are nodes,
 * references are edges. A run computes every cell's content hash in topological
 * order and executes only cells whose hash has no cached result, which is exactly
 * the edited cells and those downstream of them. Cycles and missing names are
 * errors on the cells involved; a run can be cancelled; every cell reports
 * queued / running (with progress) / done (with time) / error (with message).
 */
import type { Cell, Notebook } from "../document/schema";
import { buildGraph, downstream, type DependencyGraph } from "./graph";
import { hashValue } from "./hash";

export type CellStatus = "idle" | "queued" | "running" | "done" | "error" | "stale" | "cancelled";

export interface CellErrorInfo { message: string; line?: number; path?: string }

export interface CellEvent {
  cellId: string;
  name: string;
  status: CellStatus;
  /** Fraction in [0, 1] while running, when the cell reports it. */
  progress?: number;
  /** Milliseconds the cell took (done) or had taken (error). */
  ms?: number;
  error?: CellErrorInfo;
  hash?: string;
  /** The result came from the cache without running. */
  cached?: boolean;
}

export interface RunContext {
  signal: AbortSignal;
  progress(fraction: number): void;
}

/** Runs one cell given the values of the cells it uses. */
export interface CellExecutor {
  execute(cell: Cell, inputs: ReadonlyMap<string, unknown>, ctx: RunContext): Promise<unknown>;
  /** Extra content a cell's hash depends on besides its source (e.g. dataset versions). */
  hashExtra?(cell: Cell): unknown;
}

export interface CachedResult { value: unknown; ms: number }

export interface RunSummary { ran: string[]; cached: string[]; errors: string[]; cancelled: boolean; ms: number }

export class CellFailure extends Error {
  readonly info: CellErrorInfo;
  constructor(info: CellErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

export class Scheduler {
  private notebook: Notebook | null = null;
  private graph: DependencyGraph | null = null;
  private readonly cache = new Map<string, CachedResult>();
  private readonly hashes = new Map<string, string>();
  private readonly status = new Map<string, CellEvent>();
  private controller: AbortController | null = null;
  private running: Promise<RunSummary> | null = null;

  constructor(
    private readonly executor: CellExecutor,
    private readonly onEvent: (e: CellEvent) => void = () => {},
    private readonly maxCacheEntries = 500,
  ) {}

  /** Replace the document. Cells whose hash changed are marked stale until the next run. */
  setNotebook(nb: Notebook): void {
    this.notebook = nb;
    this.graph = buildGraph(nb);
    this.applyHashes(nb, this.computeHashes(this.graph.order, new Map()));
  }

  /**
   * The document `nb` differs from the open one only in the params of block cell `cell` (same
   * name, block and inputs, so the same edges): swap that cell into the graph and re-hash it and
   * what is downstream of it, instead of rebuilding everything. Same hashes, same stale events
   * as setNotebook(nb).
   */
  updateParams(nb: Notebook, cell: Extract<Cell, { kind: "block" }>): void {
    const graph = this.getGraph();
    const node = graph.nodes.get(cell.name);
    if (!node || node.cell.kind !== "block" || node.cell.id !== cell.id) throw new Error(`no block cell "${cell.name}" to update`);
    // Behind a cycle, hashes depend on document order in ways only a full pass reproduces.
    if (graph.cycles.size) { this.setNotebook(nb); return; }
    // A new graph object: a run going on keeps the graph it started with.
    const nodes = new Map(graph.nodes);
    nodes.set(cell.name, { ...node, cell });
    this.graph = { ...graph, nodes };
    this.notebook = nb;
    this.applyHashes(nb, this.computeHashes(downstream(this.graph, [cell.name]), new Map(this.hashes)));
  }

  /** Adopt `fresh` hashes; a done cell whose hash changed is reported stale (in document order). */
  private applyHashes(nb: Notebook, fresh: Map<string, string>): void {
    for (const cell of nb.cells) {
      const h = fresh.get(cell.name);
      const prev = this.status.get(cell.id);
      if (prev && prev.hash !== h && prev.status === "done") this.emit({ cellId: cell.id, name: cell.name, status: "stale", hash: h });
    }
    this.hashes.clear();
    for (const [k, v] of fresh) this.hashes.set(k, v);
  }

  getGraph(): DependencyGraph {
    if (!this.graph) throw new Error("no notebook is open");
    return this.graph;
  }

  /** The last value of a cell, when its current hash has a result. */
  value(name: string): unknown {
    const h = this.hashes.get(name);
    return h ? this.cache.get(h)?.value : undefined;
  }

  hasValue(name: string): boolean {
    const h = this.hashes.get(name);
    return h !== undefined && this.cache.has(h);
  }

  hashOf(name: string): string | undefined {
    return this.hashes.get(name);
  }

  /** Seed the cache, e.g. from results persisted in IndexedDB. */
  prime(hash: string, result: CachedResult): void {
    this.cache.set(hash, result);
  }

  cacheEntries(): IterableIterator<[string, CachedResult]> {
    return this.cache.entries();
  }

  cellEvents(): CellEvent[] {
    return [...this.status.values()];
  }

  /**
   * Run what is out of date. `force` names cells to run again even when cached
   * (with everything downstream of them).
   */
  run(options: { force?: string[] } = {}): Promise<RunSummary> {
    if (this.running) this.cancel();
    const prev = this.running;
    const p = (async () => {
      if (prev) await prev.catch(() => undefined);
      return this.runNow(options.force ?? []);
    })();
    this.running = p;
    void p.finally(() => { if (this.running === p) this.running = null; });
    return p;
  }

  /** Stop the current run: the running cell is abandoned, queued cells are cancelled. */
  cancel(): void {
    this.controller?.abort();
  }

  private async runNow(force: string[]): Promise<RunSummary> {
    const nb = this.notebook, graph = this.graph;
    if (!nb || !graph) throw new Error("no notebook is open");
    const t0 = now();
    const controller = new AbortController();
    this.controller = controller;
    const forced = new Set(downstream(graph, force));
    for (const n of forced) {
      const h = this.hashes.get(n);
      if (h) this.cache.delete(h);
    }
    const summary: RunSummary = { ran: [], cached: [], errors: [], cancelled: false, ms: 0 };
    const failed = new Set<string>();
    const todo = graph.order.filter((n) => !this.cache.has(this.hashes.get(n)!));
    for (const n of todo) {
      const cell = graph.nodes.get(n)!.cell;
      this.emit({ cellId: cell.id, name: n, status: "queued", hash: this.hashes.get(n) });
    }
    for (const n of graph.order) {
      const node = graph.nodes.get(n)!;
      const cell = node.cell;
      const hash = this.hashes.get(n)!;
      if (controller.signal.aborted) {
        if (!this.cache.has(hash)) this.emit({ cellId: cell.id, name: n, status: "cancelled", hash });
        continue;
      }
      const cached = this.cache.get(hash);
      if (cached) {
        summary.cached.push(n);
        const prev = this.status.get(cell.id);
        if (!prev || prev.status !== "done" || prev.hash !== hash) this.emit({ cellId: cell.id, name: n, status: "done", ms: cached.ms, hash, cached: true });
        continue;
      }
      const problem = this.staticProblem(n, failed, graph);
      if (problem) {
        failed.add(n);
        summary.errors.push(n);
        this.emit({ cellId: cell.id, name: n, status: "error", error: { message: problem }, hash });
        continue;
      }
      // Let queued messages in (a cancel from the page) before starting the next cell.
      await nextMacrotask();
      if (controller.signal.aborted) {
        this.emit({ cellId: cell.id, name: n, status: "cancelled", hash });
        continue;
      }
      const inputs = new Map<string, unknown>();
      for (const u of node.uses) inputs.set(u, this.value(u));
      const started = now();
      let lastProgress = -1;
      const ctx: RunContext = {
        signal: controller.signal,
        progress: (f) => {
          const q = Math.max(0, Math.min(1, f));
          if (q - lastProgress >= 0.01 || q === 1) {
            lastProgress = q;
            this.emit({ cellId: cell.id, name: n, status: "running", progress: q, hash });
          }
        },
      };
      this.emit({ cellId: cell.id, name: n, status: "running", hash });
      try {
        const value = await abortable(this.executor.execute(cell, inputs, ctx), controller.signal);
        const ms = now() - started;
        this.store(hash, { value, ms });
        summary.ran.push(n);
        this.emit({ cellId: cell.id, name: n, status: "done", ms, hash });
      } catch (err) {
        const ms = now() - started;
        if (controller.signal.aborted) {
          this.emit({ cellId: cell.id, name: n, status: "cancelled", ms, hash });
          continue;
        }
        failed.add(n);
        summary.errors.push(n);
        this.emit({ cellId: cell.id, name: n, status: "error", ms, hash, error: errorInfo(err) });
      }
    }
    summary.cancelled = controller.signal.aborted;
    summary.ms = now() - t0;
    if (this.controller === controller) this.controller = null;
    return summary;
  }

  /** Why a cell cannot run before trying: a cycle, a missing name, or an upstream failure. */
  private staticProblem(n: string, failed: ReadonlySet<string>, graph: DependencyGraph): string | null {
    // The run's own graph: an update during the run (another notebook opened) replaces this.graph.
    const node = graph.nodes.get(n)!;
    const cycle = graph.cycles.get(n);
    if (cycle) return `Circular definition: ${cycle}. Break the cycle by removing one of these references.`;
    if (node.missing.length) {
      return `Unknown name${node.missing.length > 1 ? "s" : ""} ${node.missing.map((m) => `"${m}"`).join(", ")}: no cell or dataset is called that.`;
    }
    const bad = node.uses.filter((u) => failed.has(u) || graph.cycles.has(u));
    if (bad.length) return `Waiting on ${bad.map((b) => `"${b}"`).join(", ")}, which failed.`;
    const waiting = node.uses.filter((u) => !this.hasValue(u));
    if (waiting.length) return `Waiting on ${waiting.map((b) => `"${b}"`).join(", ")}, which has no result.`;
    return null;
  }

  /** Hash the named cells (in topological order) into `out`, which holds the hashes of what they use. */
  private computeHashes(names: readonly string[], out: Map<string, string>): Map<string, string> {
    const graph = this.graph!;
    for (const n of names) {
      const node = graph.nodes.get(n)!;
      const { id: _id, collapsed: _c, ...content } = node.cell;
      const upstream = node.uses.slice().sort().map((u) => [u, out.get(u) ?? "cycle"]);
      out.set(n, hashValue({ content, upstream, extra: this.executor.hashExtra?.(node.cell) ?? null }));
    }
    return out;
  }

  private store(hash: string, result: CachedResult): void {
    this.cache.set(hash, result);
    if (this.cache.size > this.maxCacheEntries) {
      const live = new Set(this.hashes.values());
      for (const k of this.cache.keys()) {
        if (this.cache.size <= this.maxCacheEntries) break;
        if (!live.has(k)) this.cache.delete(k);
      }
    }
  }

  private emit(e: CellEvent): void {
    this.status.set(e.cellId, e);
    this.onEvent(e);
  }
}

function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

/**
 * Resolve after the event loop has had a turn: awaiting resolved promises never lets a
 * worker's incoming messages (a cancel) in, so a run yields once per cell.
 */
function nextMacrotask(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((r) => setImmediate(r));
  return new Promise((r) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); r(); };
    channel.port2.postMessage(null);
  });
}

/** Settle as soon as the signal aborts, even when the work does not check it. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error("cancelled"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("cancelled"));
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => { signal.removeEventListener("abort", onAbort); resolve(v); },
      (e) => { signal.removeEventListener("abort", onAbort); reject(e); },
    );
  });
}

export function errorInfo(err: unknown): CellErrorInfo {
  if (err instanceof CellFailure) return err.info;
  if (err instanceof Error) return { message: err.message || err.name };
  return { message: String(err) };
}
