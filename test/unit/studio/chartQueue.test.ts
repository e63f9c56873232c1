import { describe, expect, it } from "vitest";
import { pendingCharts, scheduleChart } from "../../../studio/outputs/chartQueue";

const idle = () => new Promise<void>((resolve) => {
  const wait = () => (pendingCharts(true) === 0 ? resolve() : setTimeout(wait, 5));
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
    const x = scheduleChart(false, () => { order.push("x"); });
    const hidden = scheduleChart(false, () => { order.push("hidden"); }, true);
    scheduleChart(false, () => { order.push("y"); });
    x.cancel();
    hidden.cancel();
    await idle();
    expect(order).toEqual(["y"]);
  });

  it("charts out of sight wait until those in sight are drawn, and join them when they come into sight", async () => {
    const order: string[] = [];
    let steps = 0;
    scheduleChart(false, () => { order.push(`below${steps}`); return ++steps < 3; }, true);
    const later = scheduleChart(false, () => { order.push("further below"); }, true);
    const scrolledTo = scheduleChart(false, () => { order.push("scrolled to"); }, true);
    scheduleChart(false, () => { order.push("a"); });
    scheduleChart(false, () => { order.push("b"); });
    expect(pendingCharts()).toBe(2); // in sight only: the editor queue waits for these, not for those out of sight
    expect(pendingCharts(true)).toBe(5);
    scrolledTo.inSight();
    later.cancel();
    await idle();
    expect(order).toEqual(["a", "b", "scrolled to", "below0", "below1", "below2"]);
  });

  it("a chart coming into sight goes before those out of sight even between a hidden chart's steps", async () => {
    const order: string[] = [];
    let steps = 0;
    let seen: { inSight(): void } | null = null;
    scheduleChart(false, () => { order.push(`hidden${steps}`); if (steps === 0) seen?.inSight(); return ++steps < 3; }, true);
    seen = scheduleChart(false, () => { order.push("seen"); }, true);
    await idle();
    expect(order).toEqual(["hidden0", "seen", "hidden1", "hidden2"]);
  });
});
