/**
 * The part of a DataEngine that is plain DuckDB SQL, written once over a small driver.
 * A driver knows how to run SQL, hand bytes to DuckDB as a file, and move Arrow and
 * Parquet in and out; this module adds CSV loading with clear errors, views, dropping,
 * describing and listing.
 */
import type { Table } from "../../blocks/core/values";
import type { CsvOptions, DataEngine, DatasetInfo } from "./engine";
import { quoteIdent, sqlString } from "./engine";
import { cleanDuckDbError, dataError } from "./errors";

export interface EngineDriver {
  readonly name: DataEngine["name"];
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<Table>;
  queryArrow(sql: string): Promise<Uint8Array>;
  /** Make bytes readable from SQL; returns the path to use in SQL and a release function. */
  putFile(name: string, bytes: Uint8Array): Promise<{ path: string; release(): Promise<void> }>;
  /** Create table `table` (it does not exist) from Arrow IPC stream bytes. */
  createFromArrow(table: string, ipc: Uint8Array): Promise<void>;
  /** Create table `table` (it does not exist) from Parquet bytes. */
  createFromParquet(table: string, bytes: Uint8Array): Promise<void>;
  exportParquet(sql: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

let fileCounter = 0;
/** How much of a file typedHeader looks at for its first line. */
export const HEAD_BYTES = 65536;
const enc = new TextEncoder();

/** read_csv(...) over `path` with the options, as SQL text; with `header` (see typedHeader), without sniffing. */
export function readCsvSql(path: string, options: CsvOptions = {}, allVarchar = false, header: string[] | null = null): string {
  const args = [sqlString(path), `header=${options.header === false ? "false" : "true"}`];
  if (header && options.columns) {
    const delim = sqlString(options.delimiter ?? ",");
    const types = header.map((k) => `${sqlString(k)}: ${sqlString(options.columns![k])}`).join(", ");
    return `read_csv(${args.join(", ")}, auto_detect=false, delim=${delim}, quote='"', escape='"', columns={${types}})`;
  }
  if (options.delimiter !== undefined) args.push(`delim=${sqlString(options.delimiter)}`);
  if (allVarchar) args.push("all_varchar=true");
  else if (options.columns && Object.keys(options.columns).length) {
    const types = Object.entries(options.columns).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(", ");
    args.push(`types={${types}}`);
  }
  return `read_csv(${args.join(", ")})`;
}

/**
 * The column names of a CSV whose first line (in `head`, its first bytes) is plain: no quotes,
 * no byte-order mark, and exactly the columns `options.columns` gives types for. Then DuckDB
 * needs no sniffing of dialect and types, which is ~50 ms of a 40 MB file's ~280 ms load.
 * null otherwise: the sniffing read decides.
 */
export function typedHeader(head: Uint8Array, options: CsvOptions): string[] | null {
  const columns = options.columns;
  if (!columns || options.header === false) return null;
  const end = head.indexOf(10); // "\n"
  if (end < 0) return null;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return null; // a byte-order mark
  const line = new TextDecoder().decode(head.subarray(0, end)).replace(/\r$/, "");
  if (line.includes('"')) return null;
  const names = line.split(options.delimiter ?? ",");
  const typed = Object.keys(columns);
  if (names.length !== typed.length || new Set(names).size !== names.length || names.some((n) => !Object.hasOwn(columns, n))) return null;
  return names;
}

/** The engine over a driver. `extra` members are added to the result. */
export interface SqlEngineInternals {
  /** Load a CSV file that DuckDB can already read at `path` (a Node engine's own disk); `head`: its first bytes, if at hand (see typedHeader). */
  loadCsvPath(table: string, path: string, options?: CsvOptions, head?: Uint8Array): Promise<DatasetInfo>;
}

export function createSqlEngine<E extends object = object>(driver: EngineDriver, extra?: (engine: DataEngine, internals: SqlEngineInternals) => E): DataEngine & E {
  const kindOf = async (name: string): Promise<"table" | "view" | null> => {
    const t = await driver.query(`SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ${sqlString(name)}`);
    if (!t.rowCount) return null;
    return (t.columns.table_type as string[])[0] === "VIEW" ? "view" : "table";
  };

  const describe = async (name: string): Promise<DatasetInfo> => {
    let cols: Table;
    let count: Table;
    try {
      cols = await driver.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ${sqlString(name)} ORDER BY ordinal_position`);
      if (!cols.rowCount) throw dataError(`There is no table or view named "${name}".`, [name]);
      count = await driver.query(`SELECT count(*)::DOUBLE AS n FROM ${quoteIdent(name)}`);
    } catch (err) {
      throw cleanDuckDbError(err, `Describing "${name}"`);
    }
    const names = cols.columns.column_name as string[], types = cols.columns.data_type as string[];
    return { name, rows: (count.columns.n as Float64Array)[0], columns: names.map((n, i) => ({ name: n, type: types[i] })) };
  };

  const drop = async (name: string): Promise<void> => {
    const kind = await kindOf(name);
    if (kind) await driver.exec(`DROP ${kind === "view" ? "VIEW" : "TABLE"} IF EXISTS ${quoteIdent(name)}`);
  };

  const loadCsvPath = async (table: string, path: string, options: CsvOptions = {}, head?: Uint8Array): Promise<DatasetInfo> => {
    const context = `Loading the CSV into "${table}"`;
    const header = head ? typedHeader(head, options) : null;
    if (header) {
      try {
        await drop(table);
        await driver.exec(`CREATE TABLE ${quoteIdent(table)} AS SELECT * FROM ${readCsvSql(path, options, false, header)}`);
        return await describe(table);
      } catch {
        // A file the plain read cannot take (another date format, a bad value): the sniffing read below decides, and words the error.
      }
    }
    try {
      await drop(table);
      await driver.exec(`CREATE TABLE ${quoteIdent(table)} AS SELECT * FROM ${readCsvSql(path, options)}`);
    } catch (err) {
      const e = cleanDuckDbError(err, context);
      // DuckDB names a missing typed column; add the columns the file does have.
      if (/has no column/.test(e.message)) {
        try {
          const head = await driver.query(`DESCRIBE SELECT * FROM ${readCsvSql(path, options, true)}`);
          const have = (head.columns.column_name as string[]).map((c) => `"${c}"`).join(", ");
          throw dataError(`${e.message.replace(/\.$/, "")} (its columns: ${have}).`, e.issues[0]?.path ?? []);
        } catch (inner) {
          throw inner instanceof Error && /its columns/.test(inner.message) ? inner : e;
        }
      }
      throw e;
    }
    return describe(table);
  };

  const engine: DataEngine = {
    name: driver.name,
    async query(sql) {
      try { return await driver.query(sql); } catch (err) { throw cleanDuckDbError(err); }
    },
    async queryArrow(sql) {
      try { return await driver.queryArrow(sql); } catch (err) { throw cleanDuckDbError(err); }
    },
    async exec(sql) {
      try { await driver.exec(sql); } catch (err) { throw cleanDuckDbError(err); }
    },
    async loadCsv(table, source, options) {
      const bytes = typeof source === "string" ? enc.encode(source) : source;
      const head = bytes.slice(0, HEAD_BYTES); // a copy: putFile may hand the buffer to DuckDB
      const file = await driver.putFile(`__csv_${++fileCounter}.csv`, bytes);
      try { return await loadCsvPath(table, file.path, options, head); } finally { await file.release(); }
    },
    async loadParquet(table, bytes) {
      try {
        await drop(table);
        await driver.createFromParquet(table, bytes);
      } catch (err) { throw cleanDuckDbError(err, `Loading the Parquet file into "${table}"`); }
      return describe(table);
    },
    async loadArrow(table, ipc) {
      try {
        await drop(table);
        await driver.createFromArrow(table, ipc);
      } catch (err) { throw cleanDuckDbError(err, `Loading the Arrow data into "${table}"`); }
      return describe(table);
    },
    async createView(name, sql) {
      try {
        const kind = await kindOf(name);
        if (kind === "table") await driver.exec(`DROP TABLE ${quoteIdent(name)}`);
        await driver.exec(`CREATE OR REPLACE VIEW ${quoteIdent(name)} AS ${sql}`);
      } catch (err) { throw cleanDuckDbError(err, `Creating the view "${name}"`); }
    },
    drop: async (name) => { try { await drop(name); } catch (err) { throw cleanDuckDbError(err); } },
    async tables() {
      const t = await driver.query(`SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name`);
      const names = t.columns.table_name as string[], kinds = t.columns.table_type as string[];
      const out: (DatasetInfo & { kind: "table" | "view" })[] = [];
      for (let i = 0; i < names.length; i++) {
        if (names[i].startsWith("__")) continue;
        out.push({ ...(await describe(names[i])), kind: kinds[i] === "VIEW" ? "view" : "table" });
      }
      return out;
    },
    async exportParquet(sql) {
      try { return await driver.exportParquet(sql); } catch (err) { throw cleanDuckDbError(err, "Exporting Parquet"); }
    },
    describe,
    close: () => driver.close(),
  };
  const more = extra ? extra(engine, { loadCsvPath }) : ({} as E);
  return Object.assign(engine, more) as DataEngine & E;
}
