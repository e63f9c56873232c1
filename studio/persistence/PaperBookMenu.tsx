/**
 * On an `orders.paper_book` cell: the book kept from its last run (fills,
 * positions, cash, when) and "Use as the starting book", which writes that book
 * into the notebook so that the next run continues from it.
 */
import { useEffect, useRef, useState } from "react";
import type { Cell } from "../../kernel/document/schema";
import { useNotebook } from "../state";
import { useStudio } from "../ui/context";
import { persistence, usePersistence } from "./controller";
import type { PaperBookRow } from "./db";
import { START_MARK, isPaperBookCell, loadPaperBook, summarize } from "./paperBooks";

function money(x: number): string {
  return Number.isFinite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : "—";
}

export function PaperBookMenu({ cell }: { cell: Cell }) {
  const { store, toast } = useStudio();
  const nb = useNotebook(store);
  const { paperVersion } = usePersistence();
  const [row, setRow] = useState<PaperBookRow | undefined>();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  const p = persistence();
  const isPaper = isPaperBookCell(cell);

  useEffect(() => {
    if (!isPaper || !p?.db) return;
    let live = true;
    void loadPaperBook(p.db, nb.id, cell.name).then((r) => { if (live) setRow(r); }, () => undefined);
    return () => { live = false; };
  }, [isPaper, p, nb.id, cell.name, paperVersion]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => { if (!ref.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  if (!isPaper) return null;

  const bound = cell.inputs.book ? nb.cells.find((c) => c.name === cell.inputs.book) : undefined;
  const fromStart = bound?.kind === "code" && bound.source.startsWith(START_MARK);
  const s = row ? summarize(row.book) : null;
  const use = () => {
    setOpen(false);
    void persistence()?.useStartingBook(cell.id).then(
      (name) => toast(`${cell.name} now starts from the kept book (cell ${name}); orders already in it are not placed again.`),
      (e) => toast(`Could not use the book: ${e instanceof Error ? e.message : String(e)}`, "error"),
    );
  };
  return (
    <span className="export-menu paper-book-menu" ref={ref}>
      <button type="button" className="small" data-testid="paper-book-button" title="the paper book kept from this cell's last run" onClick={() => setOpen(!open)}>
        book{s ? ` · ${s.fills} fills` : ""}
      </button>
      {open && (
        <div className="export-pop" role="menu" data-testid="paper-book-menu">
          {s && row ? (
            <>
              <span className="small" data-testid="paper-book-kept">
                Kept from the run at {new Date(row.updatedAt).toLocaleString()}: {s.fills} fills, {s.positions} positions, cash {money(s.cash)}, realized P&amp;L {money(s.realized_pnl)}.
              </span>
              <button type="button" className="small primary" role="menuitem" onClick={use}>Use as the starting book</button>
              <span className="muted small">
                {fromStart ? `Starts from ${bound!.name} now; this rewrites it with the kept book.` : "Writes the book into the notebook (a code cell) and binds the book input to it: the next run continues from it, and orders already in it are not placed twice."}
              </span>
            </>
          ) : (
            <span className="muted small">No book kept yet: run this cell first.</span>
          )}
        </div>
      )}
    </span>
  );
}
