/**
 * The studio's entry. It spawns the kernel worker and reads the notebook to open from IndexedDB,
 * and nothing else, so that the worker (the kernel, then DuckDB-WASM) starts and the read is done
 * while the browser loads and runs the app itself (boot.tsx, a chunk of its own).
 */
import { startKernelWorker } from "../kernel/worker/client";
import { prefetchNotebook } from "./persistence/prefetch";

const client = startKernelWorker();
const prefetched = prefetchNotebook();
const { boot } = await import("./boot");
await boot(client, prefetched);
