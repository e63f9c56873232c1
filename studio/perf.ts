/**
 * Start-up marks for the studio benchmark (bench/studio.ts, `npm run bench -- --studio`);
 * nothing in the app reads them. `studio:interactive` is marked once the first cell that
 * computes can be edited and run: its view is mounted with its editor (Monaco for SQL and
 * code cells; a block cell's form is plain React), and the kernel worker has opened the
 * document (DuckDB-WASM started). Its startTime is milliseconds from navigation start.
 */
type Part = "studio:cells" | "studio:editor" | "studio:kernel";
const seen = new Set<Part>();
let needsEditor = true;

export function markStartup(part: Part, options: { needsEditor?: boolean } = {}): void {
  if (seen.has(part) || typeof performance === "undefined" || typeof performance.mark !== "function") return;
  seen.add(part);
  if (options.needsEditor !== undefined) needsEditor = options.needsEditor;
  performance.mark(part);
  if (seen.has("studio:cells") && seen.has("studio:kernel") && (!needsEditor || seen.has("studio:editor"))) performance.mark("studio:interactive");
}
