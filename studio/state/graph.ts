/**
 * The dependency graph of the open document, computed on the page with the
 * kernel's own function (kernel/scheduler/graph.ts), so the views can draw
 * edges and refuse cycles at once, before the worker answers.
 */
import type { Notebook } from "../../kernel/document/schema";
import type { GraphInfo } from "../../kernel/kernel";
import { buildGraph, downstream } from "../../kernel/scheduler/graph";
import { freeNames } from "../../kernel/scheduler/freeNames";
import { whenIdle } from "../ui/idle";

/**
 * The graph of a notebook, built once per notebook object (documents are immutable): every block
 * editor asks for the cells below its own, and rebuilt it (parsing code cells) for each of its ports.
 */
const graphs = new WeakMap<Notebook, ReturnType<typeof buildGraph>>();
function graphOf(nb: Notebook): ReturnType<typeof buildGraph> {
  let g = graphs.get(nb);
  if (!g) graphs.set(nb, (g = buildGraph(nb)));
  return g;
}

export function graphInfoOf(nb: Notebook): GraphInfo {
  const g = graphOf(nb);
  return {
    cells: nb.cells.map((c) => {
      const n = g.nodes.get(c.name);
      const cycle = g.cycles.get(c.name);
      return { id: c.id, name: c.name, uses: n?.uses ?? [], usedBy: n?.usedBy ?? [], missing: n?.missing ?? [], ...(cycle ? { cycle } : {}) };
    }),
  };
}

/** Names of the cells that depend on `name` (itself included): binding to them would make a cycle. */
export function dependentsOf(nb: Notebook, name: string): Set<string> {
  return new Set(downstream(graphOf(nb), [name]));
}

/** Made-up code cells in the shapes notebooks use: types, arrow functions, loops, destructuring, templates, a class. */
export const PARSER_WARM_UP_SOURCES: readonly string[] = [
  "const cols = Object.keys(prices.columns).filter((c) => c !== \"date\");\nconst out: Record<string, number> = {};\nfor (const c of cols) { const v = prices.columns[c] as Float64Array; out[c] = v[v.length - 1] / v[0] - 1; }\nreturn out;",
  "type Row = { name: string; mean: number };\nconst rows: Row[] = [];\nfor (const [name, s] of Object.entries(report.ic_summary as Record<string, { mean: number }>)) rows.push({ name, mean: s.mean });\nreturn rows.sort((a, b) => b.mean - a.mean).map(({ name, mean }) => `${name}: ${mean.toFixed(3)}`);",
  "class Acc { total = 0; add(x: number): this { this.total += x; return this; } }\nconst acc = new Acc();\nlet i = 0;\nwhile (i < weights.values.length) acc.add(Number.isFinite(weights.values[i]) ? weights.values[i] : 0), i++;\nreturn { total: acc.total, label: `n=${i}` };",
];

/** How many times each made-up cell is parsed (with a different comment each time: free names are memoized by text). */
export const PARSER_WARM_UP_ROUNDS = 3;

/**
 * Parse made-up code cells in idle moments (`idle`: the page's, by default), one per moment, so that the
 * first notebook opened with code cells does not pay for compiling the parser (sucrase and acorn: a
 * page's first parses took 13-35 ms a cell under load, later ones 3-10). Returns a cancel function.
 */
export function warmUpCodeParser(idle: (run: () => void) => void = whenIdle): () => void {
  let made = 0, cancelled = false;
  const moment = () => {
    if (cancelled || made >= PARSER_WARM_UP_SOURCES.length * PARSER_WARM_UP_ROUNDS) return;
    freeNames(`${PARSER_WARM_UP_SOURCES[made % PARSER_WARM_UP_SOURCES.length]}\n// warm-up ${made}`);
    made++;
    idle(moment);
  };
  idle(moment);
  return () => { cancelled = true; };
}
