/**
 * A small pool of Node worker_threads: `size` workers started from one module, tasks
 * queued and handed to whichever worker is free, results returned in task order. The
 * workers run TypeScript through tsx's API (the same loader as `npm run bench`).
 */
import type { Worker } from "node:worker_threads";
import { startTsWorker } from "./tsWorker";

export class WorkerPool<Task, Result> {
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<void>[] = [];

  constructor(module: URL, readonly size: number) {
    for (let i = 0; i < size; i++) {
      const w = startTsWorker(module);
      this.workers.push(w);
      this.ready.push(new Promise((res, rej) => {
        const onMsg = (m: { ready?: boolean }) => { if (m.ready) { w.off("message", onMsg); res(); } };
        w.on("message", onMsg);
        w.once("error", rej);
      }));
    }
  }

  /** Resolves when every worker has started (module loaded, data prepared). */
  async started(): Promise<void> {
    await Promise.all(this.ready);
  }

  /** Run every task; each worker takes the next task when it finishes one. */
  async map(tasks: Task[]): Promise<Result[]> {
    await this.started();
    const results = new Array<Result>(tasks.length);
    let next = 0;
    const drive = (w: Worker) => new Promise<void>((res, rej) => {
      const take = () => {
        if (next >= tasks.length) { w.off("message", onMsg); w.off("error", rej); res(); return; }
        const id = next++;
        w.postMessage({ id, task: tasks[id] });
      };
      const onMsg = (m: { id: number; result: Result }) => { results[m.id] = m.result; take(); };
      w.on("message", onMsg);
      w.once("error", rej);
      take();
    });
    await Promise.all(this.workers.map(drive));
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
