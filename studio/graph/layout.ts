/**
 * Where graph nodes go when the document does not say. A document with no (or
 * few) positions is laid out by dependency depth: one column per depth, cells in
 * document order down each column, prose beside the cell it introduces. A cell
 * added later without a position goes right of the cell that feeds it (or left
 * of the one it feeds, or under everything), pushed down until it overlaps
 * nothing. Pure functions over the document, no React.
 */
import type { Cell, Notebook } from "../../kernel/document/schema";
import { findBlock } from "../../blocks/catalog";
import { graphInfoOf } from "../state/graph";

export interface XY { x: number; y: number }

export const NODE_W = 230;
export const COL_GAP = 90;
export const ROW_GAP = 30;

/** A node's height as drawn (header, status, one line per port, preview), estimated without the DOM. */
export function estimateHeight(cell: Cell): number {
  let ports = 0;
  if (cell.kind === "block") {
    const b = findBlock(cell.block);
    if (b) {
      const outs = Object.keys(b.outputs).length;
      ports = Object.keys(b.inputs).length + (outs > 1 ? outs : 0);
    }
  }
  return 60 + ports * 19 + 50;
}

/** Dependency depth of each cell: 0 for cells that use none, else 1 + the deepest cell used. Prose takes the depth of the cell it precedes. */
export function depths(nb: Notebook): Map<string, number> {
  const info = graphInfoOf(nb);
  const byName = new Map(info.cells.map((c) => [c.name, c]));
  const memo = new Map<string, number>();
  const depthOf = (name: string, seen: Set<string>): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0; // a cycle: its cells are errors, put them anywhere
    seen.add(name);
    const c = byName.get(name);
    const uses = c ? c.uses.filter((u) => byName.has(u)) : [];
    const v = uses.length ? 1 + Math.max(...uses.map((u) => depthOf(u, seen))) : 0;
    memo.set(name, v);
    return v;
  };
  const out = new Map<string, number>();
  for (const c of nb.cells) if (c.kind !== "markdown") out.set(c.id, depthOf(c.name, new Set()));
  // Markdown: beside the next computing cell (what it introduces), else the previous one.
  for (let i = 0; i < nb.cells.length; i++) {
    const c = nb.cells[i];
    if (c.kind !== "markdown") continue;
    const next = nb.cells.slice(i + 1).find((x) => x.kind !== "markdown");
    const prev = nb.cells.slice(0, i).reverse().find((x) => x.kind !== "markdown");
    out.set(c.id, next ? out.get(next.id)! : prev ? out.get(prev.id)! : 0);
  }
  return out;
}

/** Columns by dependency depth, cells in document order down each column, spaced by their estimated heights. */
export function depthLayout(nb: Notebook): Record<string, XY> {
  const d = depths(nb);
  const nextY = new Map<number, number>();
  const out: Record<string, XY> = {};
  for (const c of nb.cells) {
    const k = d.get(c.id) ?? 0;
    const y = nextY.get(k) ?? 0;
    out[c.id] = { x: k * (NODE_W + COL_GAP), y };
    nextY.set(k, y + (c.kind === "markdown" ? 90 : estimateHeight(c)) + ROW_GAP);
  }
  return out;
}

interface Box { x: number; y: number; h: number }

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + NODE_W + 20 && b.x < a.x + NODE_W + 20 && a.y < b.y + b.h + 16 && b.y < a.y + a.h + 16;
}

/** `want`, moved down in steps until a node of height `h` there overlaps none of `boxes`. */
export function freeSpot(want: XY, h: number, boxes: Box[]): XY {
  const p = { x: Math.round(want.x), y: Math.round(want.y) };
  for (let i = 0; i < 200; i++) {
    const hit = boxes.find((b) => overlaps({ ...p, h }, b));
    if (!hit) return p;
    p.y = hit.y + hit.h + ROW_GAP;
  }
  return p;
}

/**
 * A position for every cell. Stored positions win. When most cells have none,
 * the rest come from the depth layout (so the first drag does not reshuffle the
 * others); otherwise each missing cell is placed next to its neighbours.
 */
export function resolvePositions(nb: Notebook): Record<string, XY> {
  const stored: Record<string, XY> = {};
  for (const c of nb.cells) { const p = nb.graph.positions[c.id]; if (p) stored[c.id] = p; }
  const missing = nb.cells.filter((c) => !stored[c.id]);
  if (missing.length === 0) return stored;
  if (Object.keys(stored).length * 2 < nb.cells.length) return { ...depthLayout(nb), ...stored };
  const info = graphInfoOf(nb);
  const idOf = new Map(nb.cells.map((c) => [c.name, c.id]));
  const out: Record<string, XY> = { ...stored };
  const boxes = (): Box[] => nb.cells.filter((c) => out[c.id]).map((c) => ({ ...out[c.id], h: c.kind === "markdown" ? 90 : estimateHeight(c) }));
  for (const c of missing) {
    const node = info.cells.find((x) => x.id === c.id);
    const ups = (node?.uses ?? []).map((n) => idOf.get(n)).filter((id): id is string => !!id && !!out[id]);
    const downs = (node?.usedBy ?? []).map((n) => idOf.get(n)).filter((id): id is string => !!id && !!out[id]);
    let want: XY;
    if (ups.length) {
      const right = ups.reduce((a, b) => (out[b].x > out[a].x ? b : a));
      want = { x: out[right].x + NODE_W + COL_GAP, y: out[right].y };
    } else if (downs.length) {
      const left = downs.reduce((a, b) => (out[b].x < out[a].x ? b : a));
      want = { x: out[left].x - NODE_W - COL_GAP, y: out[left].y };
    } else {
      const all = Object.values(out);
      want = all.length ? { x: Math.min(...all.map((p) => p.x)), y: Math.max(...boxes().map((b) => b.y + b.h)) + ROW_GAP } : { x: 0, y: 0 };
    }
    out[c.id] = freeSpot(want, c.kind === "markdown" ? 90 : estimateHeight(c), boxes());
  }
  return out;
}

/**
 * Where a block added from the catalog goes: right of the selected node when there
 * is one, else the centre of the visible canvas; pushed down past any node there.
 */
export function placeNewNode(nb: Notebook, positions: Record<string, XY>, selected: string | null, viewCenter: XY, height: number): XY {
  const boxes: Box[] = nb.cells.filter((c) => positions[c.id]).map((c) => ({ ...positions[c.id], h: c.kind === "markdown" ? 90 : estimateHeight(c) }));
  const sel = selected ? positions[selected] : undefined;
  const want = sel ? { x: sel.x + NODE_W + COL_GAP, y: sel.y } : { x: viewCenter.x - NODE_W / 2, y: viewCenter.y - height / 2 };
  return freeSpot(want, height, boxes);
}
