/**
 * The dependency graph of the open document, computed on the page with the
 * kernel's own function (kernel/scheduler/graph.ts), so the views can draw
 * edges and refuse cycles at once, before the worker answers.
 */
import type { Notebook } from "../../kernel/document/schema";
import type { GraphInfo } from "../../kernel/kernel";
import { buildGraph, downstream } from "../../kernel/scheduler/graph";

export function graphInfoOf(nb: Notebook): GraphInfo {
  const g = buildGraph(nb);
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
  return new Set(downstream(buildGraph(nb), [name]));
}
