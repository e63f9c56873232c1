/**
 * A chart of many lines drawn in several short steps that join into the one SVG a single Plot call
 * draws. One `Plot.plot` of a 20-line chart with its tooltip was a task of 25-60 ms on an idle
 * machine and 100-250 ms under load: a long task on every run and parameter change. Split here:
 * 1. axes, grid, title, legend and the first lines (Plot itself, every scale domain given);
 * 2. the next lines, a few per step, each a Plot call with the same scales and margins and no
 *    axes, whose paths join the first step's line group (same order, so the same drawing);
 * 3. the tooltip: the lines' mark with `tip` whose own drawing is skipped (render: null), in
 *    the SVG that then receives everything above (its pointer listeners live on that SVG).
 * The chart is yielded before step 3, to be shown: the tooltip (a Plot call over every point, the
 * longest step) may wait; the page makes it when the pointer first comes (PlotFigure.tsx). The
 * result is the SVG of one Plot call, element for element (test/unit/studio/steppedPlot.test.ts).
 */
import * as Plot from "@observablehq/plot";

export interface SteppedLines {
  /** The chart's options without marks: title, scales with their domains, legend. */
  options: Plot.PlotOptions;
  /** The lines as marks without tooltip, a few lines each, in drawing order. */
  groups: Plot.Markish[];
  /** The same lines as one mark with `tip` (the tooltip over every line). */
  tipped: Plot.Markish;
}

/**
 * A chart that may be drawn in steps: a generator yields between steps and returns the figure. It
 * may yield the figure before it is done (complete but for its tooltip), to be shown at once; the
 * steps after it change that figure where it is, and it returns the element to show.
 */
export type PlotSteps = Generator<Element | void, Element, void>;

const SKIP_DRAWING = (): null => null;

export function* plotSteps({ options, groups, tipped }: SteppedLines): PlotSteps {
  const first = Plot.plot({ ...options, marks: groups.slice(0, 1) });
  const svg = first instanceof SVGSVGElement ? first : first.querySelector(":scope > svg"); // not a legend swatch
  const lineGroup = svg?.querySelector(':scope > g[aria-label="line"]');
  if (!svg) return first;
  // Margins as the first step laid them out (its axes set them): later steps draw no axes.
  const [x0, x1] = first.scale("x")?.range ?? [];
  const [y0, y1] = first.scale("y")?.range ?? [];
  const width = Number(svg.getAttribute("width")), height = Number(svg.getAttribute("height"));
  if (![x0, x1, y0, y1, width, height].every(Number.isFinite)) throw new Error("stepped chart: no x/y scale range");
  const quiet: Plot.PlotOptions = {
    ...options, title: undefined, subtitle: undefined, caption: undefined, width, height,
    marginLeft: Math.min(x0, x1), marginRight: width - Math.max(x0, x1), marginTop: Math.min(y0, y1), marginBottom: height - Math.max(y0, y1),
    x: { ...options.x, axis: null, grid: false }, y: { ...options.y, axis: null, grid: false },
    color: { ...options.color, legend: false }, fx: undefined, fy: undefined,
  };
  for (const g of groups.slice(1)) {
    yield;
    const more = Plot.plot({ ...quiet, marks: [g] });
    const paths = more.querySelectorAll(':scope > g[aria-label="line"] > path');
    if (lineGroup) lineGroup.append(...paths);
    else throw new Error("stepped chart: the first step drew no line group");
  }
  yield first; // every line is drawn: shown while the tooltip is made
  const tipSvg = Plot.plot({ ...quiet, marks: [tipped] }) as unknown as SVGSVGElement;
  const tip = tipSvg.querySelector(':scope > g[aria-label="tip"]');
  // The first step's SVG (attributes and children) moves into the tooltip's, before the tooltip.
  for (const a of [...tipSvg.attributes]) tipSvg.removeAttribute(a.name);
  for (const a of [...svg.attributes]) tipSvg.setAttribute(a.name, a.value);
  tipSvg.replaceChildren(...svg.childNodes, ...(tip ? [tip] : []));
  if (svg.parentNode) svg.replaceWith(tipSvg); // in the figure, or where the figure was shown
  return svg === first ? tipSvg : first;
}

/** Options of a mark drawn by nothing but its tooltip (`tip`, its own drawing skipped). */
export function tooltipOnly<T extends object>(options: T): T & { tip: true; render: () => null } {
  return { ...options, tip: true, render: SKIP_DRAWING };
}

const STYLE = { fontSize: "11px", background: "transparent" };

/** A chart's figure at `width`: one Plot call, or the steps of a stepped chart (what PlotFigure draws, one step per task). */
export function* figureSteps(width: number, o: Plot.PlotOptions | SteppedLines): PlotSteps {
  if ("groups" in o) return yield* plotSteps({ ...o, options: { width, style: STYLE, ...o.options } });
  return Plot.plot({ width, style: STYLE, ...o });
}
