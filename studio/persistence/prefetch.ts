/**
 * The notebook to open, read from IndexedDB by main.tsx while the app's chunks load and run: the
 * `lastNotebookId` setting (or `?notebook=`), that notebook's row and its draft. Raw IndexedDB,
 * no Dexie, so that main.tsx stays small; openPersistence (controller.ts) uses what it read instead
 * of reading the same rows again once Dexie is up (three round trips after boot's 1 MB evaluated).
 *
 * It only reads, and only a database that Dexie made at the current schema version: a missing
 * database is not created (the upgrade is aborted), an older one is left to Dexie's upgrade.
 */
export const DB_NAME = "strategy-studio";
/** Dexie's schema version (db.ts); IndexedDB sees it times ten. */
export const DB_VERSION = 2;

export function draftKey(id: string): string {
  return `draft:${id}`;
}

export interface Prefetched {
  /** The notebook asked for (`?notebook=` or the last one open), or null when none is. */
  id: string | null;
  /** Its row and its draft's setting row, as Dexie stored them (undefined when absent). */
  row: unknown;
  draft: unknown;
}

/**
 * Resolves to null when it cannot answer (no IndexedDB, no database yet, another version, a link's
 * notebook). `name` and `url` are the page's database and address unless given (tests).
 */
export function prefetchNotebook({ name = DB_NAME, url = globalThis.location }: { name?: string; url?: { search: string; hash: string } } = {}): Promise<Prefetched | null> {
  if (typeof indexedDB === "undefined" || !url || /(^#|&)nb=/.test(url.hash)) return Promise.resolve(null);
  return new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try { req = indexedDB.open(name); } catch { resolve(null); return; }
    req.onupgradeneeded = () => req.transaction?.abort(); // no database yet: Dexie creates it
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => db.close();
      const done = (p: Prefetched | null) => { db.close(); resolve(p); };
      if (db.version !== DB_VERSION * 10 || !db.objectStoreNames.contains("settings") || !db.objectStoreNames.contains("notebooks")) { done(null); return; }
      try {
        const tx = db.transaction(["settings", "notebooks"], "readonly");
        const settings = tx.objectStore("settings");
        const fromQuery = new URLSearchParams(url.search).get("notebook");
        const out: Prefetched = { id: null, row: undefined, draft: undefined };
        const readNotebook = (id: string) => {
          out.id = id;
          const row = tx.objectStore("notebooks").get(id);
          row.onsuccess = () => { out.row = row.result; };
          const draft = settings.get(draftKey(id));
          draft.onsuccess = () => { out.draft = draft.result; };
        };
        if (fromQuery) readNotebook(fromQuery);
        else {
          const last = settings.get("lastNotebookId");
          last.onsuccess = () => {
            const id = (last.result as { value?: unknown } | undefined)?.value;
            if (typeof id === "string") readNotebook(id);
          };
        }
        tx.oncomplete = () => done(out);
        tx.onerror = () => done(null);
        tx.onabort = () => done(null);
      } catch {
        done(null);
      }
    };
  });
}
