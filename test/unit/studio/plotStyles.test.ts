// @vitest-environment jsdom
/**
 * Plot's per-chart <style> elements move to one page-level stylesheet (studio/outputs/plotStyles.ts):
 * putting a chart in the page then changes no style rule after the first, and a chart saved as a file
 * still carries them (studio/export/charts.ts).
 */
import { describe, expect, it } from "vitest";
import * as Plot from "@observablehq/plot";
import { hoistedPlotStyles, hoistPlotStyles } from "../../../studio/outputs/plotStyles";
import { svgText } from "../../../studio/export/charts";

const chart = (legend: boolean) => Plot.plot({
  width: 400, color: { legend, domain: ["a", "b"] },
  marks: [Plot.lineY([1, 3, 2, 4], { stroke: (_: number, i: number) => (i < 2 ? "a" : "b") })],
});

describe("Plot's chart styles", () => {
  it("move to one page-level stylesheet, each distinct text once", () => {
    const own = [chart(true), chart(false), chart(true)].map((f) => [...f.querySelectorAll("style")].map((s) => s.textContent ?? ""));
    expect(own[0].length).toBe(2); // the legend's and the chart's
    const figs = [chart(true), chart(false), chart(true)];
    for (const f of figs) { hoistPlotStyles(f); document.body.append(f); }
    for (const f of figs) expect(f.querySelectorAll("style")).toHaveLength(0);
    const page = [...document.head.querySelectorAll("style")];
    expect(page).toHaveLength(1);
    const distinct = new Set(own.flat());
    expect(distinct.size).toBe(2);
    for (const text of distinct) {
      expect(page[0].textContent!.split(text).length - 1).toBe(1);
      expect(hoistedPlotStyles()).toContain(text);
    }
    // Figures drawn later with the same rules add nothing to the page's sheet.
    const before = page[0].textContent;
    hoistPlotStyles(chart(true));
    expect(page[0].textContent).toBe(before);
  });

  it("come back in a chart saved as an SVG file", () => {
    const fig = chart(false) as unknown as SVGSVGElement;
    const text = fig.querySelector("style")!.textContent!;
    hoistPlotStyles(fig);
    document.body.append(fig);
    const file = svgText(fig);
    expect(file).toContain("<style>");
    expect(file).toContain(text.split("\n")[0]);
    expect(fig.querySelectorAll("style")).toHaveLength(0); // the page's chart is left as it was
  });
});
