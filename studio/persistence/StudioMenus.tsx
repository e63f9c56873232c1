/**
 * The header's "Notebooks", "Data" and "Runs" buttons and the side drawer they
 * open. Files dropped anywhere on the page go where they belong: a notebook file
 * (.json) is imported, data files go to the data library.
 */
import { lazy, Suspense, useEffect, useState } from "react";
import { useStudio } from "../ui/context";
import { LibraryPanel } from "../library/LibraryPanel";
import { SharePanel, importNotebookFile } from "../sharing/SharePanel";
import { formatOf } from "../library/library";
import { SaveIndicator } from "./Banners";
import "./panels.css";

// The runs panel draws with Plot: it loads when opened, not with the app.
const RunsPanel = lazy(() => import("../runs/RunsPanel").then((m) => ({ default: m.RunsPanel })));

type Panel = "share" | "library" | "runs";
const TITLES: Record<Panel, string> = { share: "Notebooks & sharing", library: "Data library", runs: "Run history" };

export function StudioMenus() {
  const { toast } = useStudio();
  const [panel, setPanel] = useState<Panel | null>(null);
  const [pending, setPending] = useState<File[]>([]);

  useEffect(() => {
    const over = (e: DragEvent) => { if (e.dataTransfer?.types.includes("Files")) e.preventDefault(); };
    const drop = (e: DragEvent) => {
      const files = [...(e.dataTransfer?.files ?? [])];
      if (!files.length) return;
      e.preventDefault();
      const nbFile = files.find((f) => /\.json$/i.test(f.name));
      if (nbFile) {
        void importNotebookFile(nbFile).then((problem) => toast(problem ?? `Opened ${nbFile.name} (untrusted).`, problem ? "error" : "info"));
        return;
      }
      const data = files.filter((f) => formatOf(f.name));
      if (data.length) { setPending(data); setPanel("library"); } else toast("Drop a notebook (.json) or a CSV, Parquet or Arrow file.", "warn");
    };
    window.addEventListener("dragover", over);
    window.addEventListener("drop", drop);
    return () => { window.removeEventListener("dragover", over); window.removeEventListener("drop", drop); };
  }, [toast]);

  const button = (p: Panel, text: string) => (
    <button type="button" className={`small${panel === p ? " on" : ""}`} aria-pressed={panel === p} data-testid={`open-${p}`} onClick={() => setPanel(panel === p ? null : p)}>{text}</button>
  );
  return (
    <>
      <SaveIndicator />
      {button("share", "Notebooks")}
      {button("library", "Data")}
      {button("runs", "Runs")}
      {panel && (
        <aside className="side-drawer" aria-label={TITLES[panel]} data-testid="side-drawer">
          <header>
            <strong>{TITLES[panel]}</strong>
            <span className="grow" />
            <button type="button" className="icon" aria-label="close panel" onClick={() => setPanel(null)}>✕</button>
          </header>
          <div className="drawer-body">
            {panel === "share" && <SharePanel onOpened={() => setPanel(null)} />}
            {panel === "library" && <LibraryPanel pending={pending} onPendingTaken={() => setPending([])} />}
            {panel === "runs" && <Suspense fallback={<p className="muted small">Loading…</p>}><RunsPanel /></Suspense>}
          </div>
        </aside>
      )}
    </>
  );
}
