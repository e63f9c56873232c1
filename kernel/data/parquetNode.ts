/** parquet-wasm started in Node from the wasm file of node_modules. */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { initParquet } from "./parquet";

export function initParquetNode(): Promise<void> {
  return initParquet(async () => {
    const require = createRequire(import.meta.url);
    return readFile(require.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm"));
  });
}
