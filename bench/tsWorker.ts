/**
 * A worker_threads worker running a TypeScript module of the benchmark. The worker registers
 * tsx itself (loader flags are not inherited reliably), then loads the module.
 */
import { Worker } from "node:worker_threads";

export function startTsWorker(module: URL): Worker {
  return new Worker(`import("tsx/esm/api").then((api) => api.register()).then(() => import(${JSON.stringify(module.href)}))`, { eval: true });
}
