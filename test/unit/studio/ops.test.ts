import { describe, expect, it } from "vitest";
import { applyOp, freshName, nameProblem, type EditOp } from "../../../studio/state/ops";
import { createDocumentStore } from "../../../studio/state/store";
import { starterNotebook } from "../../../studio/state/starter";
import { newCell } from "../../../studio/state/cells";
import { parseNotebook } from "../../../kernel/document/parse";

describe("document edit ops", () => {
  it("the starter notebook is a valid document: markdown, SQL over sp500, ta.rsi bound to it, code", () => {
    const nb = parseNotebook(starterNotebook());
    expect(nb.cells.map((c) => c.kind)).toEqual(["markdown", "sql", "block", "code"]);
    const rsi = nb.cells[2];
    expect(rsi.kind === "block" && rsi.block).toBe("ta.rsi");
    expect(rsi.kind === "block" && rsi.inputs.series).toBe("prices");
  });

  it("nameProblem refuses non-identifiers, names in use and dataset names", () => {
    const nb = starterNotebook();
    expect(nameProblem(nb, null, "1abc")).toMatch(/letter/);
    expect(nameProblem(nb, null, "prices")).toMatch(/already/);
    expect(nameProblem(nb, "prices_cell", "prices")).toBeNull();
    expect(nameProblem(nb, null, "sp500")).toMatch(/dataset/);
    expect(nameProblem(nb, null, "fresh_name")).toBeNull();
    expect(freshName(nb, "prices")).toBe("prices2");
  });

  it("renameCell(prices -> px) follows the rename in block bindings", () => {
    const nb = applyOp(starterNotebook(), { op: "renameCell", id: "prices_cell", name: "px" });
    const rsi = nb.cells.find((c) => c.id === "rsi_cell")!;
    expect(rsi.kind === "block" && rsi.inputs.series).toBe("px");
    expect(() => applyOp(nb, { op: "renameCell", id: "rsi_cell", name: "px" })).toThrow(/already/);
  });

  it("moveCell, removeCell, bindInput, setParams, moveNode are pure and keep the document valid", () => {
    const nb0 = starterNotebook();
    const ops: EditOp[] = [
      { op: "moveCell", id: "summary_cell", to: 0 },
      { op: "setParams", id: "rsi_cell", params: { period: 21 } },
      { op: "bindInput", id: "rsi_cell", port: "series", binding: null },
      { op: "moveNode", id: "rsi_cell", position: { x: 10.4, y: 20.6 } },
      { op: "removeCell", id: "intro" },
    ];
    const nb = ops.reduce(applyOp, nb0);
    expect(nb0.cells[0].id).toBe("intro"); // untouched
    expect(nb.cells.map((c) => c.id)).toEqual(["summary_cell", "prices_cell", "rsi_cell"]);
    const rsi = nb.cells.find((c) => c.id === "rsi_cell")!;
    expect(rsi.kind === "block" && rsi.params).toEqual({ period: 21 });
    expect(rsi.kind === "block" && rsi.inputs).toEqual({});
    expect(nb.graph.positions.rsi_cell).toEqual({ x: 10, y: 21 });
    expect(nb.graph.positions.intro).toBeUndefined();
    expect(() => parseNotebook(nb)).not.toThrow();
  });

  it("a replica applying the same ops (as JSON) converges to the same document", () => {
    const a = createDocumentStore(starterNotebook());
    const b = createDocumentStore(structuredClone(a.getState()));
    const sent: string[] = [];
    a.subscribe((_nb, op) => { if (op) sent.push(JSON.stringify(op)); });
    const cell = newCell(a.getState(), "block", { block: "ta.sma", before: 3 });
    a.dispatch({ op: "addCell", cell, index: 3, position: { x: 1, y: 2 } });
    a.dispatch({ op: "setParams", id: cell.id, params: { period: 5 } });
    a.dispatch({ op: "setSource", id: "prices_cell", source: "select date, close from sp500" });
    for (const s of sent) b.dispatch(JSON.parse(s));
    expect(b.getState()).toEqual(a.getState());
  });

  it("newCell(block) binds required inputs to the nearest earlier compatible cell", () => {
    const nb = starterNotebook();
    const cell = newCell(nb, "block", { block: "ta.sma" });
    expect(cell.kind === "block" && cell.inputs.series).toBe("rsi");
    const early = newCell(nb, "block", { block: "ta.sma", before: 2 });
    expect(early.kind === "block" && early.inputs.series).toBe("prices");
    expect(cell.name).toBe("sma");
  });

  it("the store refuses a bad edit with a reason, and undo/redo restore documents", () => {
    const s = createDocumentStore(starterNotebook());
    expect(s.dispatch({ op: "renameCell", id: "rsi_cell", name: "bad name" })).toMatch(/letter/);
    expect(s.dispatch({ op: "setTitle", title: "New" })).toBeNull();
    expect(s.getState().title).toBe("New");
    expect(s.undo()).toBe(true);
    expect(s.getState().title).toBe("S&P 500 momentum check");
    expect(s.redo()).toBe(true);
    expect(s.getState().title).toBe("New");
  });
});
