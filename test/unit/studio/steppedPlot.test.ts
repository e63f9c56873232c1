// @vitest-environment jsdom
/**
 * A chart of many lines drawn in steps (studio/outputs/steppedPlot.ts) must be the SVG one Plot call
 * draws: same elements, attributes and order, the tooltip included; the steps must be short ones.
 */
import { describe, expect, it } from "vitest";
import * as Plot from "@observablehq/plot";
import { wavyPanel as panel } from "./testPanels";
import { panelLinesChart, panelLinesOptions } from "../../../studio/outputs/charts";
import { plotSteps, POINTS_PER_WRITTEN_STEP, tooltipOnly, writtenSteps, type SteppedLines } from "../../../studio/outputs/steppedPlot";

/** The steps as PlotFigure takes them: a figure yielded is shown in the host at once, the one returned at the end. */
function drawInSteps(s: SteppedLines, width: number): { fig: Element; steps: number; shown: string[] } {
  const gen = plotSteps({ ...s, options: { width, ...s.options } });
  const host = document.createElement("div");
  const shown: string[] = [];
  let steps = 1;
  for (let r = gen.next(); ; r = gen.next(), steps++) {
    if (r.done) {
      if (host.firstChild !== r.value) host.replaceChildren(r.value);
      return { fig: host.firstElementChild!, steps, shown };
    }
    if (r.value) { host.replaceChildren(r.value); shown.push(r.value.outerHTML); }
  }
}

const linePaths = (html: string) => [...new DOMParser().parseFromString(html, "text/html").querySelectorAll('g[aria-label="line"] > path')].map((p) => p.getAttribute("d"));

describe("stepped line charts", () => {
  for (const [name, p, percent, width] of [
    ["20 lines with gaps", panel(20, 1500, true), false, 900],
    ["20 lines, percent", panel(20, 1500, true), true, 1300],
    ["7 lines (the legend, no gaps)", panel(7, 2000, false), false, 1100],
  ] as const) {
    it(`draw the SVG of one Plot call: ${name}`, () => {
      const chart = panelLinesChart({ panel: p, title: name, subtitle: "sub", percent }, width);
      expect("more" in chart).toBe(true);
      const s = chart as SteppedLines;
      const { fig, steps, shown } = drawInSteps(s, width);
      const one = Plot.plot({ width, ...panelLinesOptions({ panel: p, title: name, subtitle: "sub", percent }, width) });
      expect(fig.outerHTML).toBe(one.outerHTML);
      // Shown once, before the tooltip's step: every line as drawn in the end, no tooltip yet.
      expect(shown.length).toBe(1);
      expect(linePaths(shown[0])).toEqual(linePaths(one.outerHTML));
      expect(shown[0]).not.toContain('aria-label="tip"');
      // Every line and the tooltip's group are there; each written step held at most POINTS_PER_WRITTEN_STEP points plus one column.
      const drawn = p.columns.filter((_, j) => p.values.some((v, k) => k % p.columns.length === j && Number.isFinite(v)));
      expect(fig.querySelectorAll('g[aria-label="line"] > path').length).toBe(drawn.length);
      expect(fig.querySelector('svg > g[aria-label="tip"]')).not.toBeNull();
      const written = writtenSteps(s.more), perColumn = Math.ceil(1.2 * 2 * Math.max(100, width - 70) + 2);
      expect(s.more.end - s.more.starts[0]).toBeGreaterThan(POINTS_PER_WRITTEN_STEP); // more than one written step
      expect(written.length).toBeGreaterThan(1);
      expect(steps).toBe(1 + written.length + 1);
      expect(written.flatMap(([a, b]) => s.more.starts.slice(a, b))).toEqual(s.more.starts); // every line once, in order
      for (const [a, b] of written) {
        const points = (b < s.more.starts.length ? s.more.starts[b] : s.more.end) - s.more.starts[a];
        expect(points).toBeLessThanOrEqual(POINTS_PER_WRITTEN_STEP + perColumn);
      }
    });
  }

  it("a chart without title or legend (a bare SVG) is shown, then replaced in place by the SVG with the tooltip", () => {
    const p = panel(20, 1500, true), width = 900;
    const bare = (o: Plot.PlotOptions): Plot.PlotOptions => ({ ...o, width, title: undefined, subtitle: undefined, color: { ...o.color, legend: false } });
    const s = panelLinesChart({ panel: p, title: "t" }, width) as SteppedLines;
    const { fig, shown } = drawInSteps({ ...s, options: bare(s.options) }, 0);
    const one = Plot.plot(bare(panelLinesOptions({ panel: p, title: "t" }, width)));
    expect(one.tagName.toLowerCase()).toBe("svg");
    expect(fig.outerHTML).toBe(one.outerHTML);
    expect(shown.length).toBe(1);
    expect(linePaths(shown[0])).toEqual(linePaths(one.outerHTML));
  });

  for (const percent of [false, true]) {
    it(`write lines as Plot draws them: undefined points break a line, a lone point is closed${percent ? " (percent)" : ""}`, () => {
      // Three lines of 40 points: the first whole; the second with NaN runs and lone points between them; the third all NaN.
      const n = 40, names = ["a", "b", "c"];
      const x: Date[] = [], y: number[] = [], z: string[] = [];
      for (const [j, name] of names.entries()) for (let t = 0; t < n; t++) {
        x.push(new Date(Date.UTC(2020, 0, 1 + t)));
        z.push(name);
        y.push(j === 2 || (j === 1 && (t % 5 === 1 || t % 5 === 3 || t < 2)) ? NaN : Math.sin(t / 3 + j) / 7);
      }
      const channels = (from: number, to: number) => ({ x: x.slice(from, to), y: y.slice(from, to), z: z.slice(from, to), stroke: z.slice(from, to) });
      const options: Plot.PlotOptions = { width: 700, title: "lines", y: { percent }, color: { legend: true, domain: names } };
      const s: SteppedLines = {
        options, first: Plot.lineY({ length: n }, channels(0, n)),
        more: { x, y, z, starts: [n, 2 * n], end: 3 * n },
        tipped: Plot.lineY({ length: 3 * n }, tooltipOnly(channels(0, 3 * n))),
      };
      const { fig } = drawInSteps(s, 700);
      const one = Plot.plot({ ...options, marks: [Plot.lineY({ length: 3 * n }, { ...channels(0, 3 * n), tip: true })] });
      expect(fig.outerHTML).toBe(one.outerHTML);
      const paths = linePaths(one.outerHTML);
      expect(paths.length).toBe(2); // no path for the line without points
      expect(paths[1]).toMatch(/^M[^LMZ]+Z/); // b's first point (t = 2) is alone: moved to, then closed
      // b's runs: t = 2, 7, ..., 37 alone (8), t = 4-5, ..., 34-35 in pairs (7), and t = 39 alone: 16 moves, 9 closed.
      expect(paths[1]!.split("M").length - 1).toBe(16);
      expect(paths[1]!.split("Z").length - 1).toBe(9);
    });
  }

  it("draw a small chart in one Plot call", () => {
    const chart = panelLinesChart({ panel: panel(2, 300, false), title: "two" }, 900);
    expect("more" in chart).toBe(false);
  });
});
