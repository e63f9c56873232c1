import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import Dexie from "dexie";
import { StudioDb } from "../../../studio/persistence/db";
import { deleteNotebook } from "../../../studio/persistence/notebooks";
import { START_MARK, loadPaperBook, paperBookId, savePaperBook, withStartingBook } from "../../../studio/persistence/paperBooks";
import { Kernel } from "../../../kernel/kernel";
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type Notebook } from "../../../kernel/document/schema";

let n = 0;
const dbs: Dexie[] = [];
function freshDb(): StudioDb {
  const db = new StudioDb(`test-paper-${Date.now()}-${n++}`);
  dbs.push(db);
  return db;
}
afterEach(async () => { for (const db of dbs.splice(0)) { db.close(); await Dexie.delete(db.name); } });

const ORDERS = '[{ symbol: "AAA", side: "buy", shares: 10, key: "o-1" }, { symbol: "BBB", side: "buy", shares: 5 }]';

function notebook(orders = ORDERS): Notebook {
  return {
    format: NOTEBOOK_FORMAT,
    version: NOTEBOOK_VERSION,
    id: "nb-paper",
    title: "Paper",
    cells: [
      { id: "o", name: "orders", kind: "code", source: `return ${orders};` },
      { id: "p", name: "px", kind: "code", source: "return { AAA: 100, BBB: 50 };" },
      { id: "b", name: "paper", kind: "block", block: "orders.paper_book", params: { initial_cash: 10000, slippage_bps: 10 }, inputs: { orders: "orders", prices: "px" } },
    ],
    graph: { positions: { b: { x: 600, y: 100 } } },
    datasets: [],
  };
}

interface PaperOut { book: { cash: number; fills: { key: string }[]; keys: string[]; positions: Record<string, { shares: number }> }; fills: unknown[]; skipped: { key: string }[] }

async function runPaper(nb: Notebook): Promise<PaperOut> {
  const k = new Kernel({ openEngine: () => Promise.reject(new Error("no engine")), loadBundled: () => Promise.reject(new Error("no data")) });
  k.open(nb, { trusted: true });
  const summary = await k.run();
  expect(summary.errors).toEqual([]);
  return k.value("paper") as PaperOut;
}

describe("paper books", () => {
  it("withStartingBook(nb, cell, book) adds <cell>_start above the cell, binds book to it, and a second call rewrites that cell", () => {
    const nb = notebook();
    const first = withStartingBook(nb, "b", { cash: 1 }, new Date(0));
    expect(first.startCell).toBe("paper_start");
    expect(first.notebook.cells.map((c) => c.name)).toEqual(["orders", "px", "paper_start", "paper"]);
    const paper = first.notebook.cells[3];
    expect(paper.kind === "block" && paper.inputs.book).toBe("paper_start");
    const start = first.notebook.cells[2];
    expect(start.kind === "code" && start.source.startsWith(START_MARK)).toBe(true);
    expect(first.notebook.graph.positions[start.id]).toEqual({ x: 280, y: 260 });
    const second = withStartingBook(first.notebook, "b", { cash: 2 }, new Date(0));
    expect(second.notebook.cells).toHaveLength(4);
    const again = second.notebook.cells[2];
    expect(again.kind === "code" && again.source).toContain('"cash": 2');
    expect(() => withStartingBook(nb, "o", {})).toThrow(/orders.paper_book/);
  });

  it("withStartingBook keeps a user's own binding cell and picks a free name", () => {
    const nb = notebook();
    nb.cells.unshift({ id: "x", name: "paper_start", kind: "code", source: "return null;" });
    const r = withStartingBook(nb, "b", { cash: 1 });
    expect(r.startCell).toBe("paper_start2");
    expect(r.notebook.cells.find((c) => c.id === "x")?.kind === "code" && (r.notebook.cells.find((c) => c.id === "x") as { source: string }).source).toBe("return null;");
  });

  it("savePaperBook stores the book under <notebook>/<cell>, reports no change for the same book, and deleteNotebook removes it", async () => {
    const db = freshDb();
    expect(await savePaperBook(db, "nb1", "paper", { cash: 5, fills: [] }, 1000)).toBe(true);
    expect(await savePaperBook(db, "nb1", "paper", { cash: 5, fills: [] }, 2000)).toBe(false);
    const row = await loadPaperBook(db, "nb1", "paper");
    expect(row).toMatchObject({ id: paperBookId("nb1", "paper"), notebookId: "nb1", cellName: "paper", book: { cash: 5 }, updatedAt: 1000 });
    expect(await savePaperBook(db, "nb1", "paper", { cash: 6, fills: [] }, 3000)).toBe(true);
    expect((await loadPaperBook(db, "nb1", "paper"))?.book).toEqual({ cash: 6, fills: [] });
    await deleteNotebook(db, "nb1");
    expect(await loadPaperBook(db, "nb1", "paper")).toBeUndefined();
  });

  it("run, keep the book, use it as the starting book, run again: the same orders are skipped, not placed twice; a new order fills", async () => {
    const db = freshDb();
    const nb = notebook();
    const run1 = await runPaper(nb);
    // buys at 100 x (1 + 10 bps) = 100.1 and 50 x 1.001 = 50.05: 10000 - 1001 - 250.25
    expect(run1.fills).toHaveLength(2);
    expect(run1.book.cash).toBeCloseTo(8748.75, 9);
    await savePaperBook(db, nb.id, "paper", run1.book);

    // The book comes back from the database (as after a reload) and goes into the notebook.
    const kept = await loadPaperBook(db, nb.id, "paper");
    const nb2 = withStartingBook(nb, "b", kept!.book).notebook;
    const run2 = await runPaper(nb2);
    expect(run2.fills).toHaveLength(0);
    expect(run2.skipped.map((s) => s.key)).toEqual(["o-1", run1.book.keys[1]]);
    expect(run2.book.fills).toHaveLength(2);
    expect(run2.book.cash).toBeCloseTo(8748.75, 9);
    expect(run2.book.positions.AAA.shares).toBe(10);

    // A new order with a new key fills on top of the kept book.
    const more = '[{ symbol: "AAA", side: "buy", shares: 10, key: "o-1" }, { symbol: "BBB", side: "buy", shares: 5 }, { symbol: "AAA", side: "sell", shares: 4, key: "o-2" }]';
    const nb3 = { ...nb2, cells: nb2.cells.map((c) => (c.id === "o" ? { ...c, source: `return ${more};` } : c)) };
    const run3 = await runPaper(nb3);
    expect(run3.fills).toHaveLength(1);
    expect(run3.skipped).toHaveLength(2);
    expect(run3.book.positions.AAA.shares).toBe(6);
    // sells 4 at 100 x (1 - 10 bps) = 99.9
    expect(run3.book.cash).toBeCloseTo(8748.75 + 4 * 99.9, 9);
  });
});
