// @vitest-environment jsdom
/**
 * A chart of many lines drawn in steps (studio/outputs/steppedPlot.ts) must be the SVG one Plot call
 * draws: same elements, attributes and order, the tooltip included; the steps must be short ones.
 */
import { describe, expect, it } from "vitest";
import * as Plot from "@observablehq/plot";
import { wavyPanel as panel } from "./testPanels";
import { panelLinesChart, panelLinesOptions, POINTS_PER_STEP } from "../../../studio/outputs/charts";
import { plotSteps, type SteppedLines } from "../../../studio/outputs/steppedPlot";

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
      expect("groups" in chart).toBe(true);
      const s = chart as SteppedLines;
      const { fig, steps, shown } = drawInSteps(s, width);
      const one = Plot.plot({ width, ...panelLinesOptions({ panel: p, title: name, subtitle: "sub", percent }, width) });
      expect(fig.outerHTML).toBe(one.outerHTML);
      // Shown once, before the tooltip's step: every line as drawn in the end, no tooltip yet.
      expect(shown.length).toBe(1);
      expect(linePaths(shown[0])).toEqual(linePaths(one.outerHTML));
      expect(shown[0]).not.toContain('aria-label="tip"');
      // Every line and the tooltip's group are there; each step held at most ~POINTS_PER_STEP points plus one column.
      const drawn = p.columns.filter((_, j) => p.values.some((v, k) => k % p.columns.length === j && Number.isFinite(v)));
      expect(fig.querySelectorAll('g[aria-label="line"] > path').length).toBe(drawn.length);
      expect(fig.querySelector('svg > g[aria-label="tip"]')).not.toBeNull();
      expect(steps).toBe(s.groups.length + 1);
      expect(s.groups.length).toBeGreaterThan(1);
      const perColumn = Math.ceil(1.2 * 2 * Math.max(100, width - 70) + 2);
      for (const g of s.groups) expect((g as unknown as { data: { length: number } }).data.length).toBeLessThanOrEqual(POINTS_PER_STEP + perColumn);
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

  it("draw a small chart in one Plot call", () => {
    const chart = panelLinesChart({ panel: panel(2, 300, false), title: "two" }, 900);
    expect("groups" in chart).toBe(false);
  });
});
