/**
 * Notebooks and sharing: the notebooks kept in this browser (open, new, delete),
 * export as one file (data embedded as Parquet, or by reference), a link
 * carrying the notebook, the HTML report, and import by file picker or drop.
 * An imported notebook is validated first (a bad or newer file is refused with
 * the reason, naming the JSON path, and nothing changes) and opens untrusted.
 */
import { useEffect, useRef, useState } from "react";
import { useNotebook } from "../state";
import { useStudio } from "../ui/context";
import { useSession } from "../kernel/session";
import { persistence, usePersistence } from "../persistence/controller";
import type { NotebookSummary } from "../persistence/notebooks";
import { download, exportNotebook, fileNameOf, importNotebook, shareLink } from "./share";

/** Read a dropped or picked notebook file and open it (untrusted); the error text when it is refused. */
export async function importNotebookFile(file: File): Promise<string | null> {
  const p = persistence();
  if (!p) return "The studio is not ready.";
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return `Could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}`;
  }
  try {
    const nb = importNotebook(text);
    await p.importDoc(nb, "file");
    return null;
  } catch (e) {
    return `${file.name} was not opened. ${e instanceof Error ? e.message : String(e)}`;
  }
}

export function SharePanel({ onOpened }: { onOpened?: () => void }) {
  const { store, session, toast } = useStudio();
  const nb = useNotebook(store);
  const st = useSession(session);
  const p = persistence();
  const ps = usePersistence();
  const [list, setList] = useState<NotebookSummary[]>([]);
  const [embed, setEmbed] = useState(true);
  const [link, setLink] = useState<string | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => { void p?.list().then(setList); }, [p, nb.id, nb.title, ps.status]);

  const run = async (what: string, f: () => Promise<void>) => {
    setBusy(true);
    try { await f(); } catch (e) { toast(`${what}: ${e instanceof Error ? e.message : String(e)}`, "error"); } finally { setBusy(false); }
  };

  const onImport = async (file: File) => {
    const problem = await importNotebookFile(file);
    setImportError(problem);
    if (!problem) { toast(`Opened ${file.name} (untrusted).`); onOpened?.(); }
  };

  const values = Object.fromEntries(Object.entries(st.values).map(([id, v]) => [id, v.value]));
  return (
    <div className="share-panel" data-testid="share-panel">
      <h3>Notebooks in this browser</h3>
      <ul className="nb-list">
        {list.map((n) => (
          <li key={n.id} className={n.id === nb.id ? "current" : ""}>
            <button type="button" className="link" disabled={n.id === nb.id} onClick={() => void run("Open", async () => { await p!.openById(n.id); onOpened?.(); })}>{n.title || "Untitled"}</button>
            <span className="muted small grow">{n.cells} cells · {new Date(n.updatedAt).toLocaleString()}{n.trusted ? "" : " · untrusted"}</span>
            <button type="button" className="icon danger" aria-label={`delete ${n.title}`} onClick={() => { if (confirm(`Delete "${n.title}" from this browser?`)) void run("Delete", async () => { await p!.remove(n.id); setList(await p!.list()); }); }}>✕</button>
          </li>
        ))}
      </ul>
      <button type="button" className="small" onClick={() => void run("New notebook", async () => { await p!.createNew(); onOpened?.(); })}>+ New notebook</button>

      <h3>Share</h3>
      <div className="share-actions">
        <label className="toggle"><input type="checkbox" checked={embed} onChange={(e) => setEmbed(e.target.checked)} /> embed library data (Parquet)</label>
        <button type="button" disabled={busy} data-testid="export-file" onClick={() => void run("Export", async () => {
          const text = await exportNotebook(nb, { embed, api: embed ? await session.api() : undefined, db: p?.db ?? undefined });
          download(fileNameOf(nb), text, "application/json");
        })}>Download notebook file</button>
        <button type="button" disabled={busy} onClick={() => void run("Link", async () => {
          const url = await shareLink({ ...nb, datasets: nb.datasets });
          setLink(url);
          await navigator.clipboard?.writeText(url).then(() => toast("Link copied."), () => undefined);
        })}>Copy link</button>
        <button type="button" disabled={busy} data-testid="export-report" onClick={() => void run("Report", async () => {
          const { buildReport } = await import("../export/report"); // draws with Plot: loaded on demand, not with the app
          download(fileNameOf(nb, ".html"), buildReport(nb, values), "text/html");
        })}>Download HTML report</button>
      </div>
      {link && <input className="link-text" readOnly value={link} onFocus={(e) => e.target.select()} aria-label="share link" />}
      <p className="muted small">A link carries the notebook itself (compressed, in the part after #, which never reaches a server); data from your library is not in it.</p>

      <h3>Open a notebook file</h3>
      <div className="drop-zone" data-testid="import-drop"
        onDragOver={(e) => { if (e.dataTransfer.types.includes("Files")) { e.preventDefault(); e.stopPropagation(); } }}
        onDrop={(e) => { e.preventDefault(); e.stopPropagation(); const f = e.dataTransfer.files[0]; if (f) void onImport(f); }}>
        <p>Drop a <code>.ssnb.json</code> file here or <button type="button" className="link" onClick={() => picker.current?.click()}>pick one</button>.</p>
        <p className="muted small">It opens untrusted: its code cells wait until you trust it.</p>
        <input ref={picker} type="file" hidden accept=".json,application/json" data-testid="import-file"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ""; if (f) void onImport(f); }} />
      </div>
      {importError && <p className="field-error" role="alert" data-testid="import-error">{importError}</p>}
    </div>
  );
}
