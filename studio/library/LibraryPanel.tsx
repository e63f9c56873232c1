/**
 * The data library panel: drop or pick CSV / Parquet / Arrow files (progress
 * while reading; DuckDB parses in the worker), preview the first rows and the
 * inferred column types, map non-standard column names to the standard ones,
 * rename, delete, see sizes; the bundled data sets and the synthetic generator
 * sit beside them. "Add to notebook" adds a dataset entry to the document.
 */
import { useEffect, useRef, useState } from "react";
import type { Dataset, Notebook } from "../../kernel/document/schema";
import { parseNotebook } from "../../kernel/document/parse";
import { bundledDatasets } from "../../kernel/data/bundled";
import { findBlock } from "../../blocks/catalog";
import type { Table } from "../../blocks/core/values";
import { useNotebook, freshName, newCellId } from "../state";
import { useStudio } from "../ui/context";
import { ParamForm } from "../forms/ParamForm";
import { persistence, usePersistence } from "../persistence/controller";
import type { DatasetRow } from "../persistence/db";
import { cellString } from "../export/tables";
import {
  addFile, formatBytes, guessMapping, isStandard, loadInto, mappedViewName, mappingSelect, mappingViewSql, preview,
  renameRow, STANDARD_FIELDS, type AddProgress, type Preview,
} from "./library";

export function LibraryPanel({ pending = [], onPendingTaken }: { pending?: File[]; onPendingTaken?(): void } = {}) {
  const { session, store, toast } = useStudio();
  const nb = useNotebook(store);
  const p = persistence();
  const { libraryVersion } = usePersistence();
  const [rows, setRows] = useState<DatasetRow[]>([]);
  const [progress, setProgress] = useState<{ file: string; p: AddProgress } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!p?.db) return;
    void p.db.datasets.orderBy("name").toArray().then(setRows);
  }, [p, libraryVersion]);

  const addFiles = async (files: File[]) => {
    if (!p?.db) { toast("Local storage is not available: the library cannot keep files.", "error"); return; }
    for (const f of files) {
      setProgress({ file: f.name, p: { phase: "reading", fraction: 0 } });
      try {
        const api = await session.api();
        const row = await addFile(p.db, api, f, { onProgress: (x) => setProgress({ file: f.name, p: x }) });
        toast(`${f.name}: ${row.rows?.toLocaleString("en-US") ?? "?"} rows loaded as "${row.name}".`);
        setOpen(row.id);
        p.bumpLibrary();
      } catch (e) {
        toast(e instanceof Error ? e.message : String(e), "error");
      }
    }
    setProgress(null);
  };

  const replaceDatasets = (datasets: Dataset[], extra?: (nb: Notebook) => Notebook) => {
    const cur = store.getState();
    let next: Notebook = { ...cur, datasets };
    if (extra) next = extra(next);
    try {
      const problem = store.dispatch({ op: "replace", notebook: parseNotebook(next) });
      if (problem) toast(problem, "error");
      else toast(`Added to the notebook.`);
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), "error");
    }
  };

  useEffect(() => {
    if (!pending.length) return;
    onPendingTaken?.();
    void addFiles(pending);
  }, [pending]);

  const inNotebook = new Set(nb.datasets.map((d) => d.name));
  return (
    <div className="library-panel" data-testid="library-panel">
      <div
        className={`drop-zone${over ? " over" : ""}`}
        data-testid="library-drop"
        onDragOver={(e) => { if (e.dataTransfer.types.includes("Files")) { e.preventDefault(); e.stopPropagation(); setOver(true); } }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); e.stopPropagation(); setOver(false); void addFiles([...e.dataTransfer.files]); }}
      >
        <p><strong>Drop CSV, Parquet or Arrow files here</strong> or{" "}
          <button type="button" className="link" onClick={() => input.current?.click()}>pick files</button></p>
        <p className="muted small">They stay in this browser (IndexedDB) and load into DuckDB in the kernel worker.</p>
        <input ref={input} type="file" multiple hidden data-testid="library-file" accept=".csv,.tsv,.txt,.parquet,.arrow,.feather,.ipc"
          onChange={(e) => { const fs = [...(e.target.files ?? [])]; e.target.value = ""; void addFiles(fs); }} />
        {progress && (
          <div className="lib-progress" data-testid="library-progress">
            <span className="small">{progress.file}: {progress.p.phase}…</span>
            <div className="bar-track" role="progressbar" aria-valuenow={Math.round(progress.p.fraction * 100)}>
              <div className={`bar${progress.p.phase === "loading" ? " pulse" : ""}`} style={{ width: `${Math.round(progress.p.fraction * 100)}%` }} />
            </div>
          </div>
        )}
      </div>

      <h3>Your data</h3>
      {rows.length === 0 && <p className="muted small">No files yet.</p>}
      <ul className="lib-list">
        {rows.map((r) => (
          <LibraryRow key={r.id} row={r} open={open === r.id} onToggle={() => setOpen(open === r.id ? null : r.id)} inNotebook={inNotebook.has(r.name)} />
        ))}
      </ul>

      <h3>Bundled data</h3>
      <ul className="lib-list">
        {bundledDatasets.map((b) => (
          <li key={b.name} className="lib-item">
            <div className="lib-row">
              <strong>{b.name}</strong>
              <span className="muted small grow">{b.description}</span>
              <button type="button" className="small" disabled={inNotebook.has(b.name)}
                onClick={() => replaceDatasets(nb.datasets.concat({ name: b.name, source: { kind: "bundled", id: b.name }, description: b.description }))}>
                {inNotebook.has(b.name) ? "in notebook" : "Add to notebook"}
              </button>
            </div>
          </li>
        ))}
      </ul>

      <h3>Synthetic universe</h3>
      <SyntheticForm onAdd={(name, params) => replaceDatasets(nb.datasets.filter((d) => d.name !== name).concat({ name, source: { kind: "synthetic", params }, description: "synthetic universe (long: date, symbol, close, volume; sectors in <name>_sectors)" }))} />
    </div>
  );
}

function LibraryRow({ row, open, onToggle, inNotebook }: { row: DatasetRow; open: boolean; onToggle(): void; inNotebook: boolean }) {
  const { session, store, toast } = useStudio();
  const p = persistence()!;
  const [name, setName] = useState(row.name);
  const [pv, setPv] = useState<Preview | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>(row.mapping ?? {});
  const [mapOpen, setMapOpen] = useState(false);

  useEffect(() => setName(row.name), [row.name]);
  useEffect(() => {
    if (!open) return;
    let alive = true;
    setErr(null);
    void (async () => {
      const api = await session.api();
      let r: Preview;
      try {
        r = await preview(api, row.name);
      } catch {
        await loadInto(api, row);
        r = await preview(api, row.name);
      }
      if (!alive) return;
      setPv(r);
      const names = r.columns.map((c) => c.name);
      if (!row.mapping) setMapping(guessMapping(names) as Record<string, string>);
      if (!row.mapping && !isStandard(names)) setMapOpen(true);
    })().catch((e) => { if (alive) setErr(e instanceof Error ? e.message : String(e)); });
    return () => { alive = false; };
  }, [open, row, session]);

  const rename = async () => {
    if (name === row.name) return;
    try {
      await renameRow(p.db!, row.id, name);
      const api = await session.api();
      await loadInto(api, { ...row, name });
      p.bumpLibrary();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), "error");
      setName(row.name);
    }
  };

  const saveMapping = async () => {
    const clean = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v));
    try {
      const api = await session.api();
      await api.query(mappingViewSql(row.name, clean));
      await p.db!.datasets.update(row.id, { mapping: clean });
      toast(`View ${mappedViewName(row.name)} has the standard column names.`);
      setMapOpen(false);
      p.bumpLibrary();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), "error");
    }
  };

  const addToNotebook = async () => {
    try {
      await p.addLibraryDataset(row.id);
      if (row.mapping && Object.keys(row.mapping).length) {
        const nb = store.getState();
        const viewName = mappedViewName(row.name);
        if (!nb.cells.some((c) => c.name === viewName)) {
          store.dispatch({ op: "addCell", cell: { id: newCellId(), name: freshName(nb, viewName), kind: "sql", source: mappingSelect(row.name, row.mapping) } });
        }
      }
      toast(`"${row.name}" added to the notebook.`);
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), "error");
    }
  };

  const remove = async () => {
    if (!confirm(`Delete "${row.name}" (${formatBytes(row.size)}) from the library?`)) return;
    await p.db!.datasets.delete(row.id);
    p.bumpLibrary();
  };

  return (
    <li className={`lib-item${open ? " open" : ""}`} data-testid="library-item" data-name={row.name}>
      <div className="lib-row">
        <button type="button" className="icon" aria-label={open ? "hide preview" : "preview"} onClick={onToggle}>{open ? "▾" : "▸"}</button>
        <input className="lib-name" aria-label="data set name" value={name} onChange={(e) => setName(e.target.value)} onBlur={() => void rename()}
          onKeyDown={(e) => { if (e.key === "Enter") (e.target as HTMLInputElement).blur(); }} />
        <span className="muted small grow">{row.fileName} · {row.format} · {formatBytes(row.size)}{row.rows !== undefined ? ` · ${row.rows.toLocaleString("en-US")} rows` : ""}</span>
        <button type="button" className="small" disabled={inNotebook} onClick={() => void addToNotebook()}>{inNotebook ? "in notebook" : "Add to notebook"}</button>
        <button type="button" className="icon danger" aria-label="delete data set" title="delete" onClick={() => void remove()}>✕</button>
      </div>
      {open && (
        <div className="lib-preview" data-testid="library-preview">
          {err && <p className="field-error">{err}</p>}
          {!pv && !err && <p className="muted small">Loading preview…</p>}
          {pv && (
            <>
              <p className="small">
                {pv.columns.map((c) => <span key={c.name} className="col-chip"><strong>{c.name}</strong> <span className="muted">{c.type}</span></span>)}
              </p>
              <PreviewTable table={pv.table} />
              <p className="muted small">First {pv.table.rowCount} of {pv.rows.toLocaleString("en-US")} rows. In SQL: <code>select * from {row.name}</code>
                {row.mapping ? <> or <code>{mappedViewName(row.name)}</code></> : null}.{" "}
                <button type="button" className="link small" onClick={() => setMapOpen(!mapOpen)}>map columns</button></p>
              {mapOpen && (
                <div className="map-form" data-testid="mapping-form">
                  <p className="small">Which column holds each standard field? A view <code>{mappedViewName(row.name)}</code> renames them.</p>
                  <div className="map-grid">
                    {STANDARD_FIELDS.map((f) => (
                      <label key={f} className="small">{f}
                        <select aria-label={f} value={mapping[f] ?? ""} onChange={(e) => setMapping({ ...mapping, [f]: e.target.value })}>
                          <option value="">—</option>
                          {pv.columns.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
                        </select>
                      </label>
                    ))}
                  </div>
                  <button type="button" className="primary small" onClick={() => void saveMapping()}>Save mapping</button>
                </div>
              )}
            </>
          )}
        </div>
      )}
    </li>
  );
}

function PreviewTable({ table }: { table: Table }) {
  const cols = Object.keys(table.columns);
  return (
    <div className="lib-table">
      <table>
        <thead><tr>{cols.map((c) => <th key={c}>{c}</th>)}</tr></thead>
        <tbody>
          {Array.from({ length: Math.min(table.rowCount, 50) }, (_, i) => (
            <tr key={i}>{cols.map((c) => <td key={c} className={table.types[c] === "number" ? "num" : undefined}>{cellString(table, c, i)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SyntheticForm({ onAdd }: { onAdd(name: string, params: Record<string, unknown>): void }) {
  const { store } = useStudio();
  const block = findBlock("data.synthetic");
  const [params, setParams] = useState<Record<string, unknown>>({ assets: 50, days: 1260, seed: 42 });
  const [name, setName] = useState(() => freshName(store.getState(), "synthetic"));
  if (!block) return <p className="muted small">The synthetic generator is not in this build.</p>;
  return (
    <div className="synthetic-form">
      <p className="muted small">A reproducible universe (market, sector and idiosyncratic factors, fat tails, listings and gaps), made in the worker.</p>
      <ParamForm block={block} params={params} onChange={setParams} />
      <div className="lib-row">
        <label className="small">table name <input value={name} onChange={(e) => setName(e.target.value)} /></label>
        <button type="button" className="small" onClick={() => onAdd(name, params)}>Add to notebook</button>
      </div>
    </div>
  );
}
