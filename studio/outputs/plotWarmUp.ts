/**
 * Observable Plot's code, run a few times on tiny charts in idle moments after start-up, so that a
 * run's charts do not pay for compiling it. The first chart of each kind in a page was 2-3x its
 * later cost (the drawdown area 56-160 ms, then 25-54; measured in Chromium, bench/STUDIO.md):
 * under load those first charts were the run's long tasks. Each tiny chart is one idle callback,
 * detached from the page (no style or layout), and the sequence stops if a chart fails.
 */
import * as Plot from "@observablehq/plot";
import { whenIdle } from "../ui/idle";

const DAY = 86_400_000;

/** Two short dated lines, as the charts draw them: Dates in `date`, numbers in `value`. */
function datedRows(): { date: Date; value: number; name: string }[] {
  const rows: { date: Date; value: number; name: string }[] = [];
  for (let i = 0; i < 40; i++) for (const name of ["a", "b"]) rows.push({ date: new Date(Date.UTC(2020, 0, 1) + i * DAY), value: Math.sin(i / 5) * (name === "a" ? 1 : 0.5), name });
  return rows;
}

/** One tiny chart per mark kind the outputs use (charts.tsx, MlViews.tsx, AgentViews.tsx). */
export const WARM_UP_CHARTS: readonly (() => Element)[] = [
  () => Plot.plot({ y: { grid: true }, marks: [Plot.ruleY([0]), Plot.ruleX([0, 1])] }),
  () => {
    const rows = datedRows();
    return Plot.plot({ x: { type: "utc", label: "Date" }, color: { legend: true }, marks: [Plot.lineY(rows, { x: "date", y: "value", stroke: "name", tip: true })] });
  },
  () => {
    const rows = datedRows().filter((r) => r.name === "a");
    return Plot.plot({ x: { type: "utc" }, y: { percent: true, grid: true }, marks: [Plot.areaY(rows, { x: "date", y: "value", fillOpacity: 0.3 }), Plot.lineY(rows, { x: "date", y: "value", tip: true })] });
  },
  () => {
    const rows = ["q1", "q2", "q3"].flatMap((fx) => [1, 2, 3].map((x) => ({ fx, x, y: x - 2 })));
    return Plot.plot({ fx: { label: null }, y: { percent: true }, marks: [Plot.barY(rows, { fx: "fx", x: "x", y: "y", tip: true }), Plot.barX(rows, { x: "y", y: "fx" }), Plot.ruleY([0])] });
  },
  () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ r: Math.sin(i) * 0.02 }));
    return Plot.plot({ y: { grid: true }, marks: [Plot.rectY(rows, { ...Plot.binX({ y: "count" }, { x: "r", thresholds: "freedman-diaconis" }), tip: true }), Plot.tickX([0.01], { x: (d: number) => d })] });
  },
  () => {
    const rows = ["a", "b", "c"].flatMap((row) => ["a", "b", "c"].map((col) => ({ row, col, v: row === col ? 1 : 0.3 })));
    return Plot.plot({ color: { scheme: "RdBu", legend: true }, marks: [Plot.cell(rows, { x: "col", y: "row", fill: "v", tip: true }), Plot.text(rows, { x: "col", y: "row", text: "v" }), Plot.dot(rows, { x: "col", y: "row", r: 2 }), Plot.line(rows, { x: "col", y: "v" })] });
  },
];

/** How many times each chart is drawn: V8 optimizes a function after it has run a few times. */
export const WARM_UP_ROUNDS = 3;

/**
 * Draw WARM_UP_CHARTS, WARM_UP_ROUNDS times over, one per idle moment (`idle`: the page's, by
 * default). Returns a cancel function.
 */
export function warmUpPlot(idle: (run: () => void) => void = whenIdle): () => void {
  let next = 0, cancelled = false;
  const step = () => {
    if (cancelled || next >= WARM_UP_CHARTS.length * WARM_UP_ROUNDS) return;
    try {
      WARM_UP_CHARTS[next++ % WARM_UP_CHARTS.length]();
    } catch (e) {
      console.error("Plot warm-up failed", e); // nothing depends on it: the charts compile when first drawn
      return;
    }
    idle(step);
  };
  idle(step);
  return () => { cancelled = true; };
}
