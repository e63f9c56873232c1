/**
 * The engine-neutral data interface: SQL in, columnar (or Arrow IPC) out.
 *
 * Three implementations share it: DuckDB-WASM in the browser (duckdbWasmBrowser.ts),
 * DuckDB-WASM in Node (duckdbWasmNode.ts, for tests) and native DuckDB in Node
 * (duckdbNative.ts, for the headless CLI and the benchmark). Everything engine-specific
 * stays behind `DataEngine`; the common SQL (CSV loading with clear errors, views,
 * the catalog listing) lives in sqlEngine.ts.
 */
import type { Table } from "../../blocks/core/values";

export interface ColumnInfo { name: string; type: string }
export interface DatasetInfo { name: string; rows: number; columns: ColumnInfo[] }
export interface CsvOptions {
  /** Field separator; auto-detected when absent. */
  delimiter?: string;
  /** Whether the first line holds column names (default true). */
  header?: boolean;
  /** Column name -> DuckDB type (e.g. {date: "DATE", close: "DOUBLE"}); other columns are auto-detected. */
  columns?: Record<string, string>;
}

export interface DataEngine {
  readonly name: "duckdb-wasm" | "duckdb-native";
  /**
   * Run a query and return its result as a columnar Table: numbers (any numeric SQL type,
   * booleans as 0/1) -> Float64Array with NaN for null; DATE/TIMESTAMP -> Int32Array day
   * numbers with types[name] = "date"; anything else -> string[] ("" for null).
   */
  query(sql: string): Promise<Table>;
  /** Run a query and return its result as Arrow IPC stream bytes. */
  queryArrow(sql: string): Promise<Uint8Array>;
  /** Create (or replace) table `table` from CSV bytes or CSV text. */
  loadCsv(table: string, source: Uint8Array | string, options?: CsvOptions): Promise<DatasetInfo>;
  /** Create (or replace) table `table` from Parquet file bytes. */
  loadParquet(table: string, bytes: Uint8Array): Promise<DatasetInfo>;
  /** Create (or replace) table `table` from Arrow IPC stream bytes. */
  loadArrow(table: string, ipc: Uint8Array): Promise<DatasetInfo>;
  /** CREATE OR REPLACE VIEW "name" AS <sql> */
  createView(name: string, sql: string): Promise<void>;
  /** Drop a table or view, if it exists. */
  drop(name: string): Promise<void>;
  /** Tables and views of the main schema, with row counts and column types. */
  tables(): Promise<(DatasetInfo & { kind: "table" | "view" })[]>;
  /** The result of a query as Parquet file bytes. */
  exportParquet(sql: string): Promise<Uint8Array>;
  /** Describe one table or view. */
  describe(name: string): Promise<DatasetInfo>;
  /** Run statements that return nothing useful (SET, CREATE, INSERT...). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** A Node engine can also read files straight from disk (no copy through JS for native DuckDB). */
export interface FileDataEngine extends DataEngine {
  loadCsvFile(table: string, path: string, options?: CsvOptions): Promise<DatasetInfo>;
  loadParquetFile(table: string, path: string): Promise<DatasetInfo>;
}

/** `"name"` with inner quotes doubled: a safe SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `'text'` with inner quotes doubled: a safe SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
