/**
 * Smoke check without a browser: the browser-only data modules (DuckDB-WASM in a Worker,
 * parquet-wasm and the bundled files by `?url`/fetch) typecheck under the project's
 * compiler options, with Vite's client types and without Node's. The lead runs them for real in Chromium.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const files = ["kernel/data/duckdbWasmBrowser.ts", "kernel/data/parquetBrowser.ts", "kernel/data/bundledBrowser.ts"].map((f) => resolve(root, f));

describe("browser data modules", () => {
  it("duckdbWasmBrowser.ts, parquetBrowser.ts and bundledBrowser.ts typecheck", () => {
    const configFile = ts.readConfigFile(resolve(root, "tsconfig.json"), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
    // Vite's client types only, no Node types: a browser module must not lean on Node APIs.
    const program = ts.createProgram(files, { ...parsed.options, types: ["vite/client"], noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
    expect(program.getSourceFile(files[0])).toBeDefined();
  });
});
