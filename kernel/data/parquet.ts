/**
 * Parquet <-> Arrow IPC with parquet-wasm (DuckDB-WASM has no Parquet built in, and
 * offline it cannot download the extension). The wasm module is started once, from
 * bytes or a URL given by the caller: parquetNode.ts reads it from node_modules,
 * parquetBrowser.ts imports it with Vite's `?url`.
 */
import initParquetWasm, { readParquet, Table as WasmTable, writeParquet, type InitInput } from "parquet-wasm/esm";

let ready: Promise<void> | null = null;

/** Start parquet-wasm once; later calls share the first start. */
export function initParquet(source: () => Promise<InitInput>): Promise<void> {
  if (!ready) {
    ready = source().then((input) => initParquetWasm({ module_or_path: input })).then(() => undefined);
    ready.catch(() => { ready = null; });
  }
  return ready;
}

/** Parquet file bytes -> Arrow IPC stream bytes. */
export function parquetToIpc(parquet: Uint8Array): Uint8Array {
  return readParquet(parquet).intoIPCStream();
}

/** Arrow IPC stream bytes -> Parquet file bytes (parquet-wasm's default writer properties). */
export function ipcToParquet(ipc: Uint8Array): Uint8Array {
  return writeParquet(WasmTable.fromIPCStream(ipc));
}
