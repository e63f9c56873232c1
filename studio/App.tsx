/**
 * The app shell: a header with the notebook's title, the view switch (Notebook |
 * Graph), run all / stop, the run-on-change toggle and the run's progress; the
 * selected view below. Both views edit one document store and share the
 * selection.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useNotebook, type DocumentStore, type EditOp } from "./state";
import { useSession, type KernelSession } from "./kernel/session";
import { StudioContext, type Studio } from "./ui/context";
import { NotebookView } from "./notebook/NotebookView";
import { StudioMenus } from "./persistence/StudioMenus";
import { ExamplesMenu } from "./ui/ExamplesMenu";
import { PersistenceBanners } from "./persistence/Banners";
import { persistence } from "./persistence/controller";
import { useCellDeclarations } from "./notebook/CodeEditor";
import { useEngineStatus, type EngineStatus } from "./ui/engineStatus";

// The graph view (reactflow, ~130 kB) loads when first shown, not before the notebook's first render.
const GraphView = lazy(() => import("./graph/GraphView").then((m) => ({ default: m.GraphView })));

type View = "notebook" | "graph";
interface Toast { id: number; text: string; tone: "info" | "warn" | "error" }

function initialView(): View {
  return new URLSearchParams(location.search).get("view") === "graph" ? "graph" : "notebook";
}

export function App({ store, session, engine }: { store: DocumentStore; session: KernelSession; engine: EngineStatus }) {
  const nb = useNotebook(store);
  const st = useSession(session);
  const eng = useEngineStatus(engine);
  const [view, setView] = useState<View>(initialView);
  const [selected, setSelected] = useState<string | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toastId = useRef(0);
  useCellDeclarations(nb.cells, st.values);

  const toast = useCallback((text: string, tone: Toast["tone"] = "info") => {
    const id = ++toastId.current;
    setToasts((t) => [...t.slice(-3), { id, text, tone }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), tone === "error" ? 7000 : 4000);
  }, []);
  const edit = useCallback((op: EditOp) => {
    const problem = store.dispatch(op);
    if (problem) toast(problem, "error");
    return problem;
  }, [store, toast]);

  // The selection survives views, but not the removal of its cell.
  useEffect(() => { if (selected && !nb.cells.some((c) => c.id === selected)) setSelected(null); }, [nb, selected]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest("input, textarea, select, .monaco-editor")) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z") { e.preventDefault(); if (e.shiftKey) store.redo(); else store.undo(); }
      if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); void session.run(); }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store, session]);

  const studio: Studio = useMemo(() => ({ store, session, selected, select: setSelected, edit, toast }), [store, session, selected, edit, toast]);
  const run = st.run;
  const fraction = run && run.total > 0 ? run.settled / run.total : st.running ? 0 : 1;
  const counts = countStatuses(nb.cells.map((c) => st.events[c.id]?.status ?? "idle"), nb.cells.length);

  return (
    <StudioContext.Provider value={studio}>
      <div className={`app view-${view}`}>
        <header className="app-header">
          <span className="logo" aria-hidden>◆</span>
          <input className="title-input" aria-label="notebook title" value={nb.title} onChange={(e) => edit({ op: "setTitle", title: e.target.value })} />
          <nav className="view-switch" role="tablist" aria-label="view">
            <button type="button" role="tab" aria-selected={view === "notebook"} className={view === "notebook" ? "on" : ""} onClick={() => setView("notebook")}>Notebook</button>
            <button type="button" role="tab" aria-selected={view === "graph"} className={view === "graph" ? "on" : ""} onClick={() => setView("graph")}>Graph</button>
          </nav>
          <span className="grow" />
          <ExamplesMenu />
          <StudioMenus />
          <EngineNote state={eng} running={st.running} />
          <span className="run-summary small" data-testid="run-summary">
            {counts}
          </span>
          <button type="button" className="primary" onClick={() => void session.run()} disabled={st.running} title="run what is out of date (Ctrl+Enter)">▶ Run all</button>
          <button type="button" onClick={() => void session.stop().then((r) => { if (r === "cancelled") toast("Run stopped."); })} disabled={!st.running} title="stop the run">■ Stop</button>
          <label className="toggle" title="run cells downstream of every edit, 400 ms after you stop typing">
            <input type="checkbox" checked={st.runOnChange} onChange={(e) => session.setRunOnChange(e.target.checked)} /> run on change
          </label>
          <button type="button" className="icon" title="undo (Ctrl+Z)" aria-label="undo" disabled={!store.canUndo()} onClick={() => store.undo()}>↶</button>
          <button type="button" className="icon" title="redo (Ctrl+Shift+Z)" aria-label="redo" disabled={!store.canRedo()} onClick={() => store.redo()}>↷</button>
          {!store.trusted() && <button type="button" className="warn" onClick={() => { const p = persistence(); if (p) void p.trust(); else { store.setTrusted(true); session.setTrusted(true); } }} title="code cells of an untrusted notebook do not run">Trust code</button>}
        </header>
        <div className={`run-progress${st.running ? " active" : ""}`} role="progressbar" aria-label="run progress" aria-valuenow={Math.round(fraction * 100)}>
          <div className="bar" style={{ transform: `scaleX(${Math.round(fraction * 100) / 100})` }} />
        </div>
        <PersistenceBanners />
        {st.notice && (
          <div className={`notice notice-${st.notice.tone}`} role="status" data-testid="notice">
            <span>{st.notice.text}</span>
            <button type="button" className="icon" aria-label="dismiss" onClick={() => session.dismissNotice()}>✕</button>
          </div>
        )}
        <main className="app-main">
          {view === "notebook" ? <NotebookView /> : <Suspense fallback={<p className="muted empty-note">Loading the graph view…</p>}><GraphView /></Suspense>}
        </main>
        <div className="toasts" aria-live="polite">
          {toasts.map((t) => <div key={t.id} className={`toast toast-${t.tone}`} role={t.tone === "error" ? "alert" : "status"}>{t.text}</div>)}
        </div>
      </div>
    </StudioContext.Provider>
  );
}

/** While DuckDB-WASM starts the notebook is editable; a run waits for it, and this says so. */
function EngineNote({ state, running }: { state: ReturnType<typeof useEngineStatus>; running: boolean }) {
  if (state.kind === "ready") return null;
  if (state.kind === "failed") return <span className="engine-status small failed" role="alert" data-testid="engine-status" data-engine="failed" title={state.message}>data engine failed to start</span>;
  return (
    <span className="engine-status small" role="status" data-testid="engine-status" data-engine="starting" title="DuckDB-WASM is starting; cells can be edited meanwhile">
      <span className="dot" />{running ? "waiting for the data engine…" : "data engine starting…"}
    </span>
  );
}

function countStatuses(statuses: string[], cells: number): string {
  const n = (s: string) => statuses.filter((x) => x === s).length;
  const parts = [`${n("done")}/${cells} done`];
  for (const s of ["running", "queued", "stale", "error"]) if (n(s)) parts.push(`${n(s)} ${s}`);
  return parts.join(" · ");
}
