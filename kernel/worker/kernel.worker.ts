/**
 * The kernel's Web Worker: one per open notebook. It opens DuckDB-WASM and
 * parquet-wasm, then closes the network (see sandbox.ts) before any cell runs,
 * and exposes the KernelApi through comlink. Values go to the page as
 * transferred copies of their buffers, so the worker keeps its cache intact.
 *
 * The kernel is imported first, as soon as this small entry runs; DuckDB-WASM's own module
 * (its JS API with Arrow) and the block catalog (runtime/blocks.ts) once the kernel has
 * evaluated, so that they do not hold back the answer to `open`; DuckDB's wasm then
 * compiles in its own worker. The network closes only once all are loaded. Opening and editing the document
 * need only the kernel module (parsing and the dependency graph run no cell), so
 * `open` and `update` answer while DuckDB still compiles; `run` and everything that
 * touches data wait for `ready` (DuckDB up and the network closed).
 */
import "./jitless"; // before any zod schema exists
import * as Comlink from "comlink";
import { closeNetwork } from "./sandbox";
import { transferables } from "../../blocks/core/values";
import type { KernelApi } from "./api";
import type { Kernel } from "../kernel";
import type { RunSummary } from "../scheduler/scheduler";
import type { DataEngine } from "../data/engine";

let privateFetch: typeof fetch = fetch.bind(self);

const kernelLoaded: Promise<Kernel> = Promise.all([import("../kernel"), import("../data/bundledHost")]).then(([{ Kernel }, { loadBundledAs }]) => new Kernel({
  openEngine: () => ready,
  loadBundled: (engine, id, name) => loadBundledAs(engine, id, name, readPublic),
  readReference: (file) => referenceReader ? referenceReader(file) : Promise.reject(new Error(`no data library to read ${file} from`)),
}));

// DuckDB's module is requested once the kernel has evaluated, so that its ~250 kB of JS does not
// run on this thread ahead of the kernel and hold back the answer to `open` (the page's first
// interactive cell); its wasm then compiles in DuckDB's own worker.
const engineStarted: Promise<DataEngine> = kernelLoaded.then(() => import("../data/duckdbWasmBrowser")).then(({ openDuckDbWasmBrowser }) => openDuckDbWasmBrowser());
// The block catalog (every block with its zod schemas) is not in the kernel chunk: `open` does not need
// it. It loads once the first `open` has answered (its evaluation would otherwise run ahead of an
// `open` that arrives after the kernel chunk), while DuckDB starts; `ready` waits for it.
let firstOpen = () => {};
new Promise<void>((resolve) => { firstOpen = resolve; }).then(() => kernelLoaded).then((kernel) => kernel.preloadBlocks()).catch(() => undefined); // a failure is `ready`'s

const ready: Promise<DataEngine> = (async () => {
  const engine = await engineStarted; // which follows the kernel's load
  await (await import("../data/parquetBrowser")).initParquetBrowser();
  await (await kernelLoaded).preloadBlocks(); // as every module, evaluated before Function and the network go
  privateFetch = closeNetwork(self as unknown as typeof globalThis).fetch;
  return engine;
})();
ready.catch(() => undefined); // a failed start is reported by the calls that wait for it, not as an unhandled rejection

/**
 * Settled (and replaced) by every cancel and every new run: a run still waiting for the engine
 * then gives up at once, as a running one would be cancelled, instead of running stale work later.
 */
let wakeWaiting = () => {};
function supersede(): Promise<void> {
  wakeWaiting();
  return new Promise<void>((resolve) => { wakeWaiting = resolve; });
}
const dropped = (): RunSummary => ({ ran: [], cached: [], errors: [], cancelled: true, ms: 0 });

async function readPublic(file: string): Promise<Uint8Array> {
  // BASE_URL is the app's root in dev and in a build, wherever the worker script itself lives.
  const url = new URL(`${import.meta.env.BASE_URL}data/${file}`, self.location.origin).href;
  const res = await privateFetch(url);
  if (!res.ok) throw new Error(`could not read bundled file ${file} (${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

let referenceReader: ((file: string) => Promise<Uint8Array>) | null = null;

function copyForTransfer<T>(v: T): T {
  if (typeof v !== "object" || v === null) return v; // primitives are copied anyway
  const copy = structuredClone(v);
  return Comlink.transfer(copy, transferables(copy));
}

const api: KernelApi = {
  async open(nb, options) {
    try { return (await kernelLoaded).open(nb, options); } finally { firstOpen(); }
  },
  async update(nb) { return (await kernelLoaded).update(nb); },
  async setTrusted(t) { (await kernelLoaded).setTrusted(t); },
  async engineReady() { await ready; },
  async run(options) {
    // A run asked for while DuckDB starts waits for it (cells run only once the network is closed).
    const replaced = supersede();
    const go = await Promise.race([ready.then(() => true), replaced.then(() => false)]);
    if (!go) return dropped();
    return (await kernelLoaded).run(options);
  },
  async cancel() { supersede(); (await kernelLoaded).cancel(); },
  async value(name) { return copyForTransfer((await kernelLoaded).value(name)); },
  async subscribe(listener, options) {
    const kernel = await kernelLoaded;
    kernel.subscribe((e) => {
      if (!options?.values || e.status !== "done" || e.cached || kernel.scheduler.hashOf(e.name) !== e.hash) { listener(e); return; }
      let value: unknown;
      try { value = structuredClone(kernel.value(e.name)); } catch { listener(e); return; } // not cloneable: the page's value() call reports it
      listener(Comlink.transfer({ ...e, value }, transferables(value)));
    });
  },
  // Data calls wait for the engine and the closed network, as a run does.
  async query(sql) { await ready; return copyForTransfer(await (await kernelLoaded).query(sql)); },
  async tables() { await ready; return (await kernelLoaded).tables(); },
  async loadTable(name, format, bytes) { await ready; return (await kernelLoaded).loadTable(name, format, bytes); },
  async exportParquet(sql) { await ready; const b = await (await kernelLoaded).exportParquet(sql); return Comlink.transfer(b, [b.buffer as ArrayBuffer]); },
  async prime(entries) { const kernel = await kernelLoaded; for (const e of entries) kernel.scheduler.prime(e.hash, { value: e.value, ms: e.ms }); },
  async setReferenceReader(reader) { referenceReader = reader; },
  async spin(ms) {
    const t0 = performance.now();
    let x = 0;
    while (performance.now() - t0 < ms) x += Math.sqrt(x + 1);
    return x > 0 ? performance.now() - t0 : 0;
  },
};

Comlink.expose(api, self as unknown as Comlink.Endpoint);
