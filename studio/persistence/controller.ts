/**
 * Persistence wired to the studio: which notebook opens (a link's #nb=, the
 * ?notebook=<id> query, the last one open, or the starter), autosave, the
 * results cache (shown at once on open, and primed into the worker), the data
 * library's references read for the worker, the run history, import and trust.
 *
 * boot.tsx calls `openPersistence(store)` before the kernel session exists (so
 * the session starts on the right document), then `attach(session)`.
 */
import * as Comlink from "comlink";
import { useSyncExternalStore } from "react";
import type { Notebook } from "../../kernel/document/schema";
import { parseNotebook } from "../../kernel/document/parse";
import type { KernelApi } from "../../kernel/worker/api";
import type { KernelSession } from "../kernel/session";
import type { DocumentStore } from "../state";
import { starterNotebook } from "../state/starter";
import { datasetEntry, idOfReference, loadInto, readReference } from "../library/library";
import { RUN_BLOCKS, recordRun, runRowOf } from "../runs/runs";
import { notebookFromFragment } from "../sharing/share";
import { Autosaver, type SaveStatus } from "./autosave";
import { idleTurn } from "./idleTurn";
import { getSetting, setSetting, studioDb, type NotebookRow, type SettingRow, type StudioDb } from "./db";
import type { Prefetched } from "./prefetch";
import { deleteNotebook, listNotebooks, loadNotebook, recoverDraft, saveNotebook, setNotebookTrusted, type NotebookSummary } from "./notebooks";
import { cachedResults, saveResult } from "./results";
import { bookOf, isPaperBookCell, loadPaperBook, savePaperBook, withStartingBook } from "./paperBooks";

export interface PersistenceState {
  status: SaveStatus;
  /** Why the open notebook is untrusted ("file" or "link"), when it is. */
  untrustedFrom: string | null;
  /** A problem to show once (a bad link, storage unavailable). */
  problem: string | null;
  /** Bumps when the data library or the runs change, so panels reload. */
  libraryVersion: number;
  runsVersion: number;
  /** Bumps when a paper book is stored. */
  paperVersion: number;
}

type Listener = () => void;

export class Persistence {
  private state: PersistenceState;
  private readonly listeners = new Set<Listener>();
  private session: KernelSession | null = null;
  private readonly savedHashes = new Set<string>();
  private readonly recorded = new WeakSet<object>();
  private readonly booksKept = new Set<string>();

  constructor(readonly db: StudioDb | null, readonly store: DocumentStore, readonly autosaver: Autosaver | null, init: Partial<PersistenceState> = {}) {
    this.state = { status: autosaver?.getStatus() ?? { kind: "idle" }, untrustedFrom: null, problem: null, libraryVersion: 0, runsVersion: 0, paperVersion: 0, ...init };
    autosaver?.onStatus((status) => this.set({ status }));
  }

  getState = (): PersistenceState => this.state;
  subscribe = (l: Listener): (() => void) => { this.listeners.add(l); return () => { this.listeners.delete(l); }; };
  set(patch: Partial<PersistenceState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }

  bumpLibrary(): void { this.set({ libraryVersion: this.state.libraryVersion + 1 }); }
  bumpRuns(): void { this.set({ runsVersion: this.state.runsVersion + 1 }); }

  /** Follow the kernel session: feed the worker, show cached results, keep new results and runs. */
  attach(session: KernelSession): void {
    this.session = session;
    const db = this.db;
    if (!db) return;
    session.onWorkerStart(async (api) => {
      await api.setReferenceReader(Comlink.proxy((file: string) => readReference(db, file)));
      const cached = await cachedResults(db, this.store.getState()).catch(() => []);
      if (cached.length) await api.prime(cached.map((c) => ({ hash: c.hash, value: c.value, ms: c.ms })));
      await this.preloadLibrary(api);
    });
    void this.primeDisplay();
    session.subscribe(() => this.onSession());
  }

  private async primeDisplay(): Promise<void> {
    if (!this.db || !this.session) return;
    const cached = await cachedResults(this.db, this.store.getState()).catch(() => []);
    for (const c of cached) this.savedHashes.add(c.hash);
    this.session.prime(cached);
  }

  /** Library data sets the notebook does not list are loaded too, so SQL can use them directly. */
  private async preloadLibrary(api: Comlink.Remote<KernelApi>): Promise<void> {
    if (!this.db) return;
    const used = new Set(this.store.getState().datasets.map((d) => (d.source.kind === "reference" ? idOfReference(d.source.file) : null)));
    const rows = await this.db.datasets.toArray();
    for (const row of rows) {
      if (used.has(row.id) || this.store.getState().datasets.some((d) => d.name === row.name)) continue;
      await loadInto(api, row).catch((e) => console.warn(`library data set ${row.name} did not load`, e));
    }
  }

  /**
   * Keep the session's new results, paper books and runs. Called in the task that applies a batch of
   * the kernel's events, before the page renders them: the costly parts (a run's row: its KPIs and
   * equity curve, cloned into IndexedDB; a book's JSON) wait for idle turns, as results do (idleTurn.ts).
   */
  private onSession(): void {
    const db = this.db, session = this.session;
    if (!db || !session) return;
    const st = session.getState();
    const nb = this.store.getState();
    for (const [cellId, cv] of Object.entries(st.values)) {
      const ev = st.events[cellId];
      if (!cv.hash || !ev || ev.hash !== cv.hash || ev.status !== "done") continue;
      const cell = nb.cells.find((c) => c.id === cellId);
      if (!cell) continue;
      if (!this.savedHashes.has(cv.hash)) {
        this.savedHashes.add(cv.hash);
        void saveResult(db, { hash: cv.hash, notebookId: nb.id, cellName: cell.name, value: cv.value, ms: ev.ms ?? 0 }).catch(() => undefined);
      }
      const book = isPaperBookCell(cell) ? bookOf(cv.value) : null;
      const bookKey = `${nb.id}/${cell.name}/${cv.hash}`;
      if (book && !this.booksKept.has(bookKey)) {
        this.booksKept.add(bookKey);
        void idleTurn().then(() => savePaperBook(db, nb.id, cell.name, book)).then((changed) => { if (changed) this.set({ paperVersion: this.state.paperVersion + 1 }); }, () => undefined);
      }
      if (cell.kind === "block" && RUN_BLOCKS.has(cell.block) && !ev.cached && !this.recorded.has(ev)) {
        this.recorded.add(ev);
        const { value } = cv, meta = { ms: ev.ms ?? 0, hash: cv.hash };
        void idleTurn().then(() => recordRun(db, runRowOf(nb, cell, value, meta))).then(() => this.bumpRuns(), () => undefined);
      }
    }
  }

  /**
   * Write the book a paper-book cell last returned into the notebook as its
   * starting book (a code cell its `book` input binds to); the next run continues from it.
   */
  async useStartingBook(cellId: string): Promise<string> {
    if (!this.db) throw new Error("local storage is not available");
    const nb = this.store.getState();
    const cell = nb.cells.find((c) => c.id === cellId);
    if (!cell) throw new Error("that cell is no longer in the notebook");
    const row = await loadPaperBook(this.db, nb.id, cell.name);
    if (!row) throw new Error(`${cell.name} has no stored book yet: run it first`);
    const { notebook, startCell } = withStartingBook(this.store.getState(), cellId, row.book, new Date(row.updatedAt));
    const problem = this.store.dispatch({ op: "replace", notebook });
    if (problem) throw new Error(problem);
    return startCell;
  }

  /** Trust the open notebook: its code cells run from now on (and at once). */
  async trust(): Promise<void> {
    this.store.setTrusted(true);
    this.set({ untrustedFrom: null });
    if (this.session) {
      const api = await this.session.api();
      await api.setTrusted(true);
      this.session.setTrusted(true);
      void this.session.run();
    }
    if (this.db) await setNotebookTrusted(this.db, this.store.getState().id, true).catch(() => undefined);
  }

  /** Resolve a save conflict by taking the version another tab saved. */
  async reloadStored(): Promise<void> {
    const row = await this.autosaver?.takeStored();
    if (!row) return;
    const nb = parseNotebook(row.doc);
    this.autosaver?.adopt(nb);
    this.store.load(nb, { trusted: row.trusted });
  }

  /** Open another notebook (saving this one first). */
  async open(doc: Notebook, meta: { rev: number; trusted: boolean; untrustedFrom?: string | null }): Promise<void> {
    await this.autosaver?.flush();
    let rev = meta.rev;
    if (rev === 0 && this.db) {
      // A new or imported notebook is stored before it is shown, with where it came from.
      const r = await saveNotebook(this.db, doc, 0, { force: true, trusted: meta.trusted, origin: meta.trusted ? "local" : (meta.untrustedFrom ?? "file") }).catch(() => null);
      rev = r?.rev ?? 0;
    }
    if (this.autosaver) await this.autosaver.switchTo(doc.id, rev, doc);
    this.store.load(doc, { trusted: meta.trusted });
    this.session?.setTrusted(meta.trusted);
    this.set({ untrustedFrom: meta.trusted ? null : (meta.untrustedFrom ?? "file") });
    if (this.db) await setSetting(this.db, "lastNotebookId", doc.id).catch(() => undefined);
    void this.primeDisplay();
  }

  async openById(id: string): Promise<void> {
    if (!this.db) return;
    const row = await loadNotebook(this.db, id);
    if (!row) throw new Error("that notebook is no longer stored");
    await this.open(parseNotebook(row.doc), { rev: row.rev, trusted: row.trusted, untrustedFrom: row.origin ?? "file" });
  }

  async createNew(): Promise<void> {
    const nb = starterNotebook();
    await this.open({ ...nb, id: freshId(), title: "Untitled", cells: nb.cells.slice(0, 1).map((c) => ({ ...c, source: "# Untitled\n\nA new notebook." })), graph: { positions: {} } }, { rev: 0, trusted: true });
  }

  /** Open a notebook that came from a file or a link: untrusted, under a fresh id if that id is taken here. */
  async importDoc(doc: Notebook, from: "file" | "link"): Promise<void> {
    const taken = this.db ? await this.db.notebooks.get(doc.id) : undefined;
    const nb = taken ? { ...doc, id: freshId() } : doc;
    await this.open(nb, { rev: 0, trusted: false, untrustedFrom: from });
  }

  async list(): Promise<NotebookSummary[]> {
    return this.db ? listNotebooks(this.db) : [];
  }

  async remove(id: string): Promise<void> {
    if (!this.db) return;
    await deleteNotebook(this.db, id);
    if (id === this.store.getState().id) {
      const rest = await listNotebooks(this.db);
      if (rest[0]) await this.openById(rest[0].id);
      else await this.createNew();
    }
  }

  /** Add a library data set to the open notebook. */
  addLibraryDataset(rowId: string): Promise<void> {
    return this.addDatasetRow(rowId);
  }

  private async addDatasetRow(rowId: string): Promise<void> {
    if (!this.db) return;
    const row = await this.db.datasets.get(rowId);
    if (!row) throw new Error("that data set is no longer in the library");
    const nb = this.store.getState();
    const ds = datasetEntry(row);
    const next = parseNotebook({ ...nb, datasets: nb.datasets.filter((d) => d.name !== ds.name).concat(ds) });
    const problem = this.store.dispatch({ op: "replace", notebook: next });
    if (problem) throw new Error(problem);
  }
}

function freshId(): string {
  return `nb-${Date.now().toString(36)}${Math.floor(Math.random() * 46656).toString(36)}`;
}

let current: Persistence | null = null;

export function persistence(): Persistence | null {
  return current;
}

/** Open the database and load the notebook to show into the store. */
/**
 * `prefetched`: main.tsx's read of the notebook to open (prefetch.ts), made while the app loaded;
 * when it answered for the notebook wanted, its rows are used instead of reading them again.
 */
export async function openPersistence(store: DocumentStore, prefetched: Promise<Prefetched | null> = Promise.resolve(null)): Promise<Persistence> {
  let db: StudioDb;
  let pre: Prefetched | null;
  try {
    db = studioDb();
    [, pre] = await Promise.all([withTimeout(db.open(), 4000), prefetched.catch(() => null)]);
  } catch (e) {
    current = new Persistence(null, store, null, { problem: `Local storage is not available (${e instanceof Error ? e.message : String(e)}): nothing will be kept after this page closes.` });
    return current;
  }
  let problem: string | null = null;
  let linked: Notebook | null = null;
  if (/(^#|&)nb=/.test(location.hash)) {
    try {
      linked = await notebookFromFragment(location.hash);
    } catch (e) {
      problem = `The link's notebook could not be opened: ${e instanceof Error ? e.message : String(e)}`;
    }
    history.replaceState(null, "", location.pathname + location.search);
  }
  let opened: { id: string; rev: number } = { id: store.getState().id, rev: 0 };
  let untrustedFrom: string | null = null;
  if (linked) {
    const taken = await db.notebooks.get(linked.id);
    const nb = taken ? { ...linked, id: freshId() } : linked;
    store.load(nb, { trusted: false });
    const r = await saveNotebook(db, nb, 0, { trusted: false, origin: "link" }).catch(() => null);
    opened = { id: nb.id, rev: r?.rev ?? 0 };
    untrustedFrom = "link";
  } else {
    const fromQuery = new URLSearchParams(location.search).get("notebook");
    const wanted = fromQuery ?? (pre ? pre.id ?? undefined : await getSetting<string>(db, "lastNotebookId").catch(() => undefined));
    const read = pre !== null && pre.id === wanted ? pre : null;
    let row = wanted ? (read ? read.row as NotebookRow | undefined : await loadNotebook(db, wanted).catch(() => undefined)) : undefined;
    if (row) {
      const draft = read ? { row: read.draft as SettingRow | undefined } : undefined;
      const recovered = await recoverDraft(db, row, draft).catch(() => ({ row: row!, note: null }));
      row = recovered.row;
      if (recovered.note) problem = recovered.note;
    }
    if (row) {
      try {
        store.load(parseNotebook(row.doc), { trusted: row.trusted });
        opened = { id: row.id, rev: row.rev };
        if (!row.trusted) untrustedFrom = row.origin ?? "file";
      } catch (e) {
        problem = `The last notebook could not be opened: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  }
  void setSetting(db, "lastNotebookId", opened.id).catch(() => undefined); // a write: the first render need not wait for it
  const autosaver = new Autosaver(db, store, opened);
  current = new Persistence(db, store, autosaver, { problem, untrustedFrom });
  return current;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("IndexedDB did not answer")), ms))]);
}

const idle: PersistenceState = { status: { kind: "idle" }, untrustedFrom: null, problem: null, libraryVersion: 0, runsVersion: 0, paperVersion: 0 };
const noop = () => () => {};

export function usePersistence(): PersistenceState {
  const p = current;
  return useSyncExternalStore(p ? p.subscribe : noop, p ? p.getState : () => idle, p ? p.getState : () => idle);
}
