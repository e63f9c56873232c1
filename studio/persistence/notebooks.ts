/**
 * Notebooks in IndexedDB with a revision counter each. A save names the revision
 * it was based on; when another tab saved meanwhile, the stored revision is newer
 * and the save is refused (StaleRevisionError) instead of silently overwriting it.
 * A quota error becomes a QuotaError; the transaction is aborted, so what was
 * stored before stays intact.
 */
import type { Notebook } from "../../kernel/document/schema";
import { isQuotaError, QuotaError, type NotebookRow, type SettingRow, type StudioDb } from "./db";
import { draftKey } from "./prefetch";

export class StaleRevisionError extends Error {
  constructor(readonly stored: NotebookRow, readonly base: number) {
    super(`This notebook was saved from another tab or window (revision ${stored.rev}, this tab has revision ${base}).`);
    this.name = "StaleRevisionError";
  }
}

export interface SaveResult { rev: number; updatedAt: number }

/**
 * Save `doc` if the stored revision is still `baseRev` (0 = a new notebook).
 * `force` overwrites whatever is stored (the user chose "overwrite").
 */
export async function saveNotebook(
  db: StudioDb,
  doc: Notebook,
  baseRev: number,
  options: { force?: boolean; trusted?: boolean; origin?: string } = {},
): Promise<SaveResult> {
  try {
    return await db.transaction("rw", db.notebooks, async () => {
      const cur = await db.notebooks.get(doc.id);
      const curRev = cur?.rev ?? 0;
      if (!options.force && curRev !== baseRev) throw new StaleRevisionError(cur!, baseRev);
      const row: NotebookRow = {
        id: doc.id,
        title: doc.title,
        doc,
        rev: Math.max(curRev, baseRev) + 1,
        updatedAt: Date.now(),
        trusted: options.trusted ?? cur?.trusted ?? true,
        origin: options.origin ?? cur?.origin ?? "local",
      };
      await db.notebooks.put(row);
      return { rev: row.rev, updatedAt: row.updatedAt };
    });
  } catch (e) {
    if (e instanceof StaleRevisionError) throw e;
    if (isQuotaError(e)) throw new QuotaError(`the notebook "${doc.title}"`);
    throw e;
  }
}

export async function loadNotebook(db: StudioDb, id: string): Promise<NotebookRow | undefined> {
  return db.notebooks.get(id);
}

export interface NotebookSummary { id: string; title: string; updatedAt: number; rev: number; trusted: boolean; cells: number }

export async function listNotebooks(db: StudioDb): Promise<NotebookSummary[]> {
  const rows = await db.notebooks.orderBy("updatedAt").reverse().toArray();
  return rows.map((r) => ({ id: r.id, title: r.title, updatedAt: r.updatedAt, rev: r.rev, trusted: r.trusted, cells: r.doc.cells.length }));
}

/** Delete a notebook with its cached results and run history. */
export async function deleteNotebook(db: StudioDb, id: string): Promise<void> {
  await db.transaction("rw", [db.notebooks, db.results, db.runs, db.paperBooks], async () => {
    await db.notebooks.delete(id);
    await db.results.where("notebookId").equals(id).delete();
    await db.runs.where("notebookId").equals(id).delete();
    await db.paperBooks.where("notebookId").equals(id).delete();
  });
}

export async function setNotebookTrusted(db: StudioDb, id: string, trusted: boolean): Promise<void> {
  await db.notebooks.update(id, { trusted });
}

/** Unsaved edits written while a page unloaded (see Autosaver.saveDraft). */
export interface Draft { doc: Notebook; baseRev: number; at: number; trusted: boolean }

export { draftKey };

/**
 * Apply a notebook's draft, if one was left by a closing page: when it was based on
 * the stored revision it becomes the next revision; when another tab saved since,
 * the draft is kept as a copy (a new notebook) instead of overwriting that save.
 * Returns the row to open and, for a copy, what to tell the user.
 */
/** `prefetched`: the draft's settings row as main.tsx read it (prefetch.ts), so it is not read again. */
export async function recoverDraft(db: StudioDb, row: NotebookRow, prefetched?: { row: SettingRow | undefined }): Promise<{ row: NotebookRow; note: string | null }> {
  const key = draftKey(row.id);
  let draft = (prefetched ? prefetched.row : await db.settings.get(key))?.value as Draft | undefined;
  try {
    const local = globalThis.localStorage?.getItem(key);
    if (local) draft = JSON.parse(local) as Draft;
  } catch {
    // no localStorage here
  }
  if (!draft) return { row, note: null };
  let note: string | null = null;
  let out = row;
  if (JSON.stringify(draft.doc) !== JSON.stringify(row.doc)) {
    if (draft.baseRev === row.rev) {
      const r = await saveNotebook(db, draft.doc, row.rev);
      out = { ...row, doc: draft.doc, title: draft.doc.title, rev: r.rev, updatedAt: r.updatedAt };
    } else {
      const copy = { ...draft.doc, id: `${row.id}-copy-${draft.at.toString(36)}`, title: `${draft.doc.title} (unsaved edits)` };
      await saveNotebook(db, copy, 0, { trusted: draft.trusted, origin: row.origin });
      note = `Edits made in a tab that closed before they were saved clashed with a later save, so they were kept as the notebook "${copy.title}".`;
    }
  }
  clearDraft(db, row.id);
  return { row: out, note };
}

export function clearDraft(db: StudioDb, id: string): void {
  try { globalThis.localStorage?.removeItem(draftKey(id)); } catch { /* none */ }
  void db.settings.delete(draftKey(id)).catch(() => undefined);
}
