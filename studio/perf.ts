/**
 * Start-up marks for the studio benchmark (bench/studio.ts, `npm run bench -- --studio`);
 * nothing in the app reads them. Their startTime is milliseconds from navigation start.
 *
 * `studio:interactive` is marked once the first cell that computes can be edited and run:
 * its view is mounted (`studio:cells`) with an editor that accepts input (`studio:editor`:
 * the stand-in textarea for SQL and code cells, which Monaco replaces later; a block cell's
 * form is plain React), and the kernel worker has opened the document (`studio:kernel`).
 * It does not wait for the data engine: a run asked for earlier waits in the worker for
 * DuckDB-WASM. The later marks show the rest: `studio:monaco` (Monaco replaced the
 * textarea) and `studio:engine` (DuckDB-WASM up and the worker's network closed).
 */
type Part = "studio:cells" | "studio:editor" | "studio:kernel" | "studio:monaco" | "studio:engine";
const seen = new Set<Part>();
let needsEditor = true;
let interactive = false;

export function markStartup(part: Part, options: { needsEditor?: boolean } = {}): void {
  if (seen.has(part) || typeof performance === "undefined" || typeof performance.mark !== "function") return;
  seen.add(part);
  if (options.needsEditor !== undefined) needsEditor = options.needsEditor;
  performance.mark(part);
  if (!interactive && seen.has("studio:cells") && seen.has("studio:kernel") && (!needsEditor || seen.has("studio:editor"))) {
    interactive = true;
    performance.mark("studio:interactive");
  }
}
