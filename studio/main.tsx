/**
 * The studio's entry. It spawns the kernel worker and nothing else, so that DuckDB-WASM (the
 * slowest part of start-up) starts compiling in the worker while the browser loads and parses
 * the app itself (boot.tsx, a chunk of its own).
 */
import { startKernelWorker } from "../kernel/worker/client";

const client = startKernelWorker();
const { boot } = await import("./boot");
await boot(client);
