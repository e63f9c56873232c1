/**
 * A chart of many lines drawn in several short steps that join into the one SVG a single Plot call
 * draws. One `Plot.plot` of a 20-line chart with its tooltip was a task of 25-60 ms on an idle
 * machine and 100-250 ms under load: a long task on every run and parameter change. Split here:
 * 1. axes, grid, title, legend and the first line (Plot itself, every scale domain given);
 * 2. the other lines, written as Plot writes them (d3.line's path: linear curve, 3 decimals; a
 *    line broken where a point is undefined) through the first step's scales, into its line group.
 *    Plot spends most of a line chart's time on its channels, scales and groups, per point: with the
 *    other lines written here, a 20-line chart's steps took 6-20 ms in all instead of 20-80 (Chromium,
 *    load ~2; bench/STUDIO.md, round 9);
 * 3. the tooltip: the lines' mark with `tip` whose own drawing is skipped (render: null), in
 *    the SVG that then receives everything above (its pointer listeners live on that SVG).
 * The chart is yielded before step 3, to be shown: the tooltip (a Plot call over every point, the
 * longest step) may wait; the page makes it when the pointer first comes (PlotFigure.tsx). The
 * result is the SVG of one Plot call, element for element (test/unit/studio/steppedPlot.test.ts).
 */
import * as Plot from "@observablehq/plot";
import { PathText } from "./pathText";

/** Lines as points, line after line: each point's x (a date), y and line name (its `z` and `stroke`). */
export interface LinePoints {
  x: ArrayLike<Date>; y: ArrayLike<number>; z: ArrayLike<string>;
  /** Where each line's points start; the last line ends at `end`. */
  starts: readonly number[]; end: number;
}

export interface SteppedLines {
  /** The chart's options without marks: title, scales with their domains, legend. */
  options: Plot.PlotOptions;
  /** The first line(s) as a Plot line mark without tooltip: drawn with the axes, its path is the others' model. */
  first: Plot.Markish;
  /** The other lines, drawn after it in the same order, as the same mark would draw them. */
  more: LinePoints;
  /** Every line as one mark with `tip` (the tooltip over every line). */
  tipped: Plot.Markish;
}

/**
 * A chart that may be drawn in steps: a generator yields between steps and returns the figure. It
 * may yield the figure before it is done (complete but for its tooltip), to be shown at once; the
 * steps after it change that figure where it is, and it returns the element to show.
 */
export type PlotSteps = Generator<Element | void, Element, void>;

/** Points written per step after the first: 3-9 ms a step in Chromium at load ~2 (a Plot call of 1,500 points was 5-10 ms). */
export const POINTS_PER_WRITTEN_STEP = 6000;

const SKIP_DRAWING = (): null => null;

export function* plotSteps({ options, first: firstMark, more, tipped }: SteppedLines): PlotSteps {
  const first = Plot.plot({ ...options, marks: [firstMark] });
  const svg = first instanceof SVGSVGElement ? first : first.querySelector(":scope > svg"); // not a legend swatch
  if (!svg) return first;
  const xScale = first.scale("x"), yScale = first.scale("y");
  const lineGroup = svg.querySelector(':scope > g[aria-label="line"]');
  const model = lineGroup?.querySelector(":scope > path");
  if (more.starts.length) {
    if (!lineGroup || !model) throw new Error("stepped chart: the first step drew no line");
    const write = lineWriter(xScale, yScale, first.scale("color"));
    for (const [k0, k1] of writtenSteps(more)) {
      yield;
      const paths: Element[] = [];
      for (let k = k0; k < k1; k++) {
        for (const d of write(more, more.starts[k], k + 1 < more.starts.length ? more.starts[k + 1] : more.end)) {
          const p = model.cloneNode(false) as Element;
          p.setAttribute("stroke", d.stroke);
          p.setAttribute("d", d.path);
          paths.push(p);
        }
      }
      lineGroup.append(...paths);
    }
  }
  // Margins as the first step laid them out (its axes set them): the tooltip's step draws no axes.
  const [x0, x1] = xScale?.range ?? [];
  const [y0, y1] = yScale?.range ?? [];
  const width = Number(svg.getAttribute("width")), height = Number(svg.getAttribute("height"));
  if (![x0, x1, y0, y1, width, height].every(Number.isFinite)) throw new Error("stepped chart: no x/y scale range");
  const quiet: Plot.PlotOptions = {
    ...options, title: undefined, subtitle: undefined, caption: undefined, width, height,
    marginLeft: Math.min(x0, x1), marginRight: width - Math.max(x0, x1), marginTop: Math.min(y0, y1), marginBottom: height - Math.max(y0, y1),
    x: { ...options.x, axis: null, grid: false }, y: { ...options.y, axis: null, grid: false },
    color: { ...options.color, legend: false }, fx: undefined, fy: undefined,
  };
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

/** The lines each written step draws, [first, last + 1) of `more.starts`: whole lines, a new step once one holds POINTS_PER_WRITTEN_STEP points. */
export function writtenSteps(more: LinePoints): [number, number][] {
  const steps: [number, number][] = [];
  for (let k = 0; k < more.starts.length;) {
    const k0 = k;
    while (k < more.starts.length && more.starts[k] - more.starts[k0] < POINTS_PER_WRITTEN_STEP) k++;
    steps.push([k0, k]);
  }
  return steps;
}

type Scale = Plot.Scale | undefined;

/**
 * The paths Plot's line mark draws for the points from..to-1 of one line: its channels through the
 * scales (a scale's percent or transform first, as Plot applies them), one path per run of points
 * whose line name and colour stay the same (Plot's groupIndex), broken where x or y is undefined,
 * written as d3.line writes them (linear curve: M, then L, a lone point closed by Z; 3 decimals).
 */
function lineWriter(x: Scale, y: Scale, color: Scale): (p: LinePoints, from: number, to: number) => { stroke: string; path: string }[] {
  if (!x || !y) throw new Error("stepped chart: no x/y scale");
  const tx = channelTransform(x), ty = channelTransform(y);
  const sx = x.apply, sy = y.apply;
  const stroke = (name: string) => String(color ? color.apply(name) : name);
  const text = new PathText();
  // A line's x values are the panel's dates, shared by its lines: each is scaled once.
  const xs = new Map<unknown, number>();
  const scaleX = (v: unknown): number => {
    let X = xs.get(v);
    if (X === undefined) { X = sx(tx(v)) as number; xs.set(v, X); }
    return X;
  };
  return (p, from, to) => {
    const out: { stroke: string; path: string }[] = [];
    let pointsInRun = 0, z: string | null = null, colour = ""; // pointsInRun: 0 between runs
    const end = () => {
      if (pointsInRun === 1) text.close();
      pointsInRun = 0;
    };
    for (let i = from; i < to; i++) {
      const X = scaleX(p.x[i]), Y = sy(ty(p.y[i]));
      if (!defined(X) || !defined(Y)) { end(); continue; }
      if (p.z[i] !== z) { // a new group: the one before is done
        end();
        if (!text.empty) out.push({ stroke: colour, path: text.take() });
        z = p.z[i]; colour = stroke(z);
      }
      text.point(pointsInRun++ === 0, X, Y);
    }
    end();
    if (!text.empty) out.push({ stroke: colour, path: text.take() });
    return out;
  };
}

/** What Plot applies to a channel's values before its scale: the scale's transform, or its percent (x100). */
function channelTransform(s: Plot.Scale): (v: unknown) => unknown {
  if (s.transform) return s.transform as (v: unknown) => unknown;
  if (s.percent) return (v) => (v == null ? NaN : (v as number) * 100);
  return (v) => v;
}

/** Plot's `defined`: not null, undefined or NaN. */
function defined(v: unknown): boolean {
  return v != null && !Number.isNaN(v);
}

/** Options of a mark drawn by nothing but its tooltip (`tip`, its own drawing skipped). */
export function tooltipOnly<T extends object>(options: T): T & { tip: true; render: () => null } {
  return { ...options, tip: true, render: SKIP_DRAWING };
}

const STYLE = { fontSize: "11px", background: "transparent" };

/** A chart's figure at `width`: one Plot call, or the steps of a stepped chart (what PlotFigure draws, one step per task). */
export function* figureSteps(width: number, o: Plot.PlotOptions | SteppedLines): PlotSteps {
  if ("more" in o) return yield* plotSteps({ ...o, options: { width, style: STYLE, ...o.options } });
  return Plot.plot({ width, style: STYLE, ...o });
}
