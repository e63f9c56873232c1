/**
 * Any output as a table: a Table as is; a Series as (date, value); a Panel as
 * (date, one column per name); a Matrix as (row, columns); a flat record as
 * (key, value); a list of records as rows. Then CSV text (RFC 4180 quoting, ISO
 * dates, empty cells for NaN) or Parquet bytes (Arrow IPC made on the page,
 * written by parquet-wasm).
 */
import type { Table, TableColumn } from "../../blocks/core/values";
import { daysToIso } from "../../blocks/core/dates";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** The output as a Table, or null when it has no table shape. */
export function asTable(v: unknown): Table | null {
  if (!isObj(v)) return null;
  if (v.kind === "table") return v as unknown as Table;
  if (v.kind === "series" && v.index instanceof Int32Array && v.values instanceof Float64Array) {
    const name = typeof v.name === "string" && v.name ? v.name : "value";
    return { kind: "table", columns: { date: v.index, [name === "date" ? "value" : name]: v.values }, types: { date: "date", [name === "date" ? "value" : name]: "number" }, rowCount: v.index.length };
  }
  if (v.kind === "panel" && v.index instanceof Int32Array && v.values instanceof Float64Array && Array.isArray(v.columns)) {
    const m = v.index.length, cols = v.columns as string[];
    const columns: Record<string, TableColumn> = { date: v.index };
    const types: Table["types"] = { date: "date" };
    cols.forEach((c, j) => {
      const col = new Float64Array(m);
      for (let t = 0; t < m; t++) col[t] = (v.values as Float64Array)[t * cols.length + j];
      columns[c === "date" ? "date_" : c] = col;
      types[c === "date" ? "date_" : c] = "number";
    });
    return { kind: "table", columns, types, rowCount: m };
  }
  if (v.kind === "matrix" && v.values instanceof Float64Array && Array.isArray(v.columns)) {
    const cols = v.columns as string[], n = cols.length;
    const columns: Record<string, TableColumn> = { row: cols.slice() };
    const types: Table["types"] = { row: "string" };
    cols.forEach((c, j) => {
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = (v.values as Float64Array)[i * n + j];
      columns[c] = col;
      types[c] = "number";
    });
    return { kind: "table", columns, types, rowCount: n };
  }
  const entries = Object.entries(v);
  if (entries.length && entries.every(([, x]) => typeof x === "number" || x === null || typeof x === "string")) {
    const values = entries.map(([, x]) => (typeof x === "number" ? x : x === null ? NaN : Number.NaN));
    const allNumbers = entries.every(([, x]) => typeof x === "number" || x === null);
    return {
      kind: "table",
      columns: { key: entries.map(([k]) => k), value: allNumbers ? Float64Array.from(values) : entries.map(([, x]) => String(x ?? "")) },
      types: { key: "string", value: allNumbers ? "number" : "string" },
      rowCount: entries.length,
    };
  }
  return null;
}

/** A list of flat records as a table (numbers stay numbers, the rest become text). */
export function recordsTable(rows: Obj[]): Table {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const columns: Record<string, TableColumn> = {};
  const types: Table["types"] = {};
  for (const k of keys) {
    if (rows.every((r) => typeof r[k] === "number" || r[k] === null || r[k] === undefined)) {
      columns[k] = Float64Array.from(rows, (r) => (typeof r[k] === "number" ? (r[k] as number) : NaN));
      types[k] = "number";
    } else {
      columns[k] = rows.map((r) => (r[k] === null || r[k] === undefined ? "" : typeof r[k] === "object" ? JSON.stringify(r[k]) : String(r[k])));
      types[k] = "string";
    }
  }
  return { kind: "table", columns, types, rowCount: rows.length };
}

/** Output -> table, also for arrays of records. */
export function toTable(v: unknown): Table | null {
  if (Array.isArray(v) && v.length && v.every(isObj)) return recordsTable(v as Obj[]);
  return asTable(v);
}

export function cellString(t: Table, col: string, i: number): string {
  const c = t.columns[col];
  const x = c[i];
  if (typeof x === "string") return x;
  if (typeof x !== "number" || Number.isNaN(x)) return "";
  if (t.types[col] === "date") return daysToIso(x);
  return String(x);
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tableToCsv(t: Table): string {
  const cols = Object.keys(t.columns);
  const lines = [cols.map(csvField).join(",")];
  for (let i = 0; i < t.rowCount; i++) lines.push(cols.map((c) => csvField(cellString(t, c, i))).join(","));
  return lines.join("\n") + "\n";
}

/** Parquet bytes of a table, written on the page (apache-arrow + parquet-wasm, loaded on first use). */
export async function tableToParquet(t: Table): Promise<Uint8Array> {
  const arrow = await import("apache-arrow");
  const { initParquetBrowser } = await import("../../kernel/data/parquetBrowser");
  const { ipcToParquet } = await import("../../kernel/data/parquet");
  await initParquetBrowser();
  const cols: Record<string, import("apache-arrow").Vector> = {};
  for (const [name, c] of Object.entries(t.columns)) {
    if (Array.isArray(c)) cols[name] = arrow.vectorFromArray(c, new arrow.Utf8());
    else if (t.types[name] === "date") cols[name] = arrow.vectorFromArray(Array.from(c, (d) => new Date(d * 86_400_000)), new arrow.DateDay());
    else cols[name] = arrow.vectorFromArray(Array.from(c, (x) => (Number.isNaN(x) ? null : x)), new arrow.Float64());
  }
  const table = new arrow.Table(cols);
  return ipcToParquet(arrow.tableToIPC(table, "stream"));
}
