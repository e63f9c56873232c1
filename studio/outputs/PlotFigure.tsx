/**
 * Mounts one Observable Plot figure, redrawn when its data or its width changes.
 * Every chart wrapper goes through here.
 *
 * Figures are drawn one per task (chartQueue.ts): a run's results arrive with many charts at
 * once, and drawing them all in the commit that mounts them made one long task of 100s of ms.
 * A chart of many lines is drawn in several tasks (steppedPlot.ts), and its tooltip when the
 * pointer first comes over it. The figure shown stays until its replacement is drawn; the width
 * is read then too. A chart out of sight waits for the page's idle moments (chartQueue.ts), or until
 * it comes within half a screen of the view.
 */
import { useContext, useEffect, useRef } from "react";
import type * as Plot from "@observablehq/plot";
import { scheduleChart, type ChartTicket } from "./chartQueue";
import { ChartPriority } from "./chartPriority";
import { hoistPlotStyles } from "./plotStyles";
import { figureSteps, type PlotSteps, type SteppedLines } from "./steppedPlot";

export type PlotOptions = Plot.PlotOptions;

/**
 * The width a chart's ResizeObserver last reported, any chart: a chart drawn before its own
 * observer reported (just mounted) takes it instead of reading clientWidth, which forced a layout
 * of the page (10-40 ms) inside the task that draws it. Its own observer redraws it if its width
 * turns out different.
 */
let lastReportedWidth = 0;

export function PlotFigure({ options, className }: { options: (width: number) => PlotOptions | SteppedLines; className?: string }) {
  const host = useRef<HTMLDivElement>(null);
  // The width the ResizeObserver last reported: a redraw (new data) needs no layout to learn it.
  const known = useRef(0);
  const onResize = useRef<() => void>(() => {});
  // Whether the chart is near the view (IntersectionObserver; out of sight until its first report, in the next
  // frame; always in sight where there is none), and what to do when it comes.
  const inSight = useRef(typeof IntersectionObserver !== "function");
  const onSight = useRef<() => void>(() => {});
  // The edited cell's chart goes ahead of those waiting; read when it is drawn (a change alone redraws nothing).
  const first = useRef(false);
  first.current = useContext(ChartPriority);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const width = Math.max(240, Math.floor(el.clientWidth)); // layout is up to date in a ResizeObserver callback
      lastReportedWidth = width;
      if (width !== known.current) { known.current = width; onResize.current(); }
    });
    ro.observe(el);
    const io = typeof IntersectionObserver === "function"
      ? new IntersectionObserver((entries) => {
        const seen = entries[entries.length - 1].isIntersecting;
        inSight.current = seen;
        if (seen) onSight.current();
      }, { rootMargin: "50% 0px" })
      : null;
    io?.observe(el);
    return () => { ro.disconnect(); io?.disconnect(); };
  }, []);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    // The width is read when the chart is drawn, in its own task: read in this effect, it forced a
    // layout of the page inside the commit that mounted a run's results.
    let drawn = 0, ticket: ChartTicket | null = null, dropTooltip: (() => void) | null = null;
    const place = (fig: Element) => {
      hoistPlotStyles(fig);
      if (el.childNodes.length !== 1 || el.firstChild !== fig) el.replaceChildren(fig); // a figure shown before its end is in place
    };
    const draw = () => {
      dropTooltip?.();
      let steps: PlotSteps | null = null, o: PlotOptions | SteppedLines | null = null;
      ticket = scheduleChart(first.current, () => {
        try {
          // The chart's data first (a panel's lines decimated per pixel column: 5-15 ms for 20 columns), as a step of its own.
          if (!o) {
            const width = known.current || lastReportedWidth || Math.max(240, Math.floor(el.clientWidth));
            drawn = width;
            o = options(width);
            return true;
          }
          steps ??= figureSteps(drawn, o);
          const step = steps.next();
          if (step.done) place(step.value);
          else if (!step.value) return true; // the next step in a task of its own
          else {
            // Complete but for its tooltip, a Plot call over every point (the longest step, a long task
            // under load): shown now, the tooltip made when the pointer first comes, not during a run.
            place(step.value);
            dropTooltip = onFirstPointer(el, steps, place);
          }
        } catch (e) {
          place(chartError(e));
        }
        ticket = null;
        if (known.current && known.current !== drawn) draw(); // resized while its steps were drawn
        return false;
      }, !inSight.current);
    };
    draw();
    onResize.current = () => { if (!ticket && known.current !== drawn) draw(); }; // a chart waiting to be drawn reads the width then
    onSight.current = () => ticket?.inSight();
    return () => { ticket?.cancel(); dropTooltip?.(); onResize.current = () => {}; onSight.current = () => {}; };
  }, [options]);
  return <div ref={host} className={`plot ${className ?? ""}`} />;
}

/** Run the rest of `steps` when the pointer first comes over `el`, and place what they end with; returns a cancel function. */
function onFirstPointer(el: Element, steps: PlotSteps, place: (fig: Element) => void): () => void {
  const finish = () => {
    off();
    try {
      let r = steps.next();
      while (!r.done) r = steps.next();
      place(r.value);
    } catch (e) {
      console.error("chart tooltip failed", e); // the chart stays, without its tooltip
    }
  };
  // pointermove too: a pointer already over the chart when it was shown gets no pointerenter.
  const off = () => { el.removeEventListener("pointerenter", finish); el.removeEventListener("pointermove", finish); };
  el.addEventListener("pointerenter", finish);
  el.addEventListener("pointermove", finish);
  return off;
}

function chartError(e: unknown): Element {
  const p = document.createElement("p");
  p.className = "field-error";
  p.textContent = `chart failed: ${e instanceof Error ? e.message : String(e)}`;
  return p;
}
