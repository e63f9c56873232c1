/**
 * What a block cell's editor reads of the notebook and of the session's values, as snapshots that
 * stay the same object while nothing the editor shows has changed. Every editor listened to the
 * whole notebook and to every value: each keystroke in a parameter form and each batch of a run's
 * results re-rendered all of them, and their binding options re-read the dependency graph.
 *
 * The caches hold one entry: every editor reads the same notebook and the same values.
 */
import type { Cell, Notebook } from "../../kernel/document/schema";
import type { CellValue } from "../kernel/session";
import { isMatrix, isPanel } from "../../blocks/core/values";
import { valueKind, type GivenKind } from "../forms/compat";

/** What the binding options depend on: cells' names, kinds, blocks, bindings and sources (the graph), datasets. */
function bindingKey(nb: Notebook): string {
  const parts: string[] = [];
  for (const c of nb.cells) {
    if (c.kind === "markdown") parts.push(`${c.id}\u0000md\u0000${c.name}`);
    else if (c.kind === "block") parts.push(`${c.id}\u0000${c.name}\u0000${c.block}\u0000${JSON.stringify(c.inputs)}`);
    else parts.push(`${c.id}\u0000${c.name}\u0000${c.kind}\u0000${c.source}`);
  }
  for (const d of nb.datasets) parts.push(`dataset\u0000${d.name}`);
  return parts.join("\u0001");
}

let shape: { nb: Notebook; key: string; view: Notebook } | null = null;

/**
 * `nb`, or the notebook returned before when only what binding options do not read changed since
 * (parameters, markdown text, titles): a parameter edit leaves the other cells' editors alone.
 */
export function bindingNotebook(nb: Notebook): Notebook {
  if (shape?.nb === nb) return shape.view;
  const key = bindingKey(nb);
  shape = { nb, key, view: shape?.key === key ? shape.view : nb };
  return shape.view;
}

/** One snapshot derived from an input (compared by identity), kept while it derives the same key. */
function derivedSnapshot<I, T>(derive: (input: I) => { key: string; value: T }) {
  let last: { input: I; key: string; value: T } | null = null;
  return (input: I): T => {
    if (last?.input === input) return last.value;
    const next = derive(input);
    last = { input, key: next.key, value: last?.key === next.key ? last.value : next.value };
    return last.value;
  };
}

const kindsOfCodeValues = derivedSnapshot((code: Record<string, unknown>) => {
  const kinds: Record<string, GivenKind> = {};
  for (const [id, v] of Object.entries(code)) kinds[id] = valueKind(v);
  return { key: JSON.stringify(kinds), value: kinds };
});

/**
 * The kind of each code cell's value, by cell id: a binding to a code cell depends on what it gave,
 * while a block's or a SQL cell's output kind is known from the cell itself. So the results of a
 * run's block cells (one batch after another) leave the block editors and their binding options alone.
 */
export function codeValueKinds(nb: Notebook, values: Record<string, CellValue>): Record<string, GivenKind> {
  return kindsOfCodeValues(codeCellValues(nb.cells, values));
}

/**
 * The values of the code cells, by cell id, the same object while each is the same value: Monaco's
 * declarations of the cells type a code cell from its value, and a block or SQL cell from the cell
 * (stdTypes.ts), so a run's other results do not make them again.
 */
export function codeCellValues(cells: readonly Cell[], values: Record<string, CellValue>): Record<string, unknown> {
  if (codeValues?.cells === cells && codeValues.values === values) return codeValues.value;
  const next: Record<string, unknown> = {};
  for (const c of cells) if (c.kind === "code" && c.id in values) next[c.id] = values[c.id].value;
  const prev = codeValues?.value;
  const same = prev !== undefined && Object.keys(prev).length === Object.keys(next).length && Object.entries(next).every(([id, v]) => id in prev && prev[id] === v);
  codeValues = { cells, values, value: same ? prev : next };
  return codeValues.value;
}

let codeValues: { cells: readonly Cell[]; values: Record<string, CellValue>; value: Record<string, unknown> } | null = null;

/** Symbols seen in the values (columns of panels and matrices, one level into objects), sorted, for symbol pickers. */
export const knownSymbols = derivedSnapshot((values: Record<string, CellValue>) => {
  const s = new Set<string>();
  const visit = (v: unknown, depth: number) => {
    if (isPanel(v) || isMatrix(v)) { if (v.columns.length < 2000) for (const c of v.columns) s.add(c); }
    else if (depth < 1 && v && typeof v === "object" && !Array.isArray(v)) for (const x of Object.values(v)) visit(x, depth + 1);
  };
  for (const { value } of Object.values(values)) visit(value, 0);
  const symbols = [...s].sort();
  return { key: symbols.join("\u0000"), value: symbols };
});
