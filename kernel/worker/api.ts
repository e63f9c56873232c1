/**
 * The kernel's API as the page sees it through comlink. Both the in-process kernel
 * (tests) and the worker expose this shape. Large values cross as transferred
 * typed-array buffers, never as JSON.
 */
import type { DatasetInfo } from "../data/engine";
import type { Notebook } from "../document/schema";
import type { GraphInfo } from "../kernel";
import type { CellEvent, RunSummary } from "../scheduler/scheduler";
import type { Table } from "../../blocks/core/values";

export interface KernelApi {
  /**
   * `freeNames`: code cells' free names by source, computed by the caller with the kernel's own
   * function (scheduler/freeNames.ts), so that opening need not transpile and parse them first.
   */
  open(notebook: Notebook | unknown, options?: { trusted?: boolean; freeNames?: Record<string, string[] | null> }): Promise<GraphInfo>;
  update(notebook: Notebook | unknown): Promise<GraphInfo>;
  setTrusted(trusted: boolean): Promise<void>;
  /** Resolves once the data engine is up (DuckDB-WASM started, the network closed); open and update need not wait for it. */
  engineReady(): Promise<void>;
  run(options?: { force?: string[] }): Promise<RunSummary>;
  cancel(): Promise<void>;
  /** A cell's current value (a copy whose buffers are transferred). */
  value(name: string): Promise<unknown>;
  /**
   * Listen to cell events; the callback must be wrapped with Comlink.proxy. With `values`, a
   * computed cell's "done" event carries its value (a transferred copy, as value() gives), so the
   * page need not ask for it while the worker is busy with the next cells.
   */
  subscribe(listener: (e: CellEvent & { value?: unknown }) => void, options?: { values?: boolean }): Promise<void>;
  query(sql: string): Promise<Table>;
  tables(): Promise<(DatasetInfo & { kind: "table" | "view" })[]>;
  loadTable(name: string, format: "csv" | "parquet" | "arrow", bytes: Uint8Array): Promise<DatasetInfo>;
  exportParquet(sql: string): Promise<Uint8Array>;
  /** Seed the result cache (values persisted by the studio, keyed by content hash). */
  prime(entries: { hash: string; value: unknown; ms: number }[]): Promise<void>;
  /**
   * Where datasets kept by reference come from (the studio's data library in IndexedDB,
   * which the worker cannot reach itself): the callback must be wrapped with Comlink.proxy.
   */
  setReferenceReader(reader: (file: string) => Promise<Uint8Array>): Promise<void>;
  /** Milliseconds of busy work in the worker: proves heavy work is not on the page. */
  spin(ms: number): Promise<number>;
}
