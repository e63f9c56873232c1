import { describe, expect, it } from "vitest";
import { freeNames } from "../../../kernel/scheduler/freeNames";
import { cellReferences, sqlIdentifiers } from "../../../kernel/scheduler/references";
import { codeNotebook, recordingKernel, notebook } from "./helpers";

const free = (src: string) => [...(freeNames(src) ?? [])].sort();

describe("freeNames(code)", () => {
  it("object keys and member names are not free", () => {
    expect(free("({ degradation: wf.degradation })")).toEqual(["wf"]);
  });
  it("a local declaration shadows a cell name", () => {
    expect(free("const straddle = x; return straddle + y")).toEqual(["x", "y"]);
  });
  it("parameters, destructuring, catch and loop bindings are local; defaults are read", () => {
    expect(free("function f(p) { return p + q } const {a, b: c = d, ...r} = o; for (const k of ks) t += k; try { g() } catch (e) { e }")).toEqual(["d", "g", "ks", "o", "q", "t"]);
  });
  it("TypeScript types are stripped first", () => {
    expect(free("let x: Panel = px as Panel; return x")).toEqual(["px"]);
  });
});

describe("cellReferences", () => {
  const cells = new Map([["px", "sql"], ["close", "sql"], ["code1", "code"]] as const);
  it("a SQL cell depends only on SQL cells it names, never on itself", () => {
    const r = cellReferences({ id: "c", name: "close", kind: "sql", source: "select close, code1 from px" }, cells, new Set());
    expect(r.cells).toEqual(["px"]);
  });
  it("sqlIdentifiers skips strings and comments and reads quoted names", () => {
    expect([...sqlIdentifiers(`select 'px' -- px\nfrom "my view"`)]).toEqual(["select", "from", "my view"]);
  });
});

describe("code cells may reuse names", () => {
  it("a cell may declare a local called like a blocked global or another cell", async () => {
    const { kernel } = recordingKernel();
    kernel.open(codeNotebook({ straddle: "5", book: "const close = 2; const straddle = 3; return { close, straddle }", keyed: "({ straddle: 1 })" }), { trusted: true });
    const s = await kernel.run();
    expect(s.errors).toEqual([]);
    expect(kernel.value("book")).toEqual({ close: 2, straddle: 3 });
    expect(kernel.scheduler.getGraph().nodes.get("keyed")!.uses).toEqual([]);
  });

  it("a block input bound to a whole block cell takes the output named like the port", async () => {
    const { kernel } = recordingKernel();
    kernel.open(notebook([
      { id: "p", name: "px", kind: "code", source: "std.panel(new Int32Array([0, 1, 2]), ['A'], new Float64Array([1, 2, 4]))" },
      { id: "r", name: "rets", kind: "block", block: "data.returns", params: {}, inputs: { prices: "px" } },
      { id: "c", name: "again", kind: "block", block: "data.returns", params: {}, inputs: { prices: "rets" } },
    ]), { trusted: true });
    const s = await kernel.run();
    expect(s.errors).toEqual([]);
    const again = kernel.value("again") as { returns: { values: Float64Array } };
    // returns of returns [1, 1]: 1/1 - 1 = 0
    expect(Array.from(again.returns.values)).toEqual([0]);
  });

  it("code cells call the library as typed functions: std.lib.ta.sma equals the ta.sma block", async () => {
    const { kernel } = recordingKernel();
    kernel.open(codeNotebook({
      px: "std.series(new Int32Array([0, 1, 2, 3]), new Float64Array([1, 2, 4, 8]))",
      viaLib: "Array.from(std.lib.ta.sma(px.values, 2))",
      viaBlock: "Array.from((std.block('ta.sma', { period: 2 }, { series: px }).values as any).values)",
    }), { trusted: true });
    expect((await kernel.run()).errors).toEqual([]);
    expect(kernel.value("viaLib")).toEqual([NaN, 1.5, 3, 6]);
    expect(kernel.value("viaBlock")).toEqual(kernel.value("viaLib"));
  });
});
