/**
 * DuckDB-WASM in the browser: AsyncDuckDB in its own Worker, the `eh` bundle (exception
 * handling; every current Chromium, Firefox and Safari has it) served from the app's own
 * files through Vite `?url` imports: no CDN, works offline. Works from the page and from
 * inside our kernel Web Worker (a nested worker). Instantiation takes 1.5-3 s.
 */
import * as duckdb from "@duckdb/duckdb-wasm";
import duckdbEhWasmUrl from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import duckdbEhWorkerUrl from "@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url";
import type { DataEngine } from "./engine";
import { initParquetBrowser } from "./parquetBrowser";
import { createSqlEngine } from "./sqlEngine";
import { WASM_SETUP_SQL, wasmDriver } from "./duckdbWasmDriver";

/** An absolute URL for a Vite asset URL, valid in a page and in a (nested) worker. */
function absolute(url: string): string {
  return new URL(url, self.location.href).href;
}

export interface BrowserEngineOptions {
  /** Database path, e.g. "opfs://studio.db" for persistence; in memory when absent. */
  path?: string;
}

export async function openDuckDbWasmBrowser(options: BrowserEngineOptions = {}): Promise<DataEngine> {
  const worker = new Worker(absolute(duckdbEhWorkerUrl));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  try {
    await db.instantiate(absolute(duckdbEhWasmUrl));
    await db.open({ path: options.path, query: { castBigIntToDouble: true, castDecimalToDouble: true } });
    const conn = await db.connect();
    for (const sql of WASM_SETUP_SQL) await conn.query(sql);
    const driver = wasmDriver(db, conn, initParquetBrowser, async () => { await db.terminate(); });
    return createSqlEngine(driver);
  } catch (err) {
    await db.terminate().catch(() => undefined);
    worker.terminate();
    throw err;
  }
}
