/**
 * The kernel's host in Node (CLI, tests, benchmark): native DuckDB by default
 * (starts in ~50 ms, Parquet built in) or DuckDB-WASM (the studio's own engine),
 * bundled data from public/data/, datasets by reference beside the notebook file.
 */
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { loadBundledAs } from "../data/bundledHost";
import { readBundledNode } from "../data/bundledNode";
import type { KernelHost } from "../kernel";

export function nodeHost(options: { engine?: "native" | "wasm"; baseDir?: string } = {}): KernelHost {
  const baseDir = options.baseDir ?? process.cwd();
  return {
    async openEngine() {
      if (options.engine === "wasm") return (await import("../data/duckdbWasmNode")).openDuckDbWasmNode();
      return (await import("../data/duckdbNative")).openDuckDbNative();
    },
    loadBundled: (engine, id, name) => loadBundledAs(engine, id, name, readBundledNode),
    async readReference(file) {
      return new Uint8Array(await readFile(isAbsolute(file) ? file : resolve(baseDir, file)));
    },
  };
}
