/**
 * Closing the network to code cells. Code cells run only in the kernel worker;
 * before any cell runs, the worker keeps private references to what the kernel
 * itself needs (fetch for bundled data, Worker for DuckDB) and then removes from
 * the worker's global scope every way out: fetch, XMLHttpRequest, WebSocket,
 * EventSource, WebTransport, importScripts, indexedDB, caches, BroadcastChannel,
 * eval, and the Function constructors reached through prototypes (so that code
 * cannot compile new code from strings, e.g. a dynamic import). Code cells also
 * get those names shadowed as parameters and are refused if they contain
 * `import(` (see runtime/codeCell.ts). Each notebook has its own worker, so a
 * cell can reach only its own notebook's data.
 */
export interface Escapes {
  fetch: typeof fetch;
  Worker: typeof Worker;
  Function: FunctionConstructor;
}

const REMOVED = [
  "fetch", "XMLHttpRequest", "WebSocket", "EventSource", "WebTransport", "importScripts", "indexedDB", "caches",
  "BroadcastChannel", "eval", "SharedWorker",
];

export function closeNetwork(scope: typeof globalThis): Escapes {
  const kept: Escapes = { fetch: scope.fetch.bind(scope), Worker: scope.Worker, Function: scope.Function };
  for (const name of REMOVED) {
    for (let o: object | null = scope; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      const d = Object.getOwnPropertyDescriptor(o, name);
      if (d?.configurable) delete (o as Record<string, unknown>)[name];
    }
    try {
      Object.defineProperty(scope, name, { value: undefined, configurable: false, writable: false });
    } catch {
      // already removed and locked
    }
  }
  // (function(){}).constructor is Function: make every function kind's constructor unreachable.
  const kinds = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const f of kinds) {
    Object.defineProperty(Object.getPrototypeOf(f), "constructor", { value: undefined, configurable: false, writable: false });
  }
  Object.defineProperty(scope, "Function", { value: undefined, configurable: false, writable: false });
  return kept;
}
