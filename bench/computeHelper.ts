/**
 * The pipeline's second thread (bench/fast.ts, ComputeHelper): a worker_threads worker
 * running bench/computeThread.ts, with the prices and scores in SharedArrayBuffers so that
 * neither thread copies a panel per request. Started before anything is timed.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { startTsWorker } from "./tsWorker";
import { panel, type Panel } from "../blocks/core/values";
import type { ComputeHelper } from "./fast";
import type { HelperReply, HelperRequest } from "./computeThread";

type Body<R> = R extends HelperRequest ? Omit<R, "id"> : never;

export class ThreadHelper implements ComputeHelper {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(r: HelperReply): void; reject(e: Error): void }>();
  private nextId = 1;
  /** Resolves once the thread has loaded the blocks. */
  readonly started: Promise<void>;

  constructor() {
    this.worker = startTsWorker(new URL("./computeThread.ts", import.meta.url));
    this.started = new Promise((resolve, reject) => {
      this.waiting.set(0, { resolve: () => resolve(), reject });
    });
    this.worker.on("message", (r: HelperReply) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (r.error) w?.reject(new Error(`compute helper: ${r.error}`)); else w?.resolve(r);
    });
    this.worker.on("error", (e) => { for (const w of this.waiting.values()) w.reject(e); this.waiting.clear(); });
  }

  private send(body: Body<HelperRequest>): Promise<HelperReply> {
    const id = this.nextId++;
    const reply = new Promise<HelperReply>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ ...body, id });
    return reply;
  }

  async share(prices: Panel): Promise<Panel> {
    const values = new Float64Array(new SharedArrayBuffer(prices.values.byteLength));
    values.set(prices.values);
    await this.send({ op: "prices", index: prices.index, columns: prices.columns, values: values.buffer as SharedArrayBuffer });
    return panel(prices.index, prices.columns, values);
  }

  async factor(scores: Float64Array, from: number, to: number): Promise<void> {
    await this.send({ op: "factor", scores: scores.buffer as SharedArrayBuffer, from, to });
  }

  async optimize(scores: Float64Array, from: number, to: number): Promise<Float64Array> {
    return (await this.send({ op: "optimize", scores: scores.buffer as SharedArrayBuffer, from, to })).weights!;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * `--threads`: 2 by default where the machine has two cores or more (the factor and optimize
 * stages then split in two), 1 for one thread; null for anything else.
 */
export function threadsArg(value: string | undefined): 1 | 2 | null {
  if (value === undefined) return availableParallelism() >= 2 ? 2 : 1;
  return value === "1" ? 1 : value === "2" ? 2 : null;
}

/** A started helper thread, or none for one thread. */
export async function startHelper(threads: number): Promise<ThreadHelper | undefined> {
  if (threads < 2) return undefined;
  const h = new ThreadHelper();
  await h.started;
  return h;
}
