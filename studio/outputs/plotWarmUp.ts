/**
 * The charts' code, run a few times on small made-up results in idle moments after start-up, so that
 * a run's charts do not pay for compiling it. The first chart of each kind in a page was 2-3x its
 * later cost (the drawdown area 56-160 ms, then 25-54; a 20-line panel's data step 25-50 ms under
 * load, then 6-12; measured in Chromium, bench/STUDIO.md): under load those first charts were the
 * run's long tasks. So the warm-up goes the way a chart does: the outputs' own option builders
 * (charts.tsx: decimation, rows, marks), then figureSteps (a panel's lines in steps, then its
 * tooltip). Steps run in idle moments (warmUpPlot), detached from the page (no style or layout),
 * and the sequence stops if a chart fails.
 */
import * as Plot from "@observablehq/plot";
import { panel, series, type Panel, type Series } from "../../blocks/core/values";
import { simpleReturns1d } from "../../blocks/ml/features";
import { idleSteps, whenIdle } from "../ui/idle";
import { drawdownOptions, equityOptions, panelLinesChart, returnsHistogramOptions } from "./charts";
import type { PlotOptions } from "./PlotFigure";
import { figureSteps, type PlotSteps, type SteppedLines } from "./steppedPlot";

/** A chart as PlotFigure is given it: its options at a width. */
export type WarmUpChart = (width: number) => PlotOptions | SteppedLines;

/** The width the warm-up draws at (a chart's in a notebook: 700-1100 px). */
export const WARM_UP_WIDTH = 800;

const FIRST_DAY = 16_436; // 2015-01-01

/** `n` dates, five days a week, and a deterministic wave per column; the first rows of a few columns missing (a stock not yet listed). */
function madeUpPanel(n: number, m: number): Panel {
  const index = new Int32Array(n);
  for (let t = 0, day = FIRST_DAY; t < n; t++) { index[t] = day; day += t % 5 === 4 ? 3 : 1; }
  const values = new Float64Array(n * m);
  for (let t = 0; t < n; t++) for (let j = 0; j < m; j++) values[t * m + j] = j < 3 && t < 50 * (j + 1) ? NaN : 100 + 10 * Math.sin(t / (20 + j)) + t * 0.01 * j;
  return panel(index, Array.from({ length: m }, (_, j) => `S${j}`), values);
}

/** An equity curve of `n` days (above the points a line keeps at WARM_UP_WIDTH, so it is decimated). */
function madeUpEquity(n: number): Series {
  const p = madeUpPanel(n, 1);
  return series(p.index, p.values.map((v) => v / 100), "equity");
}

const returnsOf = (s: Series): Series => series(s.index, simpleReturns1d(s.values), "returns");

/**
 * The charts a run draws most (a panel's 20 lines in steps, an equity curve and its drawdown, a
 * histogram of returns), then one small chart per other mark kind the outputs use (charts.tsx,
 * MlViews.tsx, AgentViews.tsx). Made lazily, so that a page that never warms up makes no data.
 */
export const WARM_UP_CHARTS: readonly WarmUpChart[] = [
  (width) => panelLinesChart({ panel: madeUpPanel(700, 20), title: "warm-up (20 columns)", percent: false }, width),
  (width) => equityOptions(madeUpEquity(1600), "warm-up", width),
  (width) => drawdownOptions(madeUpEquity(1600), width),
  () => returnsHistogramOptions(returnsOf(madeUpEquity(400)), "warm-up"),
  () => {
    const rows = ["q1", "q2", "q3"].flatMap((fx) => [1, 2, 3].map((x) => ({ fx, x, y: x - 2 })));
    return { fx: { label: null }, y: { percent: true }, marks: [Plot.barY(rows, { fx: "fx", x: "x", y: "y", tip: true }), Plot.barX(rows, { x: "y", y: "fx" }), Plot.ruleY([0]), Plot.ruleX([0]), Plot.tickX([0.01], { x: (d: number) => d })] };
  },
  () => {
    const rows = ["a", "b", "c"].flatMap((row) => ["a", "b", "c"].map((col) => ({ row, col, v: row === col ? 1 : 0.3 })));
    return { color: { scheme: "RdBu", legend: true }, marks: [Plot.cell(rows, { x: "col", y: "row", fill: "v", tip: true }), Plot.text(rows, { x: "col", y: "row", text: "v" }), Plot.dot(rows, { x: "col", y: "row", r: 2 }), Plot.line(rows, { x: "col", y: "v" })] };
  },
];

/** How many times each chart is drawn: V8 optimizes a function after it has run a few times. */
export const WARM_UP_ROUNDS = 3;

/**
 * Draw WARM_UP_CHARTS, WARM_UP_ROUNDS times over, as PlotFigure draws a chart (its data, then its
 * steps), in idle moments (`idle`: the page's, by default): a step, and more while the moment has
 * room for one. The page gives one moment per 50 ms when nothing else happens, so one step each made
 * the warm-up last 3.4 s after the data engine was up. Returns a cancel function.
 */
export function warmUpPlot(idle: (run: (timeLeft: () => number) => void) => void = whenIdle): () => void {
  let made = 0, steps: PlotSteps | null = null, cancelled = false;
  /** One step; false when there is none left or one failed. */
  const step = (): boolean => {
    try {
      if (steps) {
        if (steps.next().done) steps = null;
      } else if (made < WARM_UP_CHARTS.length * WARM_UP_ROUNDS) {
        steps = figureSteps(WARM_UP_WIDTH, WARM_UP_CHARTS[made++ % WARM_UP_CHARTS.length](WARM_UP_WIDTH));
      } else return false;
    } catch (e) {
      console.error("chart warm-up failed", e); // nothing depends on it: the charts compile when first drawn
      return false;
    }
    return true;
  };
  const moment = (timeLeft: () => number) => {
    if (!cancelled && idleSteps(step, timeLeft)) idle(moment);
  };
  idle(moment);
  return () => { cancelled = true; };
}
