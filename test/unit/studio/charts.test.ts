// @vitest-environment jsdom
/**
 * Panel line charts give Plot their x and y domains (so that it does not scan every point of the
 * line and of its tooltip again): the SVG must be the one Plot draws when it infers them itself.
 */
import { describe, expect, it } from "vitest";
import * as Plot from "@observablehq/plot";
import { wavyPanel as panel } from "./testPanels";
import { panelLinesOptions } from "../../../studio/outputs/charts";

/** The same options without the domains: what Plot infers from the points. */
function inferred(o: Plot.PlotOptions): Plot.PlotOptions {
  const { domain: _x, ...x } = o.x as Record<string, unknown>;
  const { domain: _y, ...y } = o.y as Record<string, unknown>;
  return { ...o, x, y };
}

const svg = (o: Plot.PlotOptions) => (Plot.plot({ width: 900, ...o }) as Element).outerHTML;

describe("panel line charts' explicit domains", () => {
  for (const [name, p, percent] of [
    ["20 lines with gaps", panel(20, 1500, true), false],
    ["20 lines, percent", panel(20, 1500, true), true],
    ["one line", panel(1, 300, false), false],
  ] as const) {
    it(`draw the same SVG as Plot's own domains: ${name}`, () => {
      const o = panelLinesOptions({ panel: p, title: name, percent }, 900);
      expect((o.x as { domain?: unknown }).domain).toBeDefined();
      expect((o.y as { domain?: unknown }).domain).toBeDefined();
      expect(svg(o)).toBe(svg(inferred(o)));
    });
  }

  it("leave the domains to Plot when there is no point", () => {
    const p = panel(2, 10, false);
    p.values.fill(NaN);
    const o = panelLinesOptions({ panel: p, title: "empty" }, 900);
    expect((o.x as { domain?: unknown }).domain).toBeUndefined();
    expect((o.y as { domain?: unknown }).domain).toBeUndefined();
  });
});
