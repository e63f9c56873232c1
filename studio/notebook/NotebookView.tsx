/**
 * The notebook view: cells in order, each with its editor, status and result.
 * Cells are added between others, removed, moved (buttons or drag by the
 * handle), renamed and collapsed.
 */
import { memo, useDeferredValue, useEffect, useRef, useState } from "react";
import type { Cell } from "../../kernel/document/schema";
import { useNotebook } from "../state";
import { newCell } from "../state/cells";
import { useSessionPart } from "../kernel/session";
import { useStudio } from "../ui/context";
import { ProgressBar, StatusChip } from "../ui/Status";
import { BlockCatalog } from "../ui/BlockCatalog";
import { CellError, CellResult, NameField, SourceEditor } from "./CellParts";
import { ExportMenu } from "../export/ExportMenu";
import { PaperBookMenu } from "../persistence/PaperBookMenu";
import { markStartup } from "../perf";
import { useProgressiveCount } from "./progressiveMount";

const CELL_MIME = "application/x-studio-cell";

export function NotebookView() {
  const { store } = useStudio();
  const nb = useNotebook(store);
  // Another notebook (an example, a file) is rendered by a deferred (transition) render, which React
  // cuts into ~5 ms slices: rendering all its cells in the commit that replaced the document made a
  // task of 85-200 ms under load. Edits to the notebook shown render at once, as before (inputs stay
  // in step with what is typed).
  const deferred = useDeferredValue(nb);
  const cells = deferred.id !== nb.id ? deferred.cells : nb.cells;
  // Its cells then mount a few per frame (progressiveMount.ts): style and layout of all of them at once was one long frame.
  const shown = useProgressiveCount(deferred.id, cells.length);
  // For the benchmark (bench/studio.ts): the first cell that computes is mounted (its editor may still be loading).
  useEffect(() => {
    const first = nb.cells.find((c) => c.kind !== "markdown");
    if (first) markStartup("studio:cells", { needsEditor: first.kind === "sql" || first.kind === "code" });
  }, [nb]);
  return (
    <div className="notebook" data-testid="notebook-view">
      <AddBar index={0} />
      {cells.slice(0, shown).map((c, i) => (
        <div key={c.id}>
          <CellView cell={c} index={i} count={cells.length} />
          <AddBar index={i + 1} />
        </div>
      ))}
      {cells.length === 0 && <p className="muted empty-note">This notebook is empty: add a cell.</p>}
    </div>
  );
}

function AddBar({ index }: { index: number }) {
  const { store, edit, select } = useStudio();
  const [picking, setPicking] = useState(false);
  const add = (kind: Cell["kind"], block?: string) => {
    const cell = newCell(store.getState(), kind, { block, before: index });
    if (edit({ op: "addCell", cell, index }) === null) select(cell.id);
    setPicking(false);
  };
  return (
    <div className={`add-bar${picking ? " open" : ""}`} data-add-index={index}>
      <span className="add-line" />
      <span className="add-buttons">
        <button type="button" className="small" onClick={() => add("markdown")}>+ Markdown</button>
        <button type="button" className="small" onClick={() => add("sql")}>+ SQL</button>
        <button type="button" className="small" onClick={() => setPicking(!picking)}>+ Block</button>
        <button type="button" className="small" onClick={() => add("code")}>+ Code</button>
      </span>
      {picking && (
        <div className="add-catalog">
          <BlockCatalog onPick={(id) => add("block", id)} autoFocus compact />
          <button type="button" className="link small" onClick={() => setPicking(false)}>close</button>
        </div>
      )}
    </div>
  );
}

// Memoized, and reading only its own cell's event: a session event re-renders the cells it concerns, not all of them.
const CellView = memo(function CellView({ cell, index, count }: { cell: Cell; index: number; count: number }) {
  const { session, edit, selected, select } = useStudio();
  const ev = useSessionPart(session, (s) => s.events[cell.id]);
  const [dragOver, setDragOver] = useState<"above" | "below" | null>(null);
  const ref = useRef<HTMLElement>(null);
  const isSelected = selected === cell.id;
  useEffect(() => {
    if (isSelected && ref.current && !ref.current.contains(document.activeElement)) ref.current.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [isSelected]);
  const kindLabel = cell.kind === "block" ? cell.block : cell.kind;
  return (
    <section
      ref={ref}
      className={`cell cell-${cell.kind}${isSelected ? " selected" : ""}${dragOver ? ` drop-${dragOver}` : ""} status-${ev?.status ?? "idle"}`}
      data-cell-id={cell.id}
      data-cell-name={cell.name}
      data-status={ev?.status ?? "idle"}
      onMouseDown={() => { if (!isSelected) select(cell.id); }}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(CELL_MIME)) return;
        e.preventDefault();
        const r = e.currentTarget.getBoundingClientRect();
        setDragOver(e.clientY < r.top + r.height / 2 ? "above" : "below");
      }}
      onDragLeave={() => setDragOver(null)}
      onDrop={(e) => {
        const id = e.dataTransfer.getData(CELL_MIME);
        const where = dragOver;
        setDragOver(null);
        if (!id || id === cell.id) return;
        e.preventDefault();
        const cells = [...document.querySelectorAll<HTMLElement>(".notebook .cell")].map((el) => el.dataset.cellId);
        const fromIndex = cells.indexOf(id);
        let to = where === "above" ? index : index + 1;
        if (fromIndex >= 0 && fromIndex < to) to -= 1;
        edit({ op: "moveCell", id, to });
      }}
    >
      <header className="cell-head">
        <span className="drag-handle" draggable title="drag to move"
          onDragStart={(e) => { e.dataTransfer.setData(CELL_MIME, cell.id); e.dataTransfer.effectAllowed = "move"; }}>⠿</span>
        <span className={`kind-badge kind-${cell.kind}`}>{kindLabel}</span>
        <NameField cell={cell} />
        <StatusChip event={ev} />
        <span className="grow" />
        <PaperBookMenu cell={cell} />
        <ExportMenu cell={cell} />
        {cell.kind !== "markdown" && <button type="button" className="icon" title="run this cell (and what depends on it)" aria-label="run cell" onClick={() => void session.runCell(cell.name)}>▶</button>}
        <button type="button" className="icon" title={cell.collapsed ? "expand" : "collapse"} aria-label={cell.collapsed ? "expand" : "collapse"}
          onClick={() => edit({ op: "setCollapsed", id: cell.id, collapsed: !cell.collapsed })}>{cell.collapsed ? "▸" : "▾"}</button>
        <button type="button" className="icon" title="move up" aria-label="move up" disabled={index === 0} onClick={() => edit({ op: "moveCell", id: cell.id, to: index - 1 })}>↑</button>
        <button type="button" className="icon" title="move down" aria-label="move down" disabled={index === count - 1} onClick={() => edit({ op: "moveCell", id: cell.id, to: index + 1 })}>↓</button>
        <button type="button" className="icon danger" title="delete cell" aria-label="delete cell" onClick={() => edit({ op: "removeCell", id: cell.id })}>✕</button>
      </header>
      <ProgressBar event={ev} />
      {!cell.collapsed && <div className="cell-body"><SourceEditor cell={cell} /></div>}
      <CellError cell={cell} />
      {!cell.collapsed && <CellResult cell={cell} />}
      {cell.collapsed && <div className="collapsed-note muted small" onClick={() => edit({ op: "setCollapsed", id: cell.id, collapsed: false })}>collapsed — click to expand</div>}
    </section>
  );
});
