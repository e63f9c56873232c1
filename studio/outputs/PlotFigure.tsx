/**
 * Mounts one Observable Plot figure, redrawn when its data or its width changes.
 * Every chart wrapper goes through here.
 *
 * Figures are drawn one per task (chartQueue.ts): a run's results arrive with many charts at
 * once, and drawing them all in the commit that mounts them made one long task of 100s of ms.
 * The figure shown stays until its replacement is drawn.
 */
import { useEffect, useRef, useState } from "react";
import * as Plot from "@observablehq/plot";
import { scheduleChart } from "./chartQueue";

export type PlotOptions = Plot.PlotOptions;

export function PlotFigure({ options, className }: { options: (width: number) => PlotOptions; className?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.floor(el.clientWidth)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const el = host.current;
    if (!el || width === 0) return;
    return scheduleChart(() => {
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
  }, [options, width]);
  return <div ref={host} className={`plot ${className ?? ""}`} />;
}
