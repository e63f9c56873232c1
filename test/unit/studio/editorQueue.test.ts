import { describe, expect, it } from "vitest";
import { disposeLater, enqueueEditor } from "../../../studio/notebook/editorQueue";
import { pendingCharts, scheduleChart } from "../../../studio/outputs/chartQueue";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (ok: () => boolean, ms = 2000) => {
  const t0 = Date.now();
  while (!ok()) { if (Date.now() - t0 > ms) throw new Error("timed out"); await sleep(5); }
};

describe("editor queue", () => {
  it("an editor waits while charts wait to be drawn; one the user asked for does not", async () => {
    // Node runs MessagePort messages posted from a message before its timers: the chart queue's steps
    // would starve this test's clock. Without MessageChannel the queue steps on timers (as its fallback).
    const channel = globalThis.MessageChannel;
    Reflect.deleteProperty(globalThis, "MessageChannel");
    try {
      await waitsForCharts();
    } finally {
      globalThis.MessageChannel = channel;
    }
  });

  it("disposes editors that left the page later, one per task, each once, in order", async () => {
    const done: number[] = [], inTask: number[] = [];
    let sameTask = 0; // disposals run in the current task (reset once it ends)
    for (let k = 0; k < 3; k++) {
      disposeLater(() => {
        done.push(k);
        inTask.push(++sameTask);
        setTimeout(() => { sameTask = 0; }, 0);
      });
    }
    expect(done).toEqual([]); // not in the unmount that asked
    await until(() => done.length === 3);
    await sleep(20);
    expect(done).toEqual([0, 1, 2]);
    expect(inTask).toEqual([1, 1, 1]);
  });

  it("a failing dispose does not stop the ones after it", async () => {
    const done: string[] = [];
    const error = console.error;
    console.error = () => {};
    try {
      disposeLater(() => { throw new Error("already gone"); });
      disposeLater(() => done.push("next"));
      await until(() => done.length === 1);
    } finally {
      console.error = error;
    }
    expect(done).toEqual(["next"]);
  });
});

async function waitsForCharts(): Promise<void> {
  let drawing = true;
  scheduleChart(false, () => drawing); // a chart of many steps
  const ran: string[] = [];
  enqueueEditor(() => ran.push("near"));
  await sleep(150);
  expect(pendingCharts()).toBe(1);
  expect(ran).toEqual([]);
  enqueueEditor(() => ran.push("focused"), true);
  await until(() => ran.length === 1);
  expect(ran).toEqual(["focused"]);
  drawing = false;
  await until(() => ran.length === 2);
  expect(ran).toEqual(["focused", "near"]);
}
