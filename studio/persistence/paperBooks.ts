/**
 * Paper books kept with their notebook. The `orders.paper_book` block is a pure
 * reducer (book, orders, prices) -> book; the studio keeps what it returns:
 *
 * - every time a paper-book cell finishes, its resulting book is stored in the
 *   `paperBooks` table under `<notebook id>/<cell name>` (so it is there after a
 *   reload, and listed with the notebook; deleting the notebook deletes it);
 * - "use as the starting book" writes the stored book into the notebook itself,
 *   as a code cell `<cell>_start` returning the book's JSON, and binds the cell's
 *   `book` input to it. The next run continues from that book: orders whose
 *   idempotency keys it already holds are skipped, not placed twice. The book
 *   travels with the notebook (file, link) because it is part of the document.
 */
import type { BlockCell, Cell, Notebook } from "../../kernel/document/schema";
import { parseNotebook } from "../../kernel/document/parse";
import type { PaperBookRow, StudioDb } from "./db";

export const PAPER_BLOCK = "orders.paper_book";
/** First line of a code cell written by "use as the starting book". */
export const START_MARK = "// Paper book kept by the studio";

export interface BookSummary { cash: number; positions: number; fills: number; realized_pnl: number }

export function paperBookId(notebookId: string, cellName: string): string {
  return `${notebookId}/${cellName}`;
}

export function isPaperBookCell(c: Cell): c is BlockCell {
  return c.kind === "block" && c.block === PAPER_BLOCK;
}

/** The `book` of a paper-book cell's output, when it has one. */
export function bookOf(value: unknown): Record<string, unknown> | null {
  const b = typeof value === "object" && value !== null ? (value as { book?: unknown }).book : undefined;
  return typeof b === "object" && b !== null && !Array.isArray(b) && typeof (b as { cash?: unknown }).cash === "number" ? (b as Record<string, unknown>) : null;
}

export function summarize(book: unknown): BookSummary {
  const b = (book ?? {}) as { cash?: number; positions?: Record<string, unknown>; fills?: unknown[]; realized_pnl?: number };
  return { cash: b.cash ?? NaN, positions: Object.keys(b.positions ?? {}).length, fills: b.fills?.length ?? 0, realized_pnl: b.realized_pnl ?? 0 };
}

/** Store a cell's resulting book; false when the same book is stored already. */
export async function savePaperBook(db: StudioDb, notebookId: string, cellName: string, book: unknown, at = Date.now()): Promise<boolean> {
  const id = paperBookId(notebookId, cellName);
  const text = JSON.stringify(book);
  const prior = await db.paperBooks.get(id);
  if (prior && JSON.stringify(prior.book) === text) return false;
  await db.paperBooks.put({ id, notebookId, cellName, book: JSON.parse(text) as unknown, updatedAt: at });
  return true;
}

export async function loadPaperBook(db: StudioDb, notebookId: string, cellName: string): Promise<PaperBookRow | undefined> {
  return db.paperBooks.get(paperBookId(notebookId, cellName));
}

/** The code cell's source: a marked comment and the book as a JSON literal. */
export function startSource(cellName: string, book: unknown, when: Date): string {
  const s = summarize(book);
  return `${START_MARK} (the book of \`${cellName}\` after its run at ${when.toISOString().slice(0, 19).replace("T", " ")} UTC:\n` +
    `// ${s.fills} fills, ${s.positions} positions, cash ${s.cash.toFixed(2)}). "Use as the starting book" on ${cellName} rewrites it.\n` +
    `return ${JSON.stringify(book, null, 2)};\n`;
}

function freeName(nb: Notebook, wanted: string): string {
  const taken = new Set([...nb.cells.map((c) => c.name), ...nb.datasets.map((d) => d.name)]);
  if (!taken.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!taken.has(`${wanted}${i}`)) return `${wanted}${i}`;
}

/**
 * The notebook with `book` as the starting book of the paper-book cell `cellId`:
 * the cell its `book` input is bound to is rewritten when it is one this
 * function wrote before, otherwise a new code cell `<name>_start` is put just
 * above the paper-book cell and the input is bound to it.
 */
export function withStartingBook(nb: Notebook, cellId: string, book: unknown, when = new Date()): { notebook: Notebook; startCell: string } {
  const i = nb.cells.findIndex((c) => c.id === cellId);
  const cell = nb.cells[i];
  if (!cell || !isPaperBookCell(cell)) throw new Error(`cell ${cellId} is not an ${PAPER_BLOCK} cell`);
  const bound = cell.inputs.book ? nb.cells.find((c) => c.name === cell.inputs.book) : undefined;
  if (bound && bound.kind === "code" && bound.source.startsWith(START_MARK)) {
    const cells = nb.cells.map((c) => (c.id === bound.id ? { ...c, source: startSource(cell.name, book, when) } : c));
    return { notebook: parseNotebook({ ...nb, cells }), startCell: bound.name };
  }
  const name = freeName(nb, `${cell.name}_start`);
  let id = `${cell.id}_start`;
  while (nb.cells.some((c) => c.id === id)) id += "_";
  const start: Cell = { id, name, kind: "code", source: startSource(cell.name, book, when), collapsed: true };
  const cells = [...nb.cells.slice(0, i), start, ...nb.cells.slice(i).map((c) => (c.id === cell.id ? { ...cell, inputs: { ...cell.inputs, book: name } } : c))];
  const pos = nb.graph.positions[cell.id];
  const positions = pos ? { ...nb.graph.positions, [id]: { x: pos.x - 320, y: pos.y + 160 } } : nb.graph.positions;
  return { notebook: parseNotebook({ ...nb, cells, graph: { ...nb.graph, positions } }), startCell: name };
}
