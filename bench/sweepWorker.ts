/** A worker_threads worker of the sweep pool: one SweepRunner, tasks in, results out. */
import { parentPort } from "node:worker_threads";
import { SweepRunner, type SweepTask } from "./sweep";

const runner = new SweepRunner();
parentPort!.on("message", (msg: { id: number; task: SweepTask }) => {
  const res = runner.run(msg.task);
  parentPort!.postMessage({ id: msg.id, result: res }, [res.values.buffer as ArrayBuffer]);
});
parentPort!.postMessage({ ready: true });
