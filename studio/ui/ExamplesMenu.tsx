/**
 * The header's "Examples" menu: opens one of the notebooks shipped with the app
 * as a new, saved and trusted notebook (through persistence when it is there,
 * else straight into the document store).
 */
import { useEffect, useRef, useState } from "react";
import { persistence } from "../persistence/controller";
import { useStudio } from "./context";
import { exampleCopy, examples, type Example } from "./examples";
import "./examples.css";

export function ExamplesMenu() {
  const { store, session, toast, select } = useStudio();
  const [open, setOpen] = useState(false);
  const host = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => { if (host.current && !host.current.contains(e.target as Node)) setOpen(false); };
    const esc = (e: KeyboardEvent) => { if (e.key === "Escape") setOpen(false); };
    window.addEventListener("mousedown", away);
    window.addEventListener("keydown", esc);
    return () => { window.removeEventListener("mousedown", away); window.removeEventListener("keydown", esc); };
  }, [open]);

  const openExample = async (ex: Example) => {
    setOpen(false);
    select(null);
    const nb = exampleCopy(ex);
    try {
      const p = persistence();
      if (p) await p.open(nb, { rev: 0, trusted: true });
      else { store.load(nb, { trusted: true }); session.setTrusted(true); }
      toast(`Opened the example “${ex.title}”.`);
    } catch (e) {
      toast(`The example could not be opened: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  };

  return (
    <span className="examples-menu" ref={host}>
      <button type="button" className={`small${open ? " on" : ""}`} aria-haspopup="menu" aria-expanded={open} data-testid="open-examples" onClick={() => setOpen(!open)}>Examples ▾</button>
      {open && (
        <div className="examples-pop" role="menu" aria-label="example notebooks">
          {examples.map((ex) => (
            <button key={ex.key} type="button" role="menuitem" className="example-item" data-example={ex.key} onClick={() => void openExample(ex)}>
              <strong>{ex.title}</strong>
              <span className="muted tiny">{summary(ex)}</span>
            </button>
          ))}
          {examples.length === 0 && <p className="muted small">No example notebooks in this build.</p>}
        </div>
      )}
    </span>
  );
}

function summary(ex: Example): string {
  const n = (k: string) => ex.notebook.cells.filter((c) => c.kind === k).length;
  return `${ex.notebook.cells.length} cells · ${n("block")} blocks · ${n("sql")} SQL · ${n("code")} code`;
}
