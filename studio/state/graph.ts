/**
 * The dependency graph of the open document, computed on the page with the
 * kernel's own function (kernel/scheduler/graph.ts), so the views can draw
 * edges and refuse cycles at once, before the worker answers.
 */
import type { Notebook } from "../../kernel/document/schema";
import type { GraphInfo } from "../../kernel/kernel";
import { buildGraph, downstream } from "../../kernel/scheduler/graph";

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
