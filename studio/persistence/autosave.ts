/**
 * Autosave: every change of the open notebook is written to IndexedDB about
 * 300 ms after the last keystroke, and at once when the page is hidden or
 * unloaded (visibilitychange / pagehide), so a reload or a closed tab loses
 * nothing typed.
 *
 * Two tabs on one notebook: each save carries the revision it was based on. When
 * another tab saved first, the save is refused and the status turns "conflict";
 * the app shows a banner offering to reload the stored version or overwrite it
 * with this tab's. A BroadcastChannel tells the other tabs of a save at once, so
 * the banner appears before they even try to save. Nothing is merged silently.
 *
 * A full disk (QuotaExceededError) turns the status "quota" with a clear message;
 * the stored version stays as it was and the next edit tries again.
 */
import type { Notebook } from "../../kernel/document/schema";
import { QuotaError, type NotebookRow, type StudioDb } from "./db";
import { clearDraft, draftKey, saveNotebook, StaleRevisionError, type Draft } from "./notebooks";

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: number; rev: number }
  | { kind: "conflict"; stored: NotebookRow | null; message: string }
  | { kind: "quota"; message: string }
  | { kind: "error"; message: string };

export interface SavableStore {
  getState(): Notebook;
  subscribe(listener: (nb: Notebook, op: unknown) => void): () => void;
  trusted(): boolean;
}

export interface AutosaveOptions {
  delayMs?: number;
  /** Listen to other tabs' saves (BroadcastChannel); default true where it exists. */
  channel?: boolean;
}

const CHANNEL = "strategy-studio-saves";

export class Autosaver {
  private id: string;
  private rev: number;
  private lastSaved: Notebook | null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> | null = null;
  private status: SaveStatus = { kind: "idle" };
  private readonly listeners = new Set<(s: SaveStatus) => void>();
  private readonly unsub: () => void;
  private readonly bc: BroadcastChannel | null = null;
  private readonly delay: number;
  private readonly onHide = () => { if (document.visibilityState === "hidden") { this.saveDraft(); void this.flush(); } };
  private readonly onPageHide = () => { this.saveDraft(); void this.flush(); };

  constructor(private readonly db: StudioDb, private readonly store: SavableStore, opened: { id: string; rev: number }, options: AutosaveOptions = {}) {
    this.delay = options.delayMs ?? 300;
    this.id = opened.id;
    this.rev = opened.rev;
    this.lastSaved = opened.rev > 0 ? store.getState() : null;
    this.unsub = store.subscribe((nb) => this.onChange(nb));
    if (typeof document !== "undefined") document.addEventListener("visibilitychange", this.onHide);
    if (typeof window !== "undefined") window.addEventListener("pagehide", this.onPageHide);
    if ((options.channel ?? true) && typeof BroadcastChannel !== "undefined") {
      this.bc = new BroadcastChannel(CHANNEL);
      this.bc.onmessage = (ev: MessageEvent<{ id: string; rev: number }>) => void this.onOtherTab(ev.data);
    }
    if (opened.rev === 0) this.schedule();
  }

  getStatus = (): SaveStatus => this.status;
  revision(): number { return this.rev; }
  notebookId(): string { return this.id; }

  onStatus = (l: (s: SaveStatus) => void): (() => void) => {
    this.listeners.add(l);
    return () => { this.listeners.delete(l); };
  };

  /** Another notebook is about to be loaded into the store: save this one, then follow that one. */
  async switchTo(id: string, rev: number, doc: Notebook): Promise<void> {
    await this.flush();
    this.id = id;
    this.rev = rev;
    this.lastSaved = rev > 0 ? doc : null;
    this.setStatus({ kind: "idle" });
  }

  /** Unsaved edits exist. */
  dirty(): boolean {
    return this.store.getState() !== this.lastSaved;
  }

  /** Save now (cancels the pending debounce). */
  async flush(options: { force?: boolean } = {}): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    while (this.saving) await this.saving;
    if (!options.force && (!this.dirty() || this.status.kind === "conflict")) return;
    const doc = this.store.getState();
    if (doc.id !== this.id) return;
    this.setStatus({ kind: "saving" });
    this.saving = (async () => {
      try {
        const r = await saveNotebook(this.db, doc, this.rev, { force: options.force, trusted: this.store.trusted() });
        this.rev = r.rev;
        this.lastSaved = doc;
        this.setStatus({ kind: "saved", at: r.updatedAt, rev: r.rev });
        this.bc?.postMessage({ id: doc.id, rev: r.rev });
        clearDraft(this.db, doc.id);
      } catch (e) {
        if (e instanceof StaleRevisionError) this.setStatus({ kind: "conflict", stored: e.stored, message: e.message });
        else if (e instanceof QuotaError) this.setStatus({ kind: "quota", message: e.message });
        else this.setStatus({ kind: "error", message: `Could not save the notebook: ${e instanceof Error ? e.message : String(e)}` });
      }
    })();
    try { await this.saving; } finally { this.saving = null; }
  }

  /**
   * While the page unloads, an IndexedDB transaction may not finish: the edits are
   * written at once as a draft under their own key (never over another tab's save),
   * in localStorage (synchronous), or IndexedDB where that is missing or full.
   * The next open applies it (see recoverDraft in notebooks.ts).
   */
  saveDraft(): void {
    if (!this.dirty()) return;
    const doc = this.store.getState();
    if (doc.id !== this.id) return;
    const draft: Draft = { doc, baseRev: this.rev, at: Date.now(), trusted: this.store.trusted() };
    try {
      // Synchronous, so it is on disk even when the page is gone a moment later.
      localStorage.setItem(draftKey(doc.id), JSON.stringify(draft));
    } catch {
      void this.db.settings.put({ key: draftKey(doc.id), value: draft }).catch(() => undefined);
    }
  }

  /** Resolve a conflict by writing this tab's version over the stored one. */
  overwrite(): Promise<void> {
    this.setStatus({ kind: "pending" });
    return this.flush({ force: true });
  }

  /** Resolve a conflict by taking the stored version; returns it for the store to load. */
  async takeStored(): Promise<NotebookRow | undefined> {
    const row = await this.db.notebooks.get(this.id);
    if (row) { this.rev = row.rev; this.lastSaved = row.doc; }
    this.setStatus({ kind: "idle" });
    return row;
  }

  /** `doc` is what is stored now (it was just loaded from the database). */
  adopt(doc: Notebook): void {
    this.lastSaved = doc;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unsub();
    this.bc?.close();
    if (typeof document !== "undefined") document.removeEventListener("visibilitychange", this.onHide);
    if (typeof window !== "undefined") window.removeEventListener("pagehide", this.onPageHide);
  }

  private onChange(nb: Notebook): void {
    if (nb.id !== this.id || nb === this.lastSaved) return;
    this.schedule();
  }

  private schedule(): void {
    if (this.status.kind === "conflict") return;
    if (this.timer) clearTimeout(this.timer);
    if (this.status.kind !== "quota" && this.status.kind !== "error") this.setStatus({ kind: "pending" });
    this.timer = setTimeout(() => { this.timer = null; void this.flush(); }, this.delay);
  }

  private async onOtherTab(msg: { id: string; rev: number }): Promise<void> {
    if (!msg || msg.id !== this.id || msg.rev <= this.rev) return;
    const stored = (await this.db.notebooks.get(this.id)) ?? null;
    if (stored && stored.rev > this.rev) this.setStatus({ kind: "conflict", stored, message: `This notebook was just saved from another tab (revision ${stored.rev}).` });
  }

  private setStatus(s: SaveStatus): void {
    this.status = s;
    for (const l of [...this.listeners]) l(s);
  }
}
