/**
 * The dependency graph of a notebook: edges from the cells a cell uses to it.
 * Topological order by Kahn's algorithm; whatever cannot be ordered lies on or
 * behind a cycle and is reported as an error on those cells, never a hang.
 */
import type { Cell, Notebook } from "../document/schema";
import { cellReferences } from "./references";

export interface CellNode {
  cell: Cell;
  /** Names of the cells this one uses. */
  uses: string[];
  /** Names of the cells that use this one. */
  usedBy: string[];
  missing: string[];
}

export interface DependencyGraph {
  nodes: Map<string, CellNode>;
  /** Cell names in an order where every cell comes after the cells it uses. */
  order: string[];
  /** Cells on a cycle, with the cycle written out: "a -> b -> a". */
  cycles: Map<string, string>;
}

export function buildGraph(nb: Notebook): DependencyGraph {
  const names = new Map(nb.cells.map((c) => [c.name, c.kind] as const));
  const datasets = new Set(nb.datasets.map((d) => d.name));
  const nodes = new Map<string, CellNode>();
  for (const cell of nb.cells) {
    const refs = cellReferences(cell, names, datasets);
    nodes.set(cell.name, { cell, uses: refs.cells, usedBy: [], missing: refs.missing });
  }
  for (const [name, node] of nodes) for (const u of node.uses) nodes.get(u)!.usedBy.push(name);

  // Kahn's algorithm, stable in document order.
  const indegree = new Map<string, number>();
  for (const [name, node] of nodes) indegree.set(name, node.uses.length);
  const order: string[] = [];
  const ready = nb.cells.map((c) => c.name).filter((n) => indegree.get(n) === 0);
  while (ready.length) {
    const n = ready.shift()!;
    order.push(n);
    for (const d of nodes.get(n)!.usedBy) {
      const k = indegree.get(d)! - 1;
      indegree.set(d, k);
      if (k === 0) ready.push(d);
    }
  }
  const cycles = new Map<string, string>();
  if (order.length < nodes.size) {
    const left = new Set([...nodes.keys()].filter((n) => !order.includes(n)));
    for (const n of left) {
      const path = findCycle(n, nodes, left);
      if (path) cycles.set(n, path.join(" -> "));
    }
    // Cells left over but not on a cycle wait on one: they are ordered last and fail as "upstream".
    for (const n of nb.cells.map((c) => c.name)) if (left.has(n)) order.push(n);
  }
  return { nodes, order, cycles };
}

/** A path from `start` back to itself through unordered cells, or null when start only depends on a cycle. */
function findCycle(start: string, nodes: Map<string, CellNode>, left: Set<string>): string[] | null {
  const stack: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string): boolean => {
    stack.push(n);
    for (const u of nodes.get(n)!.uses) {
      if (!left.has(u)) continue;
      if (u === start) { stack.push(u); return true; }
      if (!seen.has(u)) { seen.add(u); if (visit(u)) return true; }
    }
    stack.pop();
    return false;
  };
  return visit(start) ? stack : null;
}

/** The cells downstream of the given ones (including them), in topological order. */
export function downstream(graph: DependencyGraph, from: Iterable<string>): string[] {
  const marked = new Set<string>();
  const walk = (n: string) => {
    if (marked.has(n) || !graph.nodes.has(n)) return;
    marked.add(n);
    for (const d of graph.nodes.get(n)!.usedBy) walk(d);
  };
  for (const n of from) walk(n);
  return graph.order.filter((n) => marked.has(n));
}

/** The cells upstream of the given ones (including them), in topological order. */
export function upstream(graph: DependencyGraph, from: Iterable<string>): string[] {
  const marked = new Set<string>();
  const walk = (n: string) => {
    if (marked.has(n) || !graph.nodes.has(n)) return;
    marked.add(n);
    for (const u of graph.nodes.get(n)!.uses) walk(u);
  };
  for (const n of from) walk(n);
  return graph.order.filter((n) => marked.has(n));
}
