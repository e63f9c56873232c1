/**
 * Plot gives every chart and legend a <style> of its own: the same few rules, scoped to Plot's class.
 * Each one put into the page changes the page's style rules, and Chrome then restyles every element
 * those rules select: the svg, text and legend swatches of every chart already shown, once per chart
 * drawn (a run of the momentum example draws ~120). The rules go to one page-level <style> instead,
 * once per distinct text, and the figures keep none; a chart saved as a file gets them back
 * (export/charts.ts).
 */
const hoisted = new Set<string>();
let sheet: HTMLStyleElement | null = null;

/** Move `fig`'s <style> elements to the page's (before `fig` is put in the page). */
export function hoistPlotStyles(fig: Element): void {
  for (const style of fig.querySelectorAll("style")) {
    const text = style.textContent ?? "";
    if (!hoisted.has(text)) {
      hoisted.add(text);
      sheet ??= document.head.appendChild(document.createElement("style"));
      sheet.append(`${text}\n`);
    }
    style.remove();
  }
}

/** The rules moved so far, as one stylesheet's text. */
export function hoistedPlotStyles(): string {
  return [...hoisted].join("\n");
}
