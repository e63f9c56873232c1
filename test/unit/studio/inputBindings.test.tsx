// @vitest-environment jsdom
/**
 * A block cell's input selects (studio/forms/InputBindings.tsx) show the current binding at once and
 * their options in a render of their own, after the cells are shown: the options read the dependency
 * graph, which parses code cells (the first parse in a page compiles the parser: 20-90 ms).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { flushSync } from "react-dom";
import { createRoot, type Root } from "react-dom/client";
import { InputBindings } from "../../../studio/forms/InputBindings";
import * as graph from "../../../studio/state/graph";
import { starterNotebook } from "../../../studio/state/starter";
import { findBlock } from "../../../blocks/catalog";
import type { BlockCell } from "../../../kernel/document/schema";

let root: Root | null = null;
afterEach(() => { root?.unmount(); root = null; vi.restoreAllMocks(); });

describe("InputBindings", () => {
  const nb = starterNotebook();
  const cell = nb.cells.find((c): c is BlockCell => c.kind === "block" && Object.keys(c.inputs).length > 0)!;
  const block = findBlock(cell.block)!;
  const [port, bound] = Object.entries(cell.inputs)[0];

  it("shows the current binding first, and the options (and the graph they read) in a later render", async () => {
    const graphs = vi.spyOn(graph, "dependentsOf");
    const host = document.createElement("div");
    root = createRoot(host);
    flushSync(() => root!.render(<InputBindings nb={nb} cell={cell} block={block} kinds={{}} onBind={() => {}} />));
    const select = () => host.querySelector(`select[name="input-${port}"]`) as HTMLSelectElement;
    // The first commit: the current binding, selected, and nothing that needs the graph.
    expect(select().value).toBe(bound);
    expect([...select().options].map((o) => o.value)).toEqual(["", bound]);
    expect(graphs).not.toHaveBeenCalled();
    expect(host.querySelector(".field-error")).toBeNull();
    // Then the deferred render: every candidate cell before this one, the binding still selected.
    await vi.waitFor(() => expect(select().options.length).toBeGreaterThan(2));
    expect(graphs).toHaveBeenCalled();
    const values = [...select().options].map((o) => o.value);
    expect(values.length).toBeGreaterThan(2);
    expect(values).toContain(bound);
    expect(values).not.toContain(cell.name); // not itself: a cycle
    expect(select().value).toBe(bound);
  });

  it("names a binding to a cell that is not before this one, once the options are known", async () => {
    const host = document.createElement("div");
    root = createRoot(host);
    const wrong = { ...cell, inputs: { ...cell.inputs, [port]: "no_such_cell" } };
    const doc = { ...nb, cells: nb.cells.map((c) => (c.id === cell.id ? wrong : c)) };
    flushSync(() => root!.render(<InputBindings nb={doc} cell={wrong} block={block} kinds={{}} onBind={() => {}} />));
    expect(host.querySelector(".field-error")).toBeNull();
    await vi.waitFor(() => expect(host.querySelector(".field-error")).not.toBeNull());
    expect(host.querySelector(".field-error")?.textContent).toBe('"no_such_cell" is not a cell before this one');
  });
});
