/**
 * Code cells: TypeScript transpiled with sucrase (types stripped, lines kept), run
 * as the body of an async function whose parameters are the cells it uses. A cell
 * that is a single expression returns it; otherwise its `return` is its output.
 * Errors name the line of the cell.
 */
import { transform } from "sucrase";
import { CellFailure } from "../scheduler/scheduler";

/** Names a code cell may not use: they would reach outside the worker. */
export const BLOCKED_GLOBALS = [
  "fetch", "XMLHttpRequest", "WebSocket", "EventSource", "WebTransport", "importScripts", "indexedDB", "caches",
  "Worker", "SharedWorker", "BroadcastChannel", "postMessage", "close", "localStorage", "sessionStorage", "navigator",
] as const;

/** Syntax that loads code or data from elsewhere, refused before running. */
const FORBIDDEN = /\bimport\s*\(|\bimport\s+[\w{*]|\brequire\s*\(/;

export interface CompiledCell {
  run(args: Record<string, unknown>): Promise<unknown>;
  /** Lines the wrapper adds before the cell's first line. */
  offset: number;
}

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;

function strip(source: string, cellName: string): string {
  try {
    return transform(source, { transforms: ["typescript"], disableESTransforms: true }).code;
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    const msg = e instanceof Error ? e.message.replace(/\s*\(\d+:\d+\)$/, "") : String(e);
    throw new CellFailure({ message: `${cellName}: syntax error${loc ? ` at line ${loc.line}, column ${loc.column + 1}` : ""}: ${msg}`, line: loc?.line });
  }
}

/** Is the (type-stripped) body a single expression, like an Observable cell? */
function isExpression(js: string): boolean {
  try {
    new AsyncFunction(`return (\n${js}\n);`);
    return true;
  } catch {
    return false;
  }
}

export function compileCell(source: string, cellName: string, argNames: string[]): CompiledCell {
  const js = strip(source, cellName);
  if (FORBIDDEN.test(js)) {
    const line = js.slice(0, js.search(FORBIDDEN)).split("\n").length;
    throw new CellFailure({ message: `${cellName}: line ${line}: code cells cannot import modules; use the std library and other cells' names.`, line });
  }
  const trimmed = js.trim();
  const expression = trimmed !== "" && !/^\s*(const|let|var|function|class|if|for|while|return|throw|try)\b/.test(trimmed) && isExpression(js);
  // The blocked globals and the cells' values are parameters of an outer function; the cell
  // runs in an inner one, so it may declare its own names (even `close`) without a clash.
  const body = expression
    ? `"use strict";\nreturn (async () => (\n${js}\n))();`
    : `"use strict";\nreturn (async () => {\n${js}\n})();`;
  const offset = 2;
  const params = [...argNames, ...BLOCKED_GLOBALS.filter((g) => !argNames.includes(g))];
  let fn: (...a: unknown[]) => Promise<unknown>;
  try {
    fn = new AsyncFunction(...params, body);
  } catch (e) {
    throw new CellFailure({ message: `${cellName}: syntax error: ${e instanceof Error ? e.message : String(e)}` });
  }
  return {
    offset,
    async run(args) {
      try {
        return await fn(...argNames.map((n) => args[n]));
      } catch (e) {
        throw runtimeFailure(e, cellName, offset);
      }
    },
  };
}

/** A thrown error as a message with the cell's line, found in the stack of the generated function. */
function runtimeFailure(e: unknown, cellName: string, offset: number): CellFailure {
  if (e instanceof CellFailure) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  const m = /<anonymous>:(\d+):(\d+)/.exec(err.stack ?? "");
  // The function's own header takes 2 lines ("async function anonymous(...\n) {").
  const line = m ? Number(m[1]) - 2 - offset : undefined;
  const where = line !== undefined && line > 0 ? ` (line ${line})` : "";
  const msg = err instanceof ReferenceError ? `${err.message}: no cell, dataset or std name is called that` : err.message;
  return new CellFailure({ message: `${cellName}${where}: ${err.name === "Error" ? "" : err.name + ": "}${msg}`, line: line !== undefined && line > 0 ? line : undefined });
}
