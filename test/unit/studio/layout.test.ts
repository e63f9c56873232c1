import { describe, expect, it } from "vitest";
import type { Notebook } from "../../../kernel/document/schema";
import { starterNotebook } from "../../../studio/state/starter";
import { applyOp } from "../../../studio/state/ops";
import { COL_GAP, NODE_W, depthLayout, depths, freeSpot, placeNewNode, resolvePositions } from "../../../studio/graph/layout";

const noPositions = (): Notebook => ({ ...starterNotebook(), graph: { positions: {} } });

describe("graph layout", () => {
  it("depths(starter): prices 0, rsi 1 (uses prices), summary 2 (uses rsi); the intro prose sits with prices", () => {
    const d = depths(noPositions());
    expect([d.get("intro"), d.get("prices_cell"), d.get("rsi_cell"), d.get("summary_cell")]).toEqual([0, 0, 1, 2]);
  });

  it("depthLayout puts each depth in its own column, cells of one column below each other without overlap", () => {
    const p = depthLayout(noPositions());
    expect(p.rsi_cell.x).toBe(NODE_W + COL_GAP);
    expect(p.summary_cell.x).toBe(2 * (NODE_W + COL_GAP));
    expect(p.intro.x).toBe(0);
    expect(p.prices_cell.y).toBeGreaterThan(p.intro.y);
  });

  it("resolvePositions: a document without positions is laid out by depth; stored positions win", () => {
    const nb = noPositions();
    expect(resolvePositions(nb)).toEqual(depthLayout(nb));
    const moved = applyOp(nb, { op: "moveNode", id: "rsi_cell", position: { x: 999, y: 5 } });
    const r = resolvePositions(moved);
    expect(r.rsi_cell).toEqual({ x: 999, y: 5 });
    expect(r.summary_cell).toEqual(depthLayout(nb).summary_cell); // one drag does not reshuffle the rest
  });

  it("resolvePositions: a cell added without a position goes right of the cell it uses, not off in a corner", () => {
    const nb = starterNotebook();
    const added = applyOp(nb, { op: "addCell", cell: { id: "sma1", name: "sma", kind: "block", block: "ta.sma", params: {}, inputs: { series: "prices" } } });
    const p = resolvePositions(added);
    const src = nb.graph.positions.prices_cell;
    expect(p.sma1.x).toBe(src.x + NODE_W + COL_GAP);
    // rsi already sits there: the new node is pushed below it, not on top of it
    expect(p.sma1.y).toBeGreaterThan(nb.graph.positions.rsi_cell.y);
  });

  it("freeSpot moves a node down past the nodes it would cover", () => {
    const spot = freeSpot({ x: 0, y: 0 }, 100, [{ x: 10, y: 0, h: 150 }]);
    expect(spot.x).toBe(0);
    expect(spot.y).toBeGreaterThanOrEqual(150);
    expect(freeSpot({ x: 1000, y: 0 }, 100, [{ x: 0, y: 0, h: 150 }])).toEqual({ x: 1000, y: 0 });
  });

  it("placeNewNode: beside the selected node when there is one, else at the centre of the view", () => {
    const nb = starterNotebook();
    const pos = resolvePositions(nb);
    const beside = placeNewNode(nb, pos, "summary_cell", { x: 0, y: 0 }, 120);
    expect(beside.x).toBe(pos.summary_cell.x + NODE_W + COL_GAP);
    const centred = placeNewNode(nb, pos, null, { x: 5000, y: 5000 }, 120);
    expect(centred).toEqual({ x: 5000 - NODE_W / 2, y: 5000 - 60 });
  });
});
