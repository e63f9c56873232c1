/**
 * A chart on the page as an SVG file (the Plot SVG serialized, with its xmlns,
 * its inline style, and CSS variables resolved) or a PNG (that SVG drawn on a
 * canvas at twice its size).
 */

import { hoistedPlotStyles } from "../outputs/plotStyles";

/** The charts (Plot SVGs) inside an element, in document order. */
export function chartsIn(el: Element): SVGSVGElement[] {
  return [...el.querySelectorAll("svg")].filter((s) => (s.getAttribute("class") ?? "").includes("plot") && s.getBoundingClientRect().width > 60) as SVGSVGElement[];
}

export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  // The chart's own rules (Plot's, moved to the page's stylesheet while it is shown), for the file.
  const rules = hoistedPlotStyles();
  if (rules && !copy.querySelector(":scope > style")) copy.prepend(Object.assign(document.createElementNS("http://www.w3.org/2000/svg", "style"), { textContent: rules }));
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
  const r = svg.getBoundingClientRect();
  if (!copy.getAttribute("width")) copy.setAttribute("width", String(Math.round(r.width)));
  if (!copy.getAttribute("height")) copy.setAttribute("height", String(Math.round(r.height)));
  // Resolve var(--x) the stylesheets would have supplied (the chart's own <style>, e.g. Plot's
  // --plot-background, then the page's tokens), so the file looks the same elsewhere.
  const own = getComputedStyle(svg);
  const root = getComputedStyle(document.documentElement);
  const resolveVar = (name: string) => own.getPropertyValue(name).trim() || root.getPropertyValue(name).trim();
  // currentColor (Plot's text and axes) is the page's text colour; the background is opaque.
  const style = (copy.getAttribute("style") ?? "").replace(/(^|;)\s*background(-color)?\s*:[^;]*/g, "").replace(/^;+/, "").trim();
  copy.setAttribute("style", `${style ? style.replace(/;?$/, ";") : ""}color:${own.color || "black"};background:white`);
  let text = new XMLSerializer().serializeToString(copy);
  for (let i = 0; i < 3 && /var\(--/.test(text); i++) text = text.replace(/var\((--[A-Za-z0-9-]+)(?:\s*,\s*([^()]*))?\)/g, (m, name: string, fallback?: string) => resolveVar(name) || fallback?.trim() || m);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text}`;
}

export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const text = svgText(svg);
  const r = svg.getBoundingClientRect();
  const w = Math.max(1, Math.round(r.width)), h = Math.max(1, Math.round(r.height));
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.width = w;
    img.height = h;
    await new Promise<void>((resolve, reject) => { img.onload = () => resolve(); img.onerror = () => reject(new Error("the chart could not be drawn as an image")); img.src = url; });
    const canvas = document.createElement("canvas");
    canvas.width = w * scale;
    canvas.height = h * scale;
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = "white";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}
