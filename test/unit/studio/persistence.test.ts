import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import Dexie from "dexie";
import { StudioDb, isQuotaError, DB_VERSION } from "../../../studio/persistence/db";
import { saveNotebook, StaleRevisionError, loadNotebook, deleteNotebook, recoverDraft, draftKey } from "../../../studio/persistence/notebooks";
import { Autosaver, type SaveStatus } from "../../../studio/persistence/autosave";
import { cachedResults, contentHashes, saveResult } from "../../../studio/persistence/results";
import { createDocumentStore } from "../../../studio/state/store";
import { starterNotebook } from "../../../studio/state/starter";
import { Kernel } from "../../../kernel/kernel";
import type { Notebook } from "../../../kernel/document/schema";
import * as freeNamesModule from "../../../kernel/scheduler/freeNames";

let n = 0;
const dbs: Dexie[] = [];
function freshDb(): StudioDb {
  const db = new StudioDb(`test-studio-${Date.now()}-${n++}`);
  dbs.push(db);
  return db;
}
afterEach(async () => { for (const db of dbs.splice(0)) { db.close(); await Dexie.delete(db.name); } });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function waitFor(saver: Autosaver, kind: SaveStatus["kind"], ms = 2000): Promise<SaveStatus> {
  return new Promise((resolve, reject) => {
    if (saver.getStatus().kind === kind) { resolve(saver.getStatus()); return; }
    const t = setTimeout(() => reject(new Error(`status stayed ${saver.getStatus().kind}, wanted ${kind}`)), ms);
    const off = saver.onStatus((s) => { if (s.kind === kind) { clearTimeout(t); off(); resolve(s); } });
  });
}
function quotaError(): DOMException {
  return new DOMException("The quota has been exceeded.", "QuotaExceededError");
}

describe("notebooks with revisions", () => {
  it("saveNotebook(db, doc, 0) stores revision 1; a save based on revision 1 makes revision 2", async () => {
    const db = freshDb();
    const nb = starterNotebook();
    expect((await saveNotebook(db, nb, 0)).rev).toBe(1);
    expect((await saveNotebook(db, { ...nb, title: "two" }, 1)).rev).toBe(2);
    const row = await loadNotebook(db, nb.id);
    expect(row?.rev).toBe(2);
    expect(row?.doc.title).toBe("two");
  });

  it("saveNotebook refuses a stale base revision and keeps the stored document", async () => {
    const db = freshDb();
    const nb = starterNotebook();
    await saveNotebook(db, nb, 0);
    await saveNotebook(db, { ...nb, title: "tab A" }, 1);
    await expect(saveNotebook(db, { ...nb, title: "tab B" }, 1)).rejects.toBeInstanceOf(StaleRevisionError);
    expect((await loadNotebook(db, nb.id))?.doc.title).toBe("tab A");
    // overwrite on purpose
    expect((await saveNotebook(db, { ...nb, title: "tab B" }, 1, { force: true })).rev).toBe(3);
    expect((await loadNotebook(db, nb.id))?.doc.title).toBe("tab B");
  });

  it("deleteNotebook removes its cached results and runs too", async () => {
    const db = freshDb();
    const nb = starterNotebook();
    await saveNotebook(db, nb, 0);
    await saveResult(db, { hash: "h1", notebookId: nb.id, cellName: "x", value: 1, ms: 1 });
    await db.runs.add({ notebookId: nb.id, cellId: "c", cellName: "c", block: "backtest.run", params: {}, inputs: {}, datasetVersion: "d", kpis: {}, ms: 1, at: 1 });
    await deleteNotebook(db, nb.id);
    expect(await db.notebooks.count()).toBe(0);
    expect(await db.results.count()).toBe(0);
    expect(await db.runs.count()).toBe(0);
  });
});

describe("autosave", () => {
  it("debounces typing into one save and a reload (new store from the db) has the text", async () => {
    const db = freshDb();
    const store = createDocumentStore(starterNotebook());
    const saver = new Autosaver(db, store, { id: store.getState().id, rev: 0 }, { delayMs: 30, channel: false });
    await waitFor(saver, "saved");
    const id = store.getState().id;
    const cell = store.getState().cells.find((c) => c.kind === "sql")!;
    for (const text of ["select 1", "select 12", "select 123"]) store.dispatch({ op: "setSource", id: cell.id, source: text });
    expect(saver.getStatus().kind).toBe("pending");
    await sleep(10);
    expect((await loadNotebook(db, id))?.rev).toBe(1); // not yet: still inside the debounce
    await waitFor(saver, "saved");
    const row = await loadNotebook(db, id);
    expect(row?.rev).toBe(2); // three keystrokes, one save
    const reloaded = createDocumentStore(row!.doc);
    expect(reloaded.getState().cells.find((c) => c.id === cell.id)).toMatchObject({ source: "select 123" });
    saver.dispose();
  });

  it("flush() saves at once (what pagehide calls)", async () => {
    const db = freshDb();
    const store = createDocumentStore(starterNotebook());
    const saver = new Autosaver(db, store, { id: store.getState().id, rev: 0 }, { delayMs: 10_000, channel: false });
    store.dispatch({ op: "setTitle", title: "typed just before closing" });
    await saver.flush();
    expect((await loadNotebook(db, store.getState().id))?.doc.title).toBe("typed just before closing");
    saver.dispose();
  });

  it("two tabs on one notebook: the second save is refused (conflict), then overwrite or reload resolves it", async () => {
    const db = freshDb();
    const nb = starterNotebook();
    await saveNotebook(db, nb, 0);
    const a = createDocumentStore((await loadNotebook(db, nb.id))!.doc);
    const b = createDocumentStore((await loadNotebook(db, nb.id))!.doc);
    const sa = new Autosaver(db, a, { id: nb.id, rev: 1 }, { delayMs: 10, channel: false });
    const sb = new Autosaver(db, b, { id: nb.id, rev: 1 }, { delayMs: 10, channel: false });
    a.dispatch({ op: "setTitle", title: "from A" });
    await waitFor(sa, "saved");
    b.dispatch({ op: "setTitle", title: "from B" });
    const st = await waitFor(sb, "conflict");
    expect(st.kind === "conflict" && st.message).toMatch(/another tab/);
    expect((await loadNotebook(db, nb.id))?.doc.title).toBe("from A");
    // while in conflict, more typing is not saved over A's version
    b.dispatch({ op: "setTitle", title: "from B, again" });
    await sleep(40);
    expect((await loadNotebook(db, nb.id))?.doc.title).toBe("from A");
    await sb.overwrite();
    expect(sb.getStatus().kind).toBe("saved");
    expect((await loadNotebook(db, nb.id))?.doc.title).toBe("from B, again");
    // A is now behind: its next save is refused; it takes the stored version instead
    a.dispatch({ op: "setTitle", title: "A again" });
    await waitFor(sa, "conflict");
    const row = await sa.takeStored();
    expect(row?.doc.title).toBe("from B, again");
    expect(sa.revision()).toBe(row!.rev);
    sa.dispose(); sb.dispose();
  });

  it("a QuotaExceededError during a save gives a clear message and keeps the stored version", async () => {
    const db = freshDb();
    const store = createDocumentStore(starterNotebook());
    const saver = new Autosaver(db, store, { id: store.getState().id, rev: 0 }, { delayMs: 10, channel: false });
    await waitFor(saver, "saved");
    let full = true;
    const hook = () => { if (full) throw quotaError(); };
    db.notebooks.hook("updating", hook);
    store.dispatch({ op: "setTitle", title: "does not fit" });
    const st = await waitFor(saver, "quota");
    expect(st.kind === "quota" && st.message).toMatch(/storage for this site is full.*Everything saved before is kept/);
    const row = await loadNotebook(db, store.getState().id);
    expect(row?.rev).toBe(1);
    expect(row?.doc.title).toBe(starterNotebook().title);
    // space freed: the next edit saves everything typed meanwhile
    full = false;
    store.dispatch({ op: "setTitle", title: "fits now" });
    await waitFor(saver, "saved");
    expect((await loadNotebook(db, store.getState().id))?.doc.title).toBe("fits now");
    saver.dispose();
  });

  it("isQuotaError sees a quota error wrapped by Dexie (inner) or by name", () => {
    expect(isQuotaError(quotaError())).toBe(true);
    expect(isQuotaError({ name: "AbortError", message: "aborted", inner: quotaError() })).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError("full"))).toBe(true);
    expect(isQuotaError(new Error("constraint failed"))).toBe(false);
  });
});

describe("drafts left by a closing page", () => {
  it("saveDraft() writes a draft; recoverDraft applies it as the next revision when nothing was saved since", async () => {
    const db = freshDb();
    const store = createDocumentStore(starterNotebook());
    const saver = new Autosaver(db, store, { id: store.getState().id, rev: 0 }, { delayMs: 10_000, channel: false });
    await saver.flush();
    store.dispatch({ op: "setTitle", title: "typed as the tab closed" });
    saver.saveDraft();
    saver.dispose();
    await sleep(20);
    const row = (await loadNotebook(db, store.getState().id))!;
    expect(row.doc.title).toBe(starterNotebook().title);
    const { row: out, note } = await recoverDraft(db, row);
    expect(note).toBeNull();
    expect(out.doc.title).toBe("typed as the tab closed");
    expect(out.rev).toBe(2);
    expect((await loadNotebook(db, row.id))?.doc.title).toBe("typed as the tab closed");
    expect(await db.settings.get(draftKey(row.id))).toBeUndefined();
  });

  it("recoverDraft keeps a stale draft as a copy and leaves the other tab's save alone", async () => {
    const db = freshDb();
    const nb = starterNotebook();
    await saveNotebook(db, nb, 0);
    await db.settings.put({ key: draftKey(nb.id), value: { doc: { ...nb, title: "draft" }, baseRev: 1, at: 77, trusted: true } });
    await saveNotebook(db, { ...nb, title: "other tab" }, 1);
    const { row, note } = await recoverDraft(db, (await loadNotebook(db, nb.id))!);
    expect(row.doc.title).toBe("other tab");
    expect(note).toMatch(/kept as the notebook "draft \(unsaved edits\)"/);
    const copies = (await db.notebooks.toArray()).filter((r) => r.id !== nb.id);
    expect(copies.map((r) => r.title)).toEqual(["draft (unsaved edits)"]);
  });
});

describe("schema migration", () => {
  it(`opening a version-1 database upgrades it to version ${DB_VERSION}: notebooks get rev and trusted, runs and paperBooks exist`, async () => {
    const name = `test-studio-v1-${Date.now()}`;
    const old = new Dexie(name);
    old.version(1).stores({ notebooks: "id, title, updatedAt", datasets: "id, name", settings: "key", results: "hash, notebookId" });
    const nb = starterNotebook();
    await old.table("notebooks").put({ id: nb.id, title: nb.title, doc: nb, updatedAt: 5 });
    await old.table("results").put({ hash: "h", notebookId: nb.id, cellName: "x", value: new Float64Array([1, 2]), ms: 3 });
    old.close();
    const db = new StudioDb(name);
    dbs.push(db);
    const row = await db.notebooks.get(nb.id);
    expect(row).toMatchObject({ rev: 1, trusted: true, updatedAt: 5, title: nb.title });
    const res = await db.results.get("h");
    expect(res?.savedAt).toBe(0);
    expect(res?.value).toEqual(new Float64Array([1, 2]));
    expect(await db.runs.count()).toBe(0);
    expect(await db.paperBooks.count()).toBe(0);
    expect(db.verno).toBe(DB_VERSION);
    // and a save continues from the migrated revision
    expect((await saveNotebook(db, nb, 1)).rev).toBe(2);
  });
});

describe("results cache", () => {
  const kernelHashes = (nb: Notebook) => {
    const k = new Kernel({ openEngine: () => Promise.reject(new Error("no engine")), loadBundled: () => Promise.reject(new Error("no data")) });
    k.update(nb);
    return new Map(nb.cells.map((c) => [c.name, k.scheduler.hashOf(c.name)]));
  };

  it("contentHashes(nb) on the page equals the kernel scheduler's hashes", () => {
    const nb = starterNotebook();
    expect(contentHashes(nb)).toEqual(kernelHashes(nb));
    const edited: Notebook = { ...nb, datasets: [...nb.datasets, { name: "extra", source: { kind: "synthetic", params: { assets: 3 } } }] };
    expect(contentHashes(edited)).toEqual(kernelHashes(edited));
    expect(contentHashes(edited).get("prices")).not.toBe(contentHashes(nb).get("prices")); // SQL depends on the data
    expect(contentHashes(edited).get("intro")).toBe(contentHashes(nb).get("intro"));
  });

  it("saveResult stores typed arrays as they are and cachedResults finds them by the current hashes", async () => {
    const db = freshDb();
    const nb = starterNotebook();
    const h = contentHashes(nb);
    const rsi = { values: { kind: "series", index: new Int32Array([1, 2, 3]), values: new Float64Array([NaN, 50, 60]) } };
    expect(await saveResult(db, { hash: h.get("rsi")!, notebookId: nb.id, cellName: "rsi", value: rsi, ms: 12 })).toBe(true);
    const got = await cachedResults(db, nb);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ cellId: "rsi_cell", name: "rsi", ms: 12 });
    expect(got[0].value).toEqual(rsi);
    // a changed parameter changes the hash: the old result is not shown for it
    const edited: Notebook = { ...nb, cells: nb.cells.map((c) => (c.kind === "block" ? { ...c, params: { period: 10 } } : c)) };
    expect(await cachedResults(db, edited)).toHaveLength(0);
  });

  it("cachedResults with nothing stored (a first visit) parses no code cell", async () => {
    const db = freshDb();
    const nb = starterNotebook();
    expect(nb.cells.some((c) => c.kind === "code")).toBe(true);
    const parse = vi.spyOn(freeNamesModule, "freeNames");
    expect(await cachedResults(db, nb)).toEqual([]);
    expect(parse).not.toHaveBeenCalled();
    // Once something is stored, the hashes (and the graph, which parses code cells) are computed.
    await saveResult(db, { hash: "other", notebookId: "elsewhere", cellName: "x", value: 1, ms: 1 });
    expect(await cachedResults(db, nb)).toEqual([]);
    expect(parse).toHaveBeenCalled();
    parse.mockRestore();
  });

  it("cachedResults parses a notebook's code cells one per task, and finds their results by the same hashes", async () => {
    const db = freshDb();
    await saveResult(db, { hash: "other", notebookId: "elsewhere", cellName: "x", value: 1, ms: 1 }); // something is stored
    const tag = `${Date.now()}_${n}`; // sources no earlier test has parsed
    const code = (name: string, source: string) => ({ id: name, name, kind: "code" as const, source, inputs: {} });
    const nb: Notebook = { ...starterNotebook(), cells: [code("a", `const a_${tag} = 1;\nreturn a_${tag};`), code("b", `return a + 1; // ${tag}`), code("c", `return b * 2; // ${tag}`)] };
    // Each parse (a source freeNames' memo does not know yet) with the count of parses in its task so far.
    const parses: number[] = [];
    let inTask = 0;
    const real = freeNamesModule.freeNames;
    const parse = vi.spyOn(freeNamesModule, "freeNames").mockImplementation((source: string) => {
      if (freeNamesModule.knownFreeNames(source) === undefined) {
        parses.push(++inTask);
        setTimeout(() => { inTask = 0; }, 0);
      }
      return real(source);
    });
    expect(await cachedResults(db, nb)).toEqual([]);
    parse.mockRestore();
    expect(parses).toEqual([1, 1, 1]); // three parses, each in a task of its own
    await saveResult(db, { hash: contentHashes(nb).get("c")!, notebookId: nb.id, cellName: "c", value: 4, ms: 1 });
    expect((await cachedResults(db, nb)).map((r) => [r.name, r.value])).toEqual([["c", 4]]);
  });

  it("saveResult skips a value too big to cache, and a full disk, without throwing", async () => {
    const db = freshDb();
    expect(await saveResult(db, { hash: "big", notebookId: "n", cellName: "x", value: new Float64Array(3_000_000), ms: 1 })).toBe(false);
    db.results.hook("creating", () => { throw quotaError(); });
    expect(await saveResult(db, { hash: "small", notebookId: "n", cellName: "x", value: 1, ms: 1 })).toBe(false);
  });
});
