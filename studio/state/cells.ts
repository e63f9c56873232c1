/**
 * New cells with fresh names. A new block cell binds each required input to the
 * nearest earlier cell that can feed it, so a block dropped after a query is
 * connected at once.
 */
import type { Cell, Notebook } from "../../kernel/document/schema";
import { findBlock } from "../../blocks/catalog";
import { bindingProblem } from "../forms/compat";
import { freshName, newCellId } from "./ops";

const STARTERS: Record<Exclude<Cell["kind"], "block">, string> = {
  markdown: "## Notes\n\nWrite *Markdown* here.",
  sql: "select * from sp500 order by date desc limit 100",
  code: "// Other cells are variables here; `std` is the studio's library.\nreturn std.blocks().length;",
};

export function newCell(nb: Notebook, kind: Cell["kind"], options: { block?: string; before?: number } = {}): Cell {
  const id = newCellId();
  if (kind !== "block") {
    const base = kind === "markdown" ? "notes" : kind === "sql" ? "query" : "calc";
    const sql = kind === "sql" && nb.datasets[0] ? `select * from ${nb.datasets[0].name} limit 100` : STARTERS[kind];
    return { id, name: freshName(nb, base), kind, source: kind === "sql" ? sql : STARTERS[kind] };
  }
  const blockId = options.block ?? "ta.sma";
  const b = findBlock(blockId);
  const base = blockId.split(".").pop()!.replace(/[^A-Za-z0-9_]/g, "_");
  const inputs: Record<string, string> = {};
  if (b) {
    const earlier = nb.cells.slice(0, options.before ?? nb.cells.length).reverse();
    for (const [port, p] of Object.entries(b.inputs)) {
      if (p.optional) continue;
      const src = earlier.find((c) => c.kind !== "markdown" && c.kind !== "code" && bindingProblem(c, undefined, { kind: p.kind, name: port }, port) === null);
      if (src) inputs[port] = src.name;
    }
  }
  return { id, name: freshName(nb, base), kind: "block", block: blockId, params: {}, inputs };
}
