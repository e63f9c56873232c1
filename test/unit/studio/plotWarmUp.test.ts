// @vitest-environment jsdom
/**
 * Plot's warm-up (studio/outputs/plotWarmUp.ts): tiny charts of every mark kind the outputs use,
 * each drawn in an idle moment of its own, a few rounds, stopping when cancelled or when one fails.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { WARM_UP_CHARTS, WARM_UP_ROUNDS, warmUpPlot } from "../../../studio/outputs/plotWarmUp";

/** An idle queue the test drains by hand: each callback runs only when the test says so. */
function manualIdle() {
  const waiting: (() => void)[] = [];
  return { idle: (run: () => void) => { waiting.push(run); }, runNext: () => waiting.shift()?.(), get pending() { return waiting.length; } };
}

afterEach(() => { vi.restoreAllMocks(); });

describe("warmUpPlot", () => {
  it("every chart draws an SVG with the marks it names", () => {
    // jsdom has no canvas, which a colour ramp legend paints its gradient on: an inert one.
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation((() => ({ fillStyle: "", fillRect() {} })) as never);
    vi.spyOn(HTMLCanvasElement.prototype, "toDataURL").mockReturnValue("data:,");
    for (const [i, chart] of WARM_UP_CHARTS.entries()) {
      const el = chart();
      const svg = el instanceof SVGSVGElement ? el : [...el.querySelectorAll(":scope > svg")].at(-1); // the chart: a legend comes first
      expect(svg, `chart ${i}`).toBeTruthy();
      expect(svg!.querySelectorAll("[aria-label]").length, `chart ${i}`).toBeGreaterThan(0);
    }
    const labels = WARM_UP_CHARTS.flatMap((chart) => [...chart().querySelectorAll("g[aria-label]")].map((g) => g.getAttribute("aria-label")));
    for (const mark of ["rule", "line", "area", "bar", "rect", "cell", "text", "dot", "tick"]) expect(labels).toContain(mark);
  });

  it("draws each chart WARM_UP_ROUNDS times, one per idle callback, then stops", () => {
    const calls = WARM_UP_CHARTS.map(() => 0);
    const spies = WARM_UP_CHARTS.map((_, i) => vi.spyOn(WARM_UP_CHARTS as (() => Element)[], i as never).mockImplementation((() => { calls[i]++; return document.createElement("div"); }) as never));
    expect(spies).toHaveLength(WARM_UP_CHARTS.length);
    const q = manualIdle();
    warmUpPlot(q.idle);
    expect(calls.every((c) => c === 0)).toBe(true); // nothing before the first idle moment
    let moments = 0;
    while (q.pending) { const before = calls.reduce((a, b) => a + b, 0); q.runNext(); moments++; expect(calls.reduce((a, b) => a + b, 0) - before).toBeLessThanOrEqual(1); }
    expect(calls).toEqual(WARM_UP_CHARTS.map(() => WARM_UP_ROUNDS));
    expect(moments).toBe(WARM_UP_CHARTS.length * WARM_UP_ROUNDS + 1); // the last moment finds nothing left
  });

  it("stops when cancelled, and after a chart that fails", () => {
    const q = manualIdle();
    const cancel = warmUpPlot(q.idle);
    q.runNext();
    cancel();
    q.runNext();
    expect(q.pending).toBe(0);

    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(WARM_UP_CHARTS as (() => Element)[], 1 as never).mockImplementation((() => { throw new Error("no"); }) as never);
    const q2 = manualIdle();
    warmUpPlot(q2.idle);
    q2.runNext(); // chart 0
    q2.runNext(); // chart 1 fails
    expect(q2.pending).toBe(0);
    expect(error).toHaveBeenCalledTimes(1);
  });
});
