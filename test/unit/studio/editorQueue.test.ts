import { describe, expect, it } from "vitest";
import { enqueueEditor } from "../../../studio/notebook/editorQueue";
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
