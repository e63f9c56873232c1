// @vitest-environment jsdom
/**
 * The charts' warm-up (studio/outputs/plotWarmUp.ts): the outputs' own chart builders on made-up
 * results and one small chart per other mark kind, each drawn as PlotFigure draws it (its data,
 * then its steps), one step per idle moment, a few rounds, stopping when cancelled or when one fails.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { WARM_UP_CHARTS, WARM_UP_ROUNDS, WARM_UP_WIDTH, warmUpPlot, type WarmUpChart } from "../../../studio/outputs/plotWarmUp";
import { figureSteps, writtenSteps, type SteppedLines } from "../../../studio/outputs/steppedPlot";

/** An idle queue the test drains by hand: each callback runs only when the test says so, with the time left it is given (none by default). */
function manualIdle() {
  const waiting: ((timeLeft: () => number) => void)[] = [];
  return {
    idle: (run: (timeLeft: () => number) => void) => { waiting.push(run); },
    runNext: (timeLeft: () => number = () => 0) => waiting.shift()?.(timeLeft),
    get pending() { return waiting.length; },
  };
}

/** A chart's figure, every step run. */
function drawn(chart: WarmUpChart): Element {
  const steps = figureSteps(WARM_UP_WIDTH, chart(WARM_UP_WIDTH));
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

const charts = WARM_UP_CHARTS as WarmUpChart[];

afterEach(() => { vi.restoreAllMocks(); });

describe("warmUpPlot", () => {
  it("every chart draws an SVG, and together they draw every mark kind the outputs use", () => {
    // jsdom has no canvas, which a colour ramp legend paints its gradient on: an inert one.
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation((() => ({ fillStyle: "", fillRect() {} })) as never);
    vi.spyOn(HTMLCanvasElement.prototype, "toDataURL").mockReturnValue("data:,");
    const figures = charts.map(drawn);
    for (const [i, el] of figures.entries()) {
      const svg = el instanceof SVGSVGElement ? el : [...el.querySelectorAll(":scope > svg")].at(-1); // the chart: a legend comes first
      expect(svg, `chart ${i}`).toBeTruthy();
      expect(svg!.querySelectorAll("[aria-label]").length, `chart ${i}`).toBeGreaterThan(0);
    }
    const labels = figures.flatMap((el) => [...el.querySelectorAll("g[aria-label]")].map((g) => g.getAttribute("aria-label")));
    for (const mark of ["rule", "line", "area", "bar", "rect", "cell", "text", "dot", "tick", "tip"]) expect(labels).toContain(mark);
  });

  it("the first chart is a 20-line panel drawn in steps, its lines decimated", () => {
    const o = charts[0](WARM_UP_WIDTH);
    expect("more" in o && o.more.starts.length).toBe(19); // the first line by Plot, the other 19 written
    const paths = drawn(charts[0]).querySelectorAll('g[aria-label="line"] > path');
    expect(paths).toHaveLength(20);
    // 700 days in ~300 buckets per line (12,000 points over 20 lines): fewer points than days, min and max of each kept.
    const points = (paths[10].getAttribute("d") ?? "").split(/[ML]/).filter(Boolean).length;
    expect(points).toBeGreaterThan(300);
    expect(points).toBeLessThan(700);
  });

  it("draws each chart WARM_UP_ROUNDS times, one step per idle moment, then stops", () => {
    const calls = charts.map(() => 0);
    // Chart 0 as it is (a stepped chart: its data, its axes and first line, one moment per written step, its tooltip); the others one Plot call each.
    const written = writtenSteps((charts[0](WARM_UP_WIDTH) as SteppedLines).more).length;
    const first = charts[0];
    vi.spyOn(charts, 0 as never).mockImplementation(((w: number) => { calls[0]++; return first(w); }) as never);
    for (let i = 1; i < charts.length; i++) vi.spyOn(charts, i as never).mockImplementation((() => { calls[i]++; return { marks: [] }; }) as never);
    const q = manualIdle();
    warmUpPlot(q.idle);
    expect(calls.every((c) => c === 0)).toBe(true); // nothing before the first idle moment
    let moments = 0;
    while (q.pending) { const before = calls.reduce((a, b) => a + b, 0); q.runNext(); moments++; expect(calls.reduce((a, b) => a + b, 0) - before).toBeLessThanOrEqual(1); }
    expect(calls).toEqual(charts.map(() => WARM_UP_ROUNDS));
    expect(moments).toBe(WARM_UP_ROUNDS * ((1 + 1 + written + 1) + 2 * (charts.length - 1)) + 1); // the last moment finds nothing left
  });

  it("takes more steps in a moment while it has room for one", () => {
    const calls = charts.map(() => 0);
    for (let i = 0; i < charts.length; i++) vi.spyOn(charts, i as never).mockImplementation((() => { calls[i]++; return { marks: [] }; }) as never);
    const q = manualIdle();
    warmUpPlot(q.idle);
    const left = [49, 30, 21, 20, 45];
    q.runNext(() => left.shift()!);
    // Steps: chart 0's data, its figure, chart 1's data, its figure; then 20 ms left is too little.
    expect(left).toEqual([45]);
    expect(calls.slice(0, 3)).toEqual([1, 1, 0]);
    expect(q.pending).toBe(1);
  });

  it("stops when cancelled, and after a chart that fails", () => {
    const q = manualIdle();
    const cancel = warmUpPlot(q.idle);
    q.runNext();
    cancel();
    q.runNext();
    expect(q.pending).toBe(0);

    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(charts, 0 as never).mockImplementation((() => { throw new Error("no"); }) as never);
    const q2 = manualIdle();
    warmUpPlot(q2.idle);
    q2.runNext(); // chart 0 fails
    expect(q2.pending).toBe(0);
    expect(error).toHaveBeenCalledTimes(1);
  });
});
