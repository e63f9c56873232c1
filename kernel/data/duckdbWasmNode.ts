/**
 * DuckDB-WASM in Node (vitest, scripts): the blocking bindings with NODE_RUNTIME and the
 * wasm files resolved from node_modules. Instantiation takes 1.5-3.5 s: open one engine
 * and share it.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as duckdb from "@duckdb/duckdb-wasm/blocking";
import type { FileDataEngine } from "./engine";
import { initParquetNode } from "./parquetNode";
import { createSqlEngine, HEAD_BYTES } from "./sqlEngine";
import { WASM_SETUP_SQL, wasmDriver } from "./duckdbWasmDriver";

let fileCounter = 0;

export async function openDuckDbWasmNode(): Promise<FileDataEngine> {
  const require = createRequire(import.meta.url);
  const dist = (file: string) => require.resolve(`@duckdb/duckdb-wasm/dist/${file}`);
  const bundles: duckdb.DuckDBBundles = {
    mvp: { mainModule: dist("duckdb-mvp.wasm"), mainWorker: dist("duckdb-node-mvp.worker.cjs") },
    eh: { mainModule: dist("duckdb-eh.wasm"), mainWorker: dist("duckdb-node-eh.worker.cjs") },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = db.connect();
  for (const sql of WASM_SETUP_SQL) conn.query(sql);
  // The blocking build require()s apache-arrow: write its tables with that same copy.
  const arrowCjs = require("apache-arrow") as typeof import("apache-arrow");
  const toIpc = (t: import("apache-arrow").Table) => arrowCjs.tableToIPC(t, "stream");
  const driver = wasmDriver(db, conn, initParquetNode, async () => { db.reset(); }, toIpc);
  return createSqlEngine(driver, (engine, { loadCsvPath }) => ({
    async loadCsvFile(table: string, path: string, options?: Parameters<FileDataEngine["loadCsvFile"]>[2]) {
      const name = `__file_${++fileCounter}.csv`;
      const bytes = new Uint8Array(await readFile(path));
      const head = bytes.slice(0, HEAD_BYTES); // a copy: registering may hand the buffer over
      db.registerFileBuffer(name, bytes);
      try { return await loadCsvPath(table, name, options, head); } finally { db.dropFile(name); }
    },
    async loadParquetFile(table: string, path: string) {
      return engine.loadParquet(table, new Uint8Array(await readFile(path)));
    },
  }));
}
