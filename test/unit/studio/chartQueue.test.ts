import { describe, expect, it } from "vitest";
import { pendingCharts, scheduleChart } from "../../../studio/outputs/chartQueue";

const idle = () => new Promise<void>((resolve) => {
  const wait = () => (pendingCharts() === 0 ? resolve() : setTimeout(wait, 5));
  wait();
});

describe("chart queue", () => {
  it("draws in the order asked, a stepped chart's steps before the next chart, the edited cell's chart first", async () => {
    const order: string[] = [];
    let steps = 0;
    scheduleChart(false, () => { order.push("a"); });
    scheduleChart(false, () => { order.push(`b${steps}`); return ++steps < 3; });
    scheduleChart(false, () => { order.push("c"); });
    scheduleChart(true, () => { order.push("edited"); });
    await idle();
    expect(order).toEqual(["edited", "a", "b0", "b1", "b2", "c"]);
  });

  it("a cancelled chart is not drawn", async () => {
    const order: string[] = [];
    const cancel = scheduleChart(false, () => { order.push("x"); });
    scheduleChart(false, () => { order.push("y"); });
    cancel();
    await idle();
    expect(order).toEqual(["y"]);
  });
});
