/**
 * The page's handle on a kernel worker: starts the worker and wraps it with comlink.
 */
import * as Comlink from "comlink";
import type { KernelApi } from "./api";
import type { CellEvent } from "../scheduler/scheduler";

export interface KernelClient {
  api: Comlink.Remote<KernelApi>;
  /** Subscribe to cell events; returns when the worker has the listener. With `values`, "done" events carry the value. */
  onEvent(listener: (e: CellEvent & { value?: unknown }) => void, options?: { values?: boolean }): Promise<void>;
  terminate(): void;
}

export function startKernelWorker(): KernelClient {
  const worker = new Worker(new URL("./kernel.worker.ts", import.meta.url), { type: "module", name: "kernel" });
  const api = Comlink.wrap<KernelApi>(worker);
  return {
    api,
    onEvent: (listener, options) => api.subscribe(Comlink.proxy(listener), options),
    terminate: () => { api[Comlink.releaseProxy](); worker.terminate(); },
  };
}
