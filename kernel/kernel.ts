/**
 * The kernel: a notebook, its scheduler, its data engine and its executor, with
 * no DOM. The same class runs in-process (tests, the headless CLI) and inside the
 * Web Worker behind comlink (the studio), so both pass the same tests.
 */
import { quoteIdent, type DataEngine, type DatasetInfo } from "./data/engine";
import { loadSyntheticAs } from "./data/bundledHost";
import type { Dataset, Notebook } from "./document/schema";
import { parseNotebook } from "./document/parse";
import { NotebookExecutor } from "./runtime/executor";
import { createStd, type StdLib } from "./runtime/std";
import { loadBlocks } from "./runtime/blocks";
import { Scheduler, type CellEvent, type RunSummary } from "./scheduler/scheduler";
import { hashValue } from "./scheduler/hash";
import { paramsOnlyEdit } from "./scheduler/paramsEdit";
import { rememberFreeNames } from "./scheduler/freeNames";
import type { Table } from "../blocks/core/values";

export interface KernelHost {
  /** Open the data engine; called once, on first need (a notebook without data starts none). */
  openEngine(): Promise<DataEngine>;
  /** Load a bundled dataset (by its catalog id) into the engine as table `name`. */
  loadBundled(engine: DataEngine, id: string, name: string): Promise<void>;
  /** Bytes of a dataset kept by reference (a file beside the notebook, or the studio's data library). */
  readReference?(file: string): Promise<Uint8Array>;
}

export interface GraphInfo {
  cells: { id: string; name: string; uses: string[]; usedBy: string[]; missing: string[]; cycle?: string }[];
}

export class Kernel {
  private notebook: Notebook | null = null;
  private engine: Promise<DataEngine> | null = null;
  private loaded = new Map<string, string>(); // dataset name -> version loaded
  /** SQL cells' views as created in the engine (name -> body), so a run does not re-create them all. */
  private views = new Map<string, string>();
  private datasetsVersion = "";
  private trusted = false;
  private dataLock: Promise<unknown> = Promise.resolve();
  private listeners = new Set<(e: CellEvent) => void>();
  readonly scheduler: Scheduler;

  constructor(private readonly host: KernelHost) {
    const sql = (q: string) => this.query(q);
    let std: Promise<StdLib> | null = null;
    const executor = new NotebookExecutor({
      query: (sql) => this.query(sql),
      createView: async (name, sql) => { await (await this.ensureData()).createView(name, sql); this.views.set(name, sql); },
      datasetNames: () => new Set(this.notebook?.datasets.map((d) => d.name) ?? []),
      cell: (name) => this.notebook?.cells.find((c) => c.name === name),
      datasetsVersion: () => this.datasetsVersion,
      trusted: () => this.trusted,
      std: () => (std ??= loadBlocks().then((blocks) => createStd(sql, blocks))),
    });
    this.scheduler = new Scheduler(executor, (e) => { for (const l of this.listeners) l(e); });
  }

  subscribe(listener: (e: CellEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Open (or replace) the notebook. A notebook from a file is untrusted until the user says so.
   * `freeNames`: code cells' free names by source, as the page computed them (scheduler/freeNames.ts).
   */
  open(input: Notebook | string | unknown, options: { trusted?: boolean; freeNames?: Record<string, string[] | null> } = {}): GraphInfo {
    for (const [source, names] of Object.entries(options.freeNames ?? {})) {
      if (names === null || (Array.isArray(names) && names.every((n) => typeof n === "string"))) rememberFreeNames(source, names);
    }
    const nb = parseNotebook(input);
    this.trusted = options.trusted ?? false;
    return this.apply(nb, { parsed: true });
  }

  /**
   * Apply an edited document: only cells whose content (or upstream) changed will run again.
   * A parameter form's edit (one block cell's params) skips re-parsing the whole notebook and
   * rebuilding its graph: only that cell is validated and re-hashed with what is downstream.
   */
  update(input: Notebook | unknown): GraphInfo {
    return this.apply(input, { parsed: false });
  }

  /** `parsed`: `open` has validated the document already (parsing it again cost a second zod pass). */
  private apply(input: Notebook | unknown, { parsed }: { parsed: boolean }): GraphInfo {
    const edit = this.notebook ? paramsOnlyEdit(this.notebook, input) : null;
    if (edit === "unchanged") {
      this.lastUpdate = "unchanged";
      return this.graphInfo();
    }
    if (edit) {
      const cells = this.notebook!.cells.slice();
      cells[edit.index] = edit.cell;
      this.notebook = { ...this.notebook!, cells };
      this.scheduler.updateParams(this.notebook, edit.cell);
      this.lastUpdate = "params";
      return this.graphInfo();
    }
    const nb = parsed ? (input as Notebook) : parseNotebook(input);
    this.notebook = nb;
    this.datasetsVersion = hashValue(nb.datasets);
    this.scheduler.setNotebook(nb);
    this.lastUpdate = "full";
    return this.graphInfo();
  }

  /** Which path the last update took (tests and debugging). */
  lastUpdate: "full" | "params" | "unchanged" | null = null;

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
  }

  isTrusted(): boolean {
    return this.trusted;
  }

  graphInfo(): GraphInfo {
    const g = this.scheduler.getGraph();
    return {
      cells: this.notebook!.cells.map((c) => {
        const n = g.nodes.get(c.name)!;
        const cycle = g.cycles.get(c.name);
        return { id: c.id, name: c.name, uses: n.uses, usedBy: n.usedBy, missing: n.missing, ...(cycle ? { cycle } : {}) };
      }),
    };
  }

  /** Run what is out of date; `force` re-runs the named cells and what depends on them. */
  async run(options: { force?: string[] } = {}): Promise<RunSummary> {
    if (!this.notebook) throw new Error("no notebook is open");
    if (this.needsData()) await this.ensureData();
    return this.scheduler.run(options);
  }

  cancel(): void {
    this.scheduler.cancel();
  }

  /** Load the block catalog ahead of the first run that needs it (block and code cells wait for it anyway). */
  preloadBlocks(): Promise<unknown> {
    return loadBlocks();
  }

  value(name: string): unknown {
    return this.scheduler.value(name);
  }

  async query(sql: string): Promise<Table> {
    return (await this.ensureData()).query(sql);
  }

  async tables(): Promise<(DatasetInfo & { kind: "table" | "view" })[]> {
    return (await this.ensureData()).tables();
  }

  /** Load bytes as a table of the engine (the studio's data library uses this). */
  async loadTable(name: string, format: "csv" | "parquet" | "arrow", bytes: Uint8Array): Promise<DatasetInfo> {
    const engine = await this.ensureData();
    this.views.delete(name);
    if (format === "csv") return engine.loadCsv(name, bytes);
    if (format === "parquet") return engine.loadParquet(name, bytes);
    return engine.loadArrow(name, bytes);
  }

  async exportParquet(sql: string): Promise<Uint8Array> {
    return (await this.ensureData()).exportParquet(sql);
  }

  async close(): Promise<void> {
    this.cancel();
    if (this.engine) await (await this.engine).close();
    this.engine = null;
    this.views.clear();
    this.loaded.clear();
  }

  private needsData(): boolean {
    const nb = this.notebook!;
    return nb.datasets.length > 0 || nb.cells.some((c) => c.kind === "sql");
  }

  /**
   * One ensureData at a time: a query or loadTable arriving while a run loads the
   * datasets would otherwise load the same table twice ("already exists").
   */
  private ensureData(): Promise<DataEngine> {
    const next = this.dataLock.then(() => this.ensureDataNow());
    this.dataLock = next.catch(() => undefined);
    return next;
  }

  /** Open the engine once, load datasets that changed, and (re)create the SQL cells' views. */
  private async ensureDataNow(): Promise<DataEngine> {
    if (!this.engine) this.engine = this.host.openEngine();
    const engine = await this.engine;
    const nb = this.notebook;
    if (!nb) return engine;
    for (const ds of nb.datasets) {
      const version = hashValue(ds.source);
      if (this.loaded.get(ds.name) === version) continue;
      this.views.clear(); // a table replaced: make the views again rather than trust them
      await this.loadDataset(engine, ds);
      this.loaded.set(ds.name, version);
    }
    // Views of SQL cells whose results come from the cache still have to exist for later SQL
    // (made once per body: each one is a round trip to DuckDB's worker before the run starts).
    for (const name of this.scheduler.getGraph().order) {
      const cell = this.scheduler.getGraph().nodes.get(name)!.cell;
      if (cell.kind !== "sql" || !this.scheduler.hasValue(name)) continue;
      const body = cell.source.trim().replace(/;\s*$/, "");
      if (this.views.get(name) === body) continue;
      await engine.createView(name, body).then(() => { this.views.set(name, body); }, () => undefined);
    }
    return engine;
  }

  private async loadDataset(engine: DataEngine, ds: Dataset): Promise<void> {
    const src = ds.source;
    try {
      if (src.kind === "bundled") await this.host.loadBundled(engine, src.id, ds.name);
      else if (src.kind === "embedded") await this.loadBytes(engine, ds.name, src.format, base64ToBytes(src.base64));
      else if (src.kind === "reference") {
        if (!this.host.readReference) throw new Error("datasets by reference cannot be read here");
        const format = /\.parquet$/i.test(src.file) ? "parquet" : /\.(arrow|feather|ipc)$/i.test(src.file) ? "arrow" : "csv";
        await this.loadBytes(engine, ds.name, format, await this.host.readReference(src.file));
      } else {
        await loadSyntheticAs(engine, ds.name, src.params);
      }
    } catch (e) {
      throw new Error(`dataset "${ds.name}": ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async loadBytes(engine: DataEngine, name: string, format: "csv" | "parquet" | "arrow", bytes: Uint8Array): Promise<void> {
    if (format === "csv") await engine.loadCsv(name, bytes);
    else if (format === "parquet") await engine.loadParquet(name, bytes);
    else await engine.loadArrow(name, bytes);
  }
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

export { quoteIdent };
