/**
 * Mounts one Observable Plot figure, redrawn when its data or its width changes.
 * Every chart wrapper goes through here.
 *
 * Figures are drawn one per task (chartQueue.ts): a run's results arrive with many charts at
 * once, and drawing them all in the commit that mounts them made one long task of 100s of ms.
 * The figure shown stays until its replacement is drawn; the width is read then too.
 */
import { useEffect, useRef } from "react";
import * as Plot from "@observablehq/plot";
import { scheduleChart } from "./chartQueue";

export type PlotOptions = Plot.PlotOptions;

export function PlotFigure({ options, className }: { options: (width: number) => PlotOptions; className?: string }) {
  const host = useRef<HTMLDivElement>(null);
  // The width the ResizeObserver last reported: a redraw (new data) needs no layout to learn it.
  const known = useRef(0);
  const onResize = useRef<() => void>(() => {});
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const width = Math.max(240, Math.floor(el.clientWidth)); // layout is up to date in a ResizeObserver callback
      if (width !== known.current) { known.current = width; onResize.current(); }
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    // The width is read when the chart is drawn, in its own task: read in this effect, it forced a
    // layout of the page inside the commit that mounted a run's results.
    let drawn = 0, cancel: (() => void) | null = null;
    const draw = () => {
      cancel = scheduleChart(() => {
        cancel = null;
        const width = known.current || Math.max(240, Math.floor(el.clientWidth));
        drawn = width;
        let fig: Element;
        try {
          fig = Plot.plot({ width, style: { fontSize: "11px", background: "transparent" }, ...options(width) });
        } catch (e) {
          const p = document.createElement("p");
          p.className = "field-error";
          p.textContent = `chart failed: ${e instanceof Error ? e.message : String(e)}`;
          fig = p;
        }
        el.replaceChildren(fig);
      });
    };
    draw();
    onResize.current = () => { if (!cancel && known.current !== drawn) draw(); }; // a chart waiting to be drawn reads the width then
    return () => { cancel?.(); onResize.current = () => {}; };
  }, [options]);
  return <div ref={host} className={`plot ${className ?? ""}`} />;
}
