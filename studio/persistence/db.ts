/**
 * The studio's local database (Dexie over IndexedDB). Everything the studio keeps
 * between visits lives here: notebooks (with a revision counter each), the data
 * library's bytes, settings, paper-trading books, the results cache (cell values
 * keyed by the cell's content hash) and the run history.
 *
 * Schema versions (never edit an old one; add a new version with an upgrade):
 *   1  notebooks(id, title, updatedAt), datasets(id, name), settings(key), results(hash, notebookId)
 *   2  + paperBooks(id, notebookId), runs(++id, notebookId, cellName, at);
 *      notebooks get `rev` (revision counter) and `trusted`; results get `savedAt`.
 */
import Dexie, { type Table } from "dexie";
import type { Notebook } from "../../kernel/document/schema";
import { DB_NAME, DB_VERSION } from "./prefetch";

// Defined beside main.tsx's raw read of the last notebook (prefetch.ts), which checks the same version.
export { DB_NAME, DB_VERSION };

export interface NotebookRow {
  id: string;
  title: string;
  doc: Notebook;
  /** Revision counter: every accepted save adds one. A save based on an older revision is refused. */
  rev: number;
  updatedAt: number;
  /** Whether its code cells may run (a notebook from a file or a link starts untrusted). */
  trusted: boolean;
  /** Where it came from: "local", "file" or "link". */
  origin?: string;
}

export interface DatasetRow {
  id: string;
  /** Table name in DuckDB (an identifier). */
  name: string;
  format: "csv" | "parquet" | "arrow";
  /** The file's bytes, exactly as picked. */
  bytes: Uint8Array;
  size: number;
  /** SHA-256 of the bytes (hex), the dataset's version. */
  hash: string;
  fileName: string;
  createdAt: number;
  rows?: number;
  columns?: { name: string; type: string }[];
  /** Standard name -> the file's column (date, symbol, close, ...), when the names were not standard. */
  mapping?: Record<string, string>;
}

export interface SettingRow { key: string; value: unknown }

/** A paper-trading book: the last book an `orders.paper_book` cell returned (id = "<notebook id>/<cell name>"). */
export interface PaperBookRow { id: string; notebookId: string; cellName?: string; book: unknown; updatedAt: number }

export interface ResultRow {
  /** The cell's content hash (CellEvent.hash). */
  hash: string;
  notebookId: string;
  cellName: string;
  value: unknown;
  ms: number;
  savedAt: number;
}

export interface RunRow {
  id?: number;
  notebookId: string;
  cellId: string;
  cellName: string;
  block: string;
  params: Record<string, unknown>;
  inputs: Record<string, string>;
  /** Content hash of the notebook's datasets (sources and, for library data, the bytes' hash). */
  datasetVersion: string;
  kpis: Record<string, number | null>;
  /** Equity curve, downsampled: day numbers and values. */
  equity?: { index: Int32Array; values: Float64Array };
  ms: number;
  at: number;
  hash?: string;
  note?: string;
}

export class StudioDb extends Dexie {
  notebooks!: Table<NotebookRow, string>;
  datasets!: Table<DatasetRow, string>;
  settings!: Table<SettingRow, string>;
  paperBooks!: Table<PaperBookRow, string>;
  results!: Table<ResultRow, string>;
  runs!: Table<RunRow, number>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      notebooks: "id, title, updatedAt",
      datasets: "id, name",
      settings: "key",
      results: "hash, notebookId",
    });
    this.version(2)
      .stores({
        notebooks: "id, title, updatedAt",
        datasets: "id, name",
        settings: "key",
        results: "hash, notebookId, savedAt",
        paperBooks: "id, notebookId",
        runs: "++id, notebookId, cellName, at",
      })
      .upgrade(async (tx) => {
        await tx.table("notebooks").toCollection().modify((row: Partial<NotebookRow>) => {
          if (typeof row.rev !== "number") row.rev = 1;
          if (typeof row.trusted !== "boolean") row.trusted = true; // v1 kept only the user's own notebooks
          if (typeof row.updatedAt !== "number") row.updatedAt = Date.now();
        });
        await tx.table("results").toCollection().modify((row: Partial<ResultRow>) => {
          if (typeof row.savedAt !== "number") row.savedAt = 0;
        });
      });
  }
}

let shared: StudioDb | null = null;

/** The page's database (one connection). */
export function studioDb(): StudioDb {
  if (!shared) shared = new StudioDb();
  return shared;
}

/** A storage quota error, however Dexie or the browser wrapped it. */
export function isQuotaError(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 4; depth++) {
    const name = (x as { name?: string }).name;
    if (name === "QuotaExceededError" || name === "QuotaExceeded") return true;
    const msg = (x as { message?: string }).message;
    if (typeof msg === "string" && /quota/i.test(msg)) return true;
    x = (x as { inner?: unknown; cause?: unknown }).inner ?? (x as { cause?: unknown }).cause;
  }
  return false;
}

export class QuotaError extends Error {
  constructor(what: string) {
    super(`The browser's storage for this site is full, so ${what} could not be saved. Everything saved before is kept. ` +
      "Free space by deleting data sets from the library or old notebooks, or export this notebook to a file.");
    this.name = "QuotaError";
  }
}

export async function getSetting<T>(db: StudioDb, key: string): Promise<T | undefined> {
  return (await db.settings.get(key))?.value as T | undefined;
}

export async function setSetting(db: StudioDb, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}
