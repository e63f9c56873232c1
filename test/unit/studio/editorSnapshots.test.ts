import { describe, expect, it } from "vitest";
import { applyOp } from "../../../studio/state/ops";
import { starterNotebook } from "../../../studio/state/starter";
import { bindingNotebook, codeCellValues, codeValueKinds, knownSymbols } from "../../../studio/notebook/editorSnapshots";
import { bindingOptions } from "../../../studio/forms/InputBindings";
import { cellDeclarations } from "../../../studio/notebook/stdTypes";
import { findBlock } from "../../../blocks/catalog";
import type { BlockCell } from "../../../kernel/document/schema";
import type { CellValue } from "../../../studio/kernel/session";

const panel = (columns: string[]) => ({ kind: "panel", index: new Int32Array([0]), columns, values: new Float64Array(columns.length) });

describe("block editor snapshots", () => {
  const nb = starterNotebook();
  const rsi = nb.cells.find((c): c is BlockCell => c.kind === "block")!;
  const code = nb.cells.find((c) => c.kind === "code")!;

  it("a parameter edit keeps the binding notebook; a binding, a rename or a source edit replaces it", () => {
    const first = bindingNotebook(nb);
    expect(first).toBe(nb);
    const params = applyOp(nb, { op: "setParams", id: rsi.id, params: { period: 9 } });
    expect(bindingNotebook(params)).toBe(nb);
    const renamed = applyOp(params, { op: "renameCell", id: code.id, name: "summary2" });
    expect(bindingNotebook(renamed)).toBe(renamed);
    const rebound = applyOp(renamed, { op: "bindInput", id: rsi.id, port: "series", binding: null });
    expect(bindingNotebook(rebound)).toBe(rebound);
    const edited = applyOp(rebound, { op: "setSource", id: code.id, source: "return 1;" });
    expect(bindingNotebook(edited)).toBe(edited);
  });

  it("the kept notebook gives the binding options of the edited one", () => {
    const block = findBlock(rsi.block)!;
    const params = applyOp(nb, { op: "setParams", id: rsi.id, params: { period: 9 } });
    bindingNotebook(nb);
    const kept = bindingNotebook(params);
    const cell = params.cells.find((c) => c.id === rsi.id) as BlockCell;
    for (const port of Object.keys(block.inputs)) expect(bindingOptions(kept, cell, block, port)).toEqual(bindingOptions(params, cell, block, port));
  });

  it("code value kinds leave out block and SQL cells, and stay the same object while the code cells' kinds do", () => {
    const sql = nb.cells.find((c) => c.kind === "sql")!;
    const series = (n: number) => ({ kind: "series", index: new Int32Array(n), values: new Float64Array(n) });
    const a: Record<string, CellValue> = { [code.id]: { value: 3 }, [rsi.id]: { value: series(2) } };
    const kinds = codeValueKinds(nb, a);
    expect(kinds).toEqual({ [code.id]: "number" });
    // A run's block and SQL results (new values map each batch): the same snapshot, nothing re-renders.
    const b: Record<string, CellValue> = { ...a, [rsi.id]: { value: series(5) }, [sql.id]: { value: { kind: "table", columns: {}, rowCount: 0 } } };
    expect(codeValueKinds(nb, b)).toBe(kinds);
    // The code cell gives another kind: a new snapshot.
    const c: Record<string, CellValue> = { ...b, [code.id]: { value: series(3) } };
    expect(codeValueKinds(nb, c)).toEqual({ [code.id]: "series" });
    expect(codeValueKinds(nb, { ...c })).toBe(codeValueKinds(nb, c));
  });

  it("code cell values: the same object while each code cell's value is, and the same declarations as from every value", () => {
    const v1 = { total: 1 }, v2 = { total: 2 };
    const a: Record<string, CellValue> = { [code.id]: { value: v1 }, [rsi.id]: { value: panel(["A"]) } };
    const first = codeCellValues(nb.cells, a);
    expect(first).toEqual({ [code.id]: v1 });
    expect(codeCellValues(nb.cells, { ...a, [rsi.id]: { value: panel(["B"]) } })).toBe(first); // a block's new result
    const b = { ...a, [code.id]: { value: v2 } };
    expect(codeCellValues(nb.cells, b)).toEqual({ [code.id]: v2 });
    const every = Object.fromEntries(Object.entries(b).map(([id, v]) => [id, v.value]));
    expect(cellDeclarations(nb.cells, codeCellValues(nb.cells, b))).toBe(cellDeclarations(nb.cells, every));
  });

  it("symbols stay the same object while what they show is the same", () => {
    const a: Record<string, CellValue> = { x: { value: panel(["B", "A"]) }, y: { value: 3 } };
    const symbols = knownSymbols(a);
    expect(symbols).toEqual(["A", "B"]);
    const b: Record<string, CellValue> = { x: { value: panel(["A", "B"]) }, y: { value: 4 } };
    expect(knownSymbols(b)).toBe(symbols);
    const c: Record<string, CellValue> = { x: { value: { kind: "series", index: new Int32Array(0), values: new Float64Array(0) } }, y: { value: { w: panel(["C"]) } } };
    expect(knownSymbols(c)).toEqual(["C"]);
  });
});
