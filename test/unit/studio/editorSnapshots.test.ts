import { describe, expect, it } from "vitest";
import { applyOp } from "../../../studio/state/ops";
import { starterNotebook } from "../../../studio/state/starter";
import { bindingNotebook, knownSymbols, valueKinds } from "../../../studio/notebook/editorSnapshots";
import { bindingOptions } from "../../../studio/forms/InputBindings";
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

  it("value kinds and symbols stay the same objects while what they show is the same", () => {
    const a: Record<string, CellValue> = { x: { value: panel(["B", "A"]) }, y: { value: 3 } };
    const kinds = valueKinds(a), symbols = knownSymbols(a);
    expect(kinds).toEqual({ x: "panel", y: "number" });
    expect(symbols).toEqual(["A", "B"]);
    const b: Record<string, CellValue> = { x: { value: panel(["A", "B"]) }, y: { value: 4 } };
    expect(valueKinds(b)).toBe(kinds);
    expect(knownSymbols(b)).toBe(symbols);
    const c: Record<string, CellValue> = { x: { value: { kind: "series", index: new Int32Array(0), values: new Float64Array(0) } }, y: { value: { w: panel(["C"]) } } };
    expect(valueKinds(c)).toEqual({ x: "series", y: "object" });
    expect(knownSymbols(c)).toEqual(["C"]);
  });
});
