/** parquet-wasm started in the browser (page or worker) from the app's own copy of its wasm. */
import parquetWasmUrl from "parquet-wasm/esm/parquet_wasm_bg.wasm?url";
import { initParquet } from "./parquet";

export function initParquetBrowser(): Promise<void> {
  return initParquet(async () => new URL(parquetWasmUrl, self.location.href));
}
