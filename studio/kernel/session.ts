/**
 * The page's side of the kernel: one worker (kernel/worker/client.ts) running the
 * open document. It mirrors cell events into a state React can read, fetches a
 * cell's value after its "done" event, runs on change (debounced), and stops a
 * run; a cell stuck in a loop that never yields gets its worker terminated and a
 * fresh one started, with a notice saying so.
 */
import { useSyncExternalStore } from "react";
import type { Notebook } from "../../kernel/document/schema";
import type { GraphInfo } from "../../kernel/kernel";
import type { CellEvent, RunSummary } from "../../kernel/scheduler/scheduler";
import { startKernelWorker, type KernelClient } from "../../kernel/worker/client";
import type { KernelApi } from "../../kernel/worker/api";
import type { Remote } from "comlink";
import { markStartup } from "../perf";
import { once } from "../state/once";
import { knownFreeNames } from "../../kernel/scheduler/freeNames";

/**
 * The free names of the code cells that this page has parsed already (its graph, its result hashes),
 * sent with `open` so that the worker need not parse them before answering. Never parses here.
 */
function knownCodeNames(doc: Notebook): Record<string, string[] | null> {
  const out: Record<string, string[] | null> = {};
  for (const c of doc.cells) {
    if (c.kind !== "code") continue;
    const names = knownFreeNames(c.source);
    if (names !== undefined) out[c.source] = names;
  }
  return out;
}

export interface CellValue { value: unknown; hash?: string }

export interface SessionState {
  /** Last event of each cell, by cell id. */
  events: Record<string, CellEvent>;
  /** Latest fetched value of each cell, by cell id. */
  values: Record<string, CellValue>;
  graph: GraphInfo | null;
  running: boolean;
  /** Cells this run has to compute, and how many are settled. */
  run: { total: number; settled: number; startedAt: number } | null;
  lastRun: RunSummary | null;
  runOnChange: boolean;
  notice: { text: string; tone: "info" | "warn" | "error" } | null;
  /**
   * The cell whose parameters or bindings were edited last (by id), until another kind of edit: the
   * user is looking at it, so its new result is drawn first, at once (CellResult, PlotFigure).
   */
  focus: string | null;
  /** A counter per cell id of how many times it started running (for tests and the UI). */
  runs: Record<string, number>;
  restarts: number;
}

type Listener = () => void;

const DEBOUNCE_MS = 400;
const STOP_GRACE_MS = 1500;

export class KernelSession {
  private client: KernelClient | null = null;
  private opened: Promise<void> | null = null;
  private doc: Notebook;
  private trusted: boolean;
  private state: SessionState;
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private runToken = 0;
  /** Run on every new worker once the document is open, before start() resolves (data library, cache priming). */
  private startHooks: ((api: Remote<KernelApi>) => Promise<void>)[] = [];
  /** Every event received, newest last (bounded), for tests and debugging. */
  readonly log: CellEvent[] = [];

  /** A worker started before the session existed (main.tsx), used by the first start(). */
  private prestarted: KernelClient | null;

  constructor(doc: Notebook, options: { trusted?: boolean; runOnChange?: boolean; client?: KernelClient } = {}) {
    this.doc = doc;
    this.prestarted = options.client ?? null;
    this.trusted = options.trusted ?? true;
    this.state = {
      events: {}, values: {}, graph: null, running: false, run: null, lastRun: null,
      runOnChange: options.runOnChange ?? true, notice: null, focus: null, runs: {}, restarts: 0,
    };
  }

  getState = (): SessionState => this.state;

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => { this.listeners.delete(l); };
  };

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }

  /** Start the worker and open the document in it. */
  start(): Promise<void> {
    if (this.opened) return this.opened;
    const gen = ++this.generation;
    const client = this.prestarted ?? startKernelWorker();
    this.prestarted = null;
    this.client = client;
    this.opened = (async () => {
      // Values come with their "done" events: asking for them would wait for the cells running after.
      // Subscribe and open are sent together (comlink keeps the order, so the worker has the listener
      // before it opens): waiting for the first answer put a second round trip, queued behind the
      // page's first render, before the kernel had the document.
      const [, graph] = await Promise.all([
        client.onEvent((e) => { if (gen === this.generation) this.onEvent(e); }, { values: true }),
        client.api.open(this.doc, { trusted: this.trusted, freeNames: knownCodeNames(this.doc) }),
      ]);
      if (gen === this.generation) this.set({ graph });
      markStartup("studio:kernel"); // for the benchmark (bench/studio.ts)
      // After open (they read IndexedDB; the data library's waits for DuckDB); runs wait for start() anyway.
      for (const hook of this.startHooks) await hook(client.api).catch((e) => console.warn("worker start hook failed", e));
    })().catch((e) => {
      this.set({ notice: { text: `The kernel could not start: ${message(e)}`, tone: "error" } });
    });
    return this.opened;
  }

  /**
   * The document changed: tell the worker, and run after a short pause when run-on-change is on
   * (400 ms after typing stops; at once for `immediate` edits such as a parameter form's, since a
   * new run cancels the one going on between cells). `focus`: the cell the edit was made in, when
   * its result is what the user waits for (a parameter form's edit); other edits clear it.
   */
  setDocument(doc: Notebook, options: { kernel?: boolean; immediate?: boolean; focus?: string } = {}): void {
    // Another notebook (open, example, import): cell ids may repeat across notebooks, so forget the old one's results.
    if (doc.id !== this.doc.id) { this.dropQueuedEvents(); this.set({ events: {}, values: {}, runs: {}, run: null }); }
    const focus = options.focus ?? null;
    if (focus !== this.state.focus) this.set({ focus });
    this.doc = doc;
    if (options.kernel === false) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (options.immediate) {
      // Right after the input event's task (a microtask, not a timer behind the render it caused);
      // edits made in the same task go as one.
      if (!this.immediatePending) {
        this.immediatePending = true;
        queueMicrotask(() => { this.immediatePending = false; void this.syncAndRun(); });
      }
      return;
    }
    this.timer = setTimeout(() => { this.timer = null; void this.syncAndRun(); }, DEBOUNCE_MS);
  }

  /**
   * Send the document and, with run-on-change, run it, in one round trip: comlink delivers calls
   * in order, so the worker has the new document before it hears `run`; waiting for `update` to
   * answer first cost a round trip behind whatever the worker and the page were doing.
   */
  private async syncAndRun(): Promise<void> {
    await this.start();
    const client = this.client!;
    const updated = this.updateWith(client);
    if (!this.state.runOnChange) { await updated; return; }
    await this.runWith(client, undefined, updated);
  }

  setTrusted(t: boolean): void {
    this.trusted = t;
    void this.start().then(() => this.client?.api.setTrusted(t));
  }

  setRunOnChange(on: boolean): void {
    this.set({ runOnChange: on });
    if (on) void this.sync().then((ok) => { if (ok) void this.run(); });
  }

  /** Send the current document to the worker; false when it refused it. */
  async sync(): Promise<boolean> {
    await this.start();
    return this.updateWith(this.client!);
  }

  private async updateWith(client: KernelClient): Promise<boolean> {
    try {
      const graph = await client.api.update(this.doc);
      if (client === this.client) this.set({ graph, notice: this.state.notice?.tone === "error" ? null : this.state.notice });
      return true;
    } catch (e) {
      this.set({ notice: { text: `The document has a problem: ${message(e)}`, tone: "error" } });
      return false;
    }
  }

  /** Run what is out of date; `force` re-runs the named cells and their dependents. */
  async run(force?: string[]): Promise<RunSummary | null> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; if (!(await this.sync())) return null; }
    await this.start();
    return this.runWith(this.client!, force);
  }

  /** `updated`: an update sent just before (its answer is not awaited before `run` is sent). */
  private async runWith(client: KernelClient, force?: string[], updated?: Promise<boolean>): Promise<RunSummary | null> {
    const token = ++this.runToken;
    this.set({ running: true, run: { total: 0, settled: 0, startedAt: performance.now() } });
    try {
      const running = client.api.run(force ? { force } : {});
      // A refused document leaves the worker's as it was: that run only finds it up to date.
      if (updated) await updated;
      const summary = await running;
      this.flushEvents(); // the state says "not running" only once it shows the run's last events
      if (token === this.runToken && client === this.client) this.set({ running: false, lastRun: summary });
      return summary;
    } catch (e) {
      this.flushEvents();
      if (token === this.runToken && client === this.client) {
        this.set({ running: false, notice: { text: `The run failed: ${message(e)}`, tone: "error" } });
      }
      return null;
    }
  }

  /** Re-run one cell (and what depends on it), even if its result is cached. */
  runCell(name: string): Promise<RunSummary | null> {
    return this.run([name]);
  }

  /**
   * Stop the run. A cell that never yields (a synchronous endless loop) keeps the
   * worker from even hearing the request: then the worker is terminated and a new
   * one opens the document again.
   */
  async stop(): Promise<"cancelled" | "restarted" | "idle"> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (!this.state.running) return "idle";
    const client = this.client!;
    const answered = await Promise.race([
      client.api.cancel().then(() => true, () => false),
      sleep(STOP_GRACE_MS).then(() => false),
    ]);
    // The cancel got through; give the run a moment to wind down.
    if (answered) {
      const settled = await Promise.race([this.whenIdle().then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
      if (settled) return "cancelled";
    }
    this.flushEvents();
    const stuck = Object.values(this.state.events).find((e) => e.status === "running");
    await this.restart(stuck ? `Cell "${stuck.name}" did not stop (a loop that never yields?), so its kernel worker was terminated and a new one started. Its results are gone; run again to recompute.` : "The kernel did not answer, so its worker was terminated and a new one started.");
    return "restarted";
  }

  /** Terminate the worker and start a fresh one on the same document. */
  async restart(reason: string): Promise<void> {
    this.flushEvents();
    this.generation++;
    this.runToken++;
    this.client?.terminate();
    this.client = null;
    this.opened = null;
    const events: Record<string, CellEvent> = {};
    for (const [id, e] of Object.entries(this.state.events)) {
      events[id] = e.status === "running" || e.status === "queued"
        ? { ...e, status: e.status === "running" ? "error" : "cancelled", progress: undefined, error: e.status === "running" ? { message: "Stopped: the kernel worker was restarted while this cell ran." } : undefined }
        : e.status === "done" ? { ...e, status: "stale" } : e;
    }
    this.set({ running: false, run: null, events, restarts: this.state.restarts + 1, notice: { text: reason, tone: "warn" } });
    await this.start();
  }

  /** Run `hook` on every worker this session starts, once the document is open in it (before start() resolves). */
  onWorkerStart(hook: (api: Remote<KernelApi>) => Promise<void>): void {
    this.startHooks.push(hook);
  }

  /** The running worker's API (starting it when needed). */
  async api(): Promise<Remote<KernelApi>> {
    await this.start();
    if (!this.client) throw new Error("the kernel is not running");
    return this.client.api;
  }

  /** Show results kept from an earlier visit (matched by content hash) before the worker recomputes anything. */
  prime(results: { cellId: string; name: string; hash: string; value: unknown; ms: number }[]): void {
    if (!results.length) return;
    const values = { ...this.state.values };
    const events = { ...this.state.events };
    for (const r of results) {
      values[r.cellId] = { value: r.value, hash: r.hash };
      if (!events[r.cellId]) events[r.cellId] = { cellId: r.cellId, name: r.name, status: "done", ms: r.ms, hash: r.hash, cached: true };
    }
    this.set({ values, events });
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  /** Busy work in the worker for `ms` milliseconds (shows the page stays responsive). */
  async spin(ms: number): Promise<number> {
    await this.start();
    return this.client!.api.spin(ms);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.dropQueuedEvents();
    this.generation++;
    this.client?.terminate();
    this.client = null;
  }

  private whenIdle(): Promise<void> {
    return once(() => !this.state.running, [this]);
  }

  /**
   * Cell events are applied in batches, all those already waiting in one state change: a run sends
   * dozens (queued, running, progress, done), each a message of its own, and one React commit per
   * event made a run's results cost many commits where one would do. The batch is applied in a task
   * queued behind the messages already there (not at the next animation frame: under load the page
   * waited 100+ ms for a frame while the chart's data sat in the queue).
   */
  private onEvent(withValue: CellEvent & { value?: unknown }): void {
    const { value: _value, ...e } = withValue;
    this.log.push(e);
    if (this.log.length > 5000) this.log.splice(0, 1000);
    this.queued.push(withValue);
    if (this.flushHandle === null) this.flushHandle = afterQueuedMessages(() => { this.flushHandle = null; this.flushEvents(); });
  }

  private queued: (CellEvent & { value?: unknown })[] = [];
  private flushHandle: (() => void) | null = null;
  private immediatePending = false;

  /** Apply the queued events now (before state that must agree with them: a run's end, a restart). */
  private flushEvents(): void {
    if (this.flushHandle) { this.flushHandle(); this.flushHandle = null; }
    if (!this.queued.length) return;
    const batch = this.queued;
    this.queued = [];
    let { events, values, runs, run } = this.state;
    const fetch: CellEvent[] = [];
    for (const withValue of batch) {
      const { value, ...e } = withValue;
      const carried = "value" in withValue;
      if (run) {
        if (e.status === "queued") run = { ...run, total: run.total + 1 };
        else if ((e.status === "done" && !e.cached) || e.status === "error" || e.status === "cancelled") {
          const prev = events[e.cellId];
          if (prev && (prev.status === "queued" || prev.status === "running")) run = { ...run, settled: Math.min(run.total, run.settled + 1) };
        }
      }
      events = { ...events, [e.cellId]: e };
      if (e.status === "running" && e.progress === undefined) runs = { ...runs, [e.cellId]: (runs[e.cellId] ?? 0) + 1 };
      if (e.status === "error") {
        // An error leaves no value for the current content.
        const { [e.cellId]: _drop, ...rest } = values;
        values = rest;
      }
      if (carried && e.status === "done") values = { ...values, [e.cellId]: { value, hash: e.hash } };
      if (e.status === "done" && !carried) fetch.push(e);
    }
    this.set({ events, values, runs, run });
    for (const e of fetch) void this.fetchValue(e);
  }

  /** Events of the old document still queued (another notebook opened): never applied. */
  private dropQueuedEvents(): void {
    if (this.flushHandle) { this.flushHandle(); this.flushHandle = null; }
    this.queued = [];
  }

  private async fetchValue(e: CellEvent): Promise<void> {
    const have = this.state.values[e.cellId];
    if (have && have.hash !== undefined && have.hash === e.hash) return;
    const client = this.client;
    if (!client) return;
    try {
      const value = await client.api.value(e.name);
      if (client !== this.client) return;
      const cur = this.state.events[e.cellId];
      if (cur && cur.hash !== e.hash) return; // a newer run replaced it meanwhile
      this.set({ values: { ...this.state.values, [e.cellId]: { value, hash: e.hash } } });
    } catch (err) {
      this.set({ notice: { text: `Could not read the value of ${e.name}: ${message(err)}`, tone: "warn" } });
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Call `f` in a task of its own, after the messages (the worker's events) already queued; returns a cancel function. */
function afterQueuedMessages(f: () => void): () => void {
  if (typeof MessageChannel === "undefined") {
    const id = setTimeout(f, 0);
    return () => clearTimeout(id);
  }
  const job = { f, cancelled: false };
  flushJobs.push(job);
  flushChannel ??= newFlushChannel();
  flushChannel.port2.postMessage(null);
  return () => { job.cancelled = true; };
}

/** One channel for the whole page (a channel made per call can be collected before its message arrives). */
let flushChannel: MessageChannel | null = null;
const flushJobs: { f: () => void; cancelled: boolean }[] = [];

function newFlushChannel(): MessageChannel {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => {
    const job = flushJobs.shift();
    if (job && !job.cancelled) job.f();
  };
  return ch;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function useSession(session: KernelSession): SessionState {
  return useSyncExternalStore(session.subscribe, session.getState, session.getState);
}

/**
 * One part of the session's state (`select` returns a piece of it, compared by identity):
 * the component re-renders when that part changes, not on every event of every cell.
 */
export function useSessionPart<T>(session: KernelSession, select: (s: SessionState) => T): T {
  const get = () => select(session.getState());
  return useSyncExternalStore(session.subscribe, get, get);
}
