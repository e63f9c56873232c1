/**
 * The DuckDB-WASM driver, shared by the browser (AsyncDuckDB in a Worker) and Node
 * (the blocking bindings): both have the same shape once every call is awaited.
 * Parquet goes through parquet-wasm and Arrow IPC, because DuckDB-WASM has no Parquet
 * built in and cannot download the extension offline.
 */
import type * as arrow from "apache-arrow";
import { arrowToIpc, arrowToTable } from "./arrowTable";
import { ipcToParquet, parquetToIpc } from "./parquet";
import type { EngineDriver } from "./sqlEngine";

/** What the driver needs of a DuckDB-WASM database (sync or async bindings). */
export interface WasmDatabase {
  registerFileBuffer(name: string, buffer: Uint8Array): unknown;
  dropFile(name: string): unknown;
}

/** What the driver needs of a DuckDB-WASM connection (sync or async). */
export interface WasmConnection {
  query(sql: string): arrow.Table | Promise<arrow.Table>;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): unknown;
  close(): unknown;
}

/** The settings every DuckDB-WASM connection gets: extensions never download (offline). */
export const WASM_SETUP_SQL = ["SET autoload_known_extensions=false", "SET autoinstall_known_extensions=false"];

/**
 * A driver over an open DuckDB-WASM database and connection. `parquetReady` starts
 * parquet-wasm (only when Parquet is first used); `terminate` shuts the database down;
 * `toIpc` writes an Arrow table as IPC stream bytes with the apache-arrow copy that made it
 * (in Node, DuckDB-WASM's CommonJS build requires its own copy, whose tables the ESM
 * copy's writer does not recognise).
 */
export function wasmDriver(db: WasmDatabase, conn: WasmConnection, parquetReady: () => Promise<void>, terminate: () => Promise<void>, toIpc: (t: arrow.Table) => Uint8Array = arrowToIpc): EngineDriver {
  const query = async (sql: string): Promise<arrow.Table> => await conn.query(sql);
  const insertIpc = async (table: string, ipc: Uint8Array): Promise<void> => {
    // The async bindings transfer the buffer to their worker: send a copy.
    await conn.insertArrowFromIPCStream(ipc.slice(), { name: table, create: true });
  };
  return {
    name: "duckdb-wasm",
    async exec(sql) { await query(sql); },
    async query(sql) { return arrowToTable(await query(sql)); },
    async queryArrow(sql) { return toIpc(await query(sql)); },
    async putFile(name, bytes) {
      await db.registerFileBuffer(name, bytes.slice());
      return { path: name, release: async () => { await db.dropFile(name); } };
    },
    async createFromArrow(table, ipc) { await insertIpc(table, ipc); },
    async createFromParquet(table, bytes) {
      await parquetReady();
      await insertIpc(table, parquetToIpc(bytes));
    },
    async exportParquet(sql) {
      await parquetReady();
      return ipcToParquet(toIpc(await query(sql)));
    },
    async close() {
      try { await conn.close(); } finally { await terminate(); }
    },
  };
}
