/**
 * Mounts one Observable Plot figure, redrawn when its data or its width changes.
 * Every chart wrapper goes through here.
 */
import { useEffect, useRef, useState } from "react";
import * as Plot from "@observablehq/plot";

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
    return () => { fig.remove(); };
  }, [options, width]);
  return <div ref={host} className={`plot ${className ?? ""}`} />;
}
