import { describe, expect, it } from "vitest";
import { parseNotebook, serializeNotebook, NotebookError } from "../../../kernel/document/parse";
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION } from "../../../kernel/document/schema";
import { notebook } from "./helpers";

const cells = [
  { id: "c1", name: "intro", kind: "markdown", source: "# Hello" },
  { id: "c2", name: "px", kind: "sql", source: "select * from sp500" },
  { id: "c3", name: "rsi", kind: "block", block: "ta.rsi", params: { period: 14 }, inputs: { series: "px" } },
  { id: "c4", name: "last", kind: "code", source: "rsi.values" },
] as const;

function errorOf(f: () => unknown): NotebookError {
  try { f(); } catch (e) { return e as NotebookError; }
  throw new Error("expected an error");
}

describe("notebook document", () => {
  it("parseNotebook(valid) keeps cells, defaults graph and datasets, and round-trips", () => {
    const nb = parseNotebook(notebook([...cells]));
    expect(nb.cells.map((c) => c.kind)).toEqual(["markdown", "sql", "block", "code"]);
    expect(nb.graph.positions).toEqual({});
    expect(nb.datasets).toEqual([]);
    expect(parseNotebook(serializeNotebook(nb))).toEqual(nb);
  });

  it("a duplicate cell name is an error naming cells[i].name", () => {
    const e = errorOf(() => parseNotebook(notebook([cells[0], { ...cells[1], name: "intro" }])));
    expect(e).toBeInstanceOf(NotebookError);
    expect(e.message).toMatch(/cells\[1\]\.name: cell name "intro" is already used by cells\[0\]/);
  });

  it("a bad cell name is an error naming its path", () => {
    const e = errorOf(() => parseNotebook(notebook([{ ...cells[0], name: "my cell" }])));
    expect(e.message).toMatch(/cells\[0\]\.name/);
  });

  it("an unknown cell kind names the path", () => {
    const e = errorOf(() => parseNotebook(notebook([{ id: "x", name: "x", kind: "python", source: "" } as never])));
    expect(e.message).toMatch(/cells\[0\]\.kind/);
  });

  it("malformed JSON says so", () => {
    expect(() => parseNotebook("{ not json")).toThrow(/not valid JSON/);
  });

  it("a newer version gets a clear message", () => {
    expect(() => parseNotebook({ format: NOTEBOOK_FORMAT, version: NOTEBOOK_VERSION + 1, id: "n", cells: [] })).toThrow(/newer Strategy Studio/);
  });

  it("another format is refused", () => {
    expect(() => parseNotebook({ format: "jupyter", version: 4, cells: [] })).toThrow(/format: expected "strategy-studio-notebook"/);
  });

  it("migrates version 1: type -> kind, names filled in, bindings -> inputs, positions moved beside the cells", () => {
    const v1 = {
      format: NOTEBOOK_FORMAT, version: 1, id: "old", title: "Old",
      cells: [
        { id: "a", type: "code", source: "1", position: { x: 10, y: 20 } },
        { id: "b", type: "block", name: "sma", block: "ta.sma", params: { period: 3 }, bindings: { series: "code1" } },
      ],
    };
    const nb = parseNotebook(v1);
    expect(nb.version).toBe(NOTEBOOK_VERSION);
    expect(nb.cells[0]).toMatchObject({ id: "a", kind: "code", name: "code1", source: "1" });
    expect(nb.cells[1]).toMatchObject({ kind: "block", name: "sma", inputs: { series: "code1" } });
    expect(nb.graph.positions).toEqual({ a: { x: 10, y: 20 } });
  });
});
