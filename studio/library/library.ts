/**
 * The data library: CSV, Parquet and Arrow files the user adds, kept as bytes in
 * IndexedDB (so they are there after a reload) and loaded into DuckDB in the
 * kernel worker. A file is read on the page in chunks (progress, the page stays
 * responsive), its bytes go to IndexedDB, then are transferred (not copied) to
 * the worker, where DuckDB parses them. A notebook uses a library data set by
 * reference (`library/<id>.<format>` with the bytes' SHA-256), so the notebook
 * stays small and its cached results follow the data's version.
 */
import type { Remote } from "comlink";
import * as Comlink from "comlink";
import type { Dataset, Notebook } from "../../kernel/document/schema";
import type { KernelApi } from "../../kernel/worker/api";
import type { Table } from "../../blocks/core/values";
import { isQuotaError, QuotaError, type DatasetRow, type StudioDb } from "../persistence/db";

export type Format = DatasetRow["format"];

const CHUNK = 4 * 1024 * 1024;

/** The format of a file by its name (csv, tsv and txt are read as CSV). */
export function formatOf(fileName: string): Format | null {
  if (/\.(csv|tsv|txt)$/i.test(fileName)) return "csv";
  if (/\.parquet$/i.test(fileName)) return "parquet";
  if (/\.(arrow|feather|ipc|arrows)$/i.test(fileName)) return "arrow";
  return null;
}

/** A table name made from a file name: letters, digits and _, not starting with a digit. */
export function tableNameOf(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, "").toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return (/^[0-9]/.test(base) ? `t_${base}` : base) || "data";
}

/** Read a File (or Blob) in chunks, reporting the fraction read; the page keeps painting between chunks. */
export async function readWithProgress(file: Blob, onProgress: (fraction: number) => void): Promise<Uint8Array> {
  const out = new Uint8Array(file.size);
  for (let at = 0; at < file.size; at += CHUNK) {
    const part = new Uint8Array(await file.slice(at, Math.min(file.size, at + CHUNK)).arrayBuffer());
    out.set(part, at);
    onProgress(Math.min(1, (at + part.length) / Math.max(1, file.size)));
  }
  if (file.size === 0) onProgress(1);
  return out;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function referenceOf(row: Pick<DatasetRow, "id" | "format">): string {
  return `library/${row.id}.${row.format}`;
}

/** The library row a reference names, or null when it is not a library reference. */
export function idOfReference(file: string): string | null {
  const m = /^library\/(.+)\.(csv|parquet|arrow)$/.exec(file);
  return m ? m[1] : null;
}

/** Read a library reference's bytes (the kernel worker asks for them through the page). */
export async function readReference(db: StudioDb, file: string): Promise<Uint8Array> {
  const id = idOfReference(file);
  const row = id ? await db.datasets.get(id) : undefined;
  if (!row) throw new Error(`the data file "${file}" is not in this browser's data library (import the notebook with its data embedded, or add the file to the library)`);
  return row.bytes;
}

export function uniqueName(taken: Iterable<string>, base: string): string {
  const t = new Set(taken);
  for (let i = 1; ; i++) {
    const n = i === 1 ? base : `${base}_${i}`;
    if (!t.has(n)) return n;
  }
}

export interface AddProgress { phase: "reading" | "saving" | "loading" | "done"; fraction: number }

/**
 * Add a file to the library: read it (progress), keep its bytes in IndexedDB, load it
 * into DuckDB in the worker. On a DuckDB error the row is removed again.
 */
export async function addFile(
  db: StudioDb,
  api: Remote<KernelApi> | KernelApi,
  file: File,
  options: { name?: string; onProgress?: (p: AddProgress) => void } = {},
): Promise<DatasetRow> {
  const format = formatOf(file.name);
  if (!format) throw new Error(`"${file.name}" is not a CSV, Parquet or Arrow file (by its extension: .csv, .tsv, .parquet, .arrow, .feather).`);
  const report = options.onProgress ?? (() => {});
  const bytes = await readWithProgress(file, (f) => report({ phase: "reading", fraction: f * 0.6 }));
  report({ phase: "saving", fraction: 0.6 });
  const hash = await sha256Hex(bytes);
  // The name index: no dataset bytes are read just to pick a free name.
  const names = (await db.datasets.orderBy("name").keys()).map(String);
  const name = options.name ?? uniqueName(names, tableNameOf(file.name));
  const row: DatasetRow = {
    id: `ds-${Date.now().toString(36)}-${Math.floor(Math.random() * 46656).toString(36)}`,
    name, format, bytes, size: bytes.byteLength, hash, fileName: file.name, createdAt: Date.now(),
  };
  try {
    await db.datasets.put(row);
  } catch (e) {
    if (isQuotaError(e)) throw new QuotaError(`the data set "${file.name}" (${formatBytes(bytes.byteLength)})`);
    throw e;
  }
  report({ phase: "loading", fraction: 0.7 });
  try {
    const info = await loadInto(api, row, bytes, true);
    row.rows = info.rows;
    row.columns = info.columns.map((c) => ({ name: c.name, type: c.type }));
    await db.datasets.update(row.id, { rows: row.rows, columns: row.columns });
  } catch (e) {
    await db.datasets.delete(row.id);
    throw new Error(`DuckDB could not read "${file.name}": ${e instanceof Error ? e.message : String(e)}`);
  }
  report({ phase: "done", fraction: 1 });
  return row;
}

/** Load a row's bytes into the worker as table `row.name` (and its mapped view). */
export async function loadInto(
  api: Remote<KernelApi> | KernelApi,
  row: DatasetRow,
  bytes: Uint8Array = row.bytes,
  transfer = false,
): Promise<{ rows: number; columns: { name: string; type: string }[] }> {
  const payload = transfer ? Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]) : bytes.slice();
  const info = await api.loadTable(row.name, row.format, payload);
  if (row.mapping && Object.keys(row.mapping).length) await api.query(mappingViewSql(row.name, row.mapping));
  return { rows: info.rows, columns: info.columns.map((c) => ({ name: c.name, type: String(c.type) })) };
}

export interface Preview { table: Table; columns: { name: string; type: string }[]; rows: number }

export async function preview(api: Remote<KernelApi> | KernelApi, name: string, limit = 50): Promise<Preview> {
  const table = await api.query(`select * from ${quote(name)} limit ${limit}`);
  const all = await api.tables();
  const info = all.find((t) => t.name === name);
  return { table, columns: (info?.columns ?? []).map((c) => ({ name: c.name, type: String(c.type) })), rows: info?.rows ?? table.rowCount };
}

/** The standard column names a price data set can map to. */
export const STANDARD_FIELDS = ["date", "symbol", "open", "high", "low", "close", "adjclose", "volume", "sector"] as const;
export type StandardField = (typeof STANDARD_FIELDS)[number];

const SYNONYMS: Record<StandardField, RegExp> = {
  date: /^(date|day|time|timestamp|datetime|trade_?date|as_?of|dt)$/i,
  symbol: /^(symbol|ticker|asset|security|instrument|name|code|permno|isin|ric)$/i,
  open: /^(open|open_?price|o)$/i,
  high: /^(high|high_?price|h)$/i,
  low: /^(low|low_?price|l)$/i,
  close: /^(close|close_?price|price|last|px_?last|prc|c)$/i,
  adjclose: /^(adj_?close|adjusted_?close|adj_?price)$/i,
  volume: /^(volume|vol|shares_?traded|qty|v)$/i,
  sector: /^(sector|industry|group|gics_?sector)$/i,
};

/** A first guess of the mapping from the file's column names. */
export function guessMapping(columns: string[]): Partial<Record<StandardField, string>> {
  const out: Partial<Record<StandardField, string>> = {};
  const used = new Set<string>();
  for (const f of STANDARD_FIELDS) {
    const exact = columns.find((c) => c === f && !used.has(c));
    const hit = exact ?? columns.find((c) => !used.has(c) && SYNONYMS[f].test(c.trim().replace(/[\s.-]+/g, "_")));
    if (hit) { out[f] = hit; used.add(hit); }
  }
  return out;
}

/** Whether the columns already carry the standard names (no mapping needed). */
export function isStandard(columns: string[]): boolean {
  const set = new Set(columns);
  return set.has("date") && (set.has("close") || set.has("symbol"));
}

export function mappedViewName(name: string): string {
  return `${name}_std`;
}

export function quote(id: string): string {
  return `"${id.replace(/"/g, '""')}"`;
}

/** SQL of the view with standard names: `<name>_std(date, symbol, close, ...)`. */
export function mappingSelect(name: string, mapping: Record<string, string>): string {
  const parts = STANDARD_FIELDS.filter((f) => mapping[f]).map((f) => `${quote(mapping[f])} as ${f}`);
  if (!parts.length) throw new Error("map at least one column");
  return `select ${parts.join(", ")} from ${quote(name)}`;
}

export function mappingViewSql(name: string, mapping: Record<string, string>): string {
  return `create or replace view ${quote(mappedViewName(name))} as ${mappingSelect(name, mapping)}`;
}

/** The dataset entry a notebook gets for a library row. */
export function datasetEntry(row: DatasetRow): Dataset {
  return {
    name: row.name,
    source: { kind: "reference", file: referenceOf(row), hash: row.hash },
    description: `${row.fileName} from the data library${row.rows !== undefined ? `, ${row.rows.toLocaleString("en-US")} rows` : ""}`,
  };
}

/** The notebook with a dataset added (replacing one of the same name); the name must not be a cell's. */
export function withDataset(nb: Notebook, ds: Dataset): Notebook {
  if (nb.cells.some((c) => c.name === ds.name)) throw new Error(`"${ds.name}" is already the name of a cell; rename the data set first`);
  const datasets = nb.datasets.filter((d) => d.name !== ds.name).concat(ds);
  return { ...nb, datasets };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** Rename a library row (a new identifier, unique in the library). */
export async function renameRow(db: StudioDb, id: string, name: string): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error("a data set name is a letter or _ followed by letters, digits or _");
  const clash = await db.datasets.where("name").equals(name).first();
  if (clash && clash.id !== id) throw new Error(`"${name}" is already the name of another data set`);
  await db.datasets.update(id, { name });
}
