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
const enc = new TextEncoder();

/** read_csv(...) over `path` with the options, as SQL text. */
export function readCsvSql(path: string, options: CsvOptions = {}, allVarchar = false): string {
  const args = [sqlString(path), `header=${options.header === false ? "false" : "true"}`];
  if (options.delimiter !== undefined) args.push(`delim=${sqlString(options.delimiter)}`);
  if (allVarchar) args.push("all_varchar=true");
  else if (options.columns && Object.keys(options.columns).length) {
    const types = Object.entries(options.columns).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(", ");
    args.push(`types={${types}}`);
  }
  return `read_csv(${args.join(", ")})`;
}

/** The engine over a driver. `extra` members are added to the result. */
export interface SqlEngineInternals {
  /** Load a CSV file that DuckDB can already read at `path` (a Node engine's own disk). */
  loadCsvPath(table: string, path: string, options?: CsvOptions): Promise<DatasetInfo>;
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

  const loadCsvPath = async (table: string, path: string, options: CsvOptions = {}): Promise<DatasetInfo> => {
    const context = `Loading the CSV into "${table}"`;
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
      const file = await driver.putFile(`__csv_${++fileCounter}.csv`, bytes);
      try { return await loadCsvPath(table, file.path, options); } finally { await file.release(); }
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
