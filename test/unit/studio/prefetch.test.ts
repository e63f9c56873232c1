import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import Dexie from "dexie";
import { StudioDb, setSetting } from "../../../studio/persistence/db";
import { draftKey, loadNotebook, saveNotebook } from "../../../studio/persistence/notebooks";
import { prefetchNotebook } from "../../../studio/persistence/prefetch";
import { starterNotebook } from "../../../studio/state/starter";

let n = 0;
const names: string[] = [];
const freshName = () => { const name = `test-prefetch-${Date.now()}-${n++}`; names.push(name); return name; };
afterEach(async () => { for (const name of names.splice(0)) await Dexie.delete(name); });
const at = (search = "", hash = "") => ({ search, hash });

async function existing(name: string): Promise<boolean> {
  return (await indexedDB.databases()).some((d) => d.name === name);
}

describe("prefetchNotebook (main.tsx's read of the notebook to open)", () => {
  it("reads the last notebook's row and its draft as Dexie stored them", async () => {
    const name = freshName();
    const db = new StudioDb(name);
    const nb = starterNotebook();
    await saveNotebook(db, nb, 0);
    await saveNotebook(db, { ...nb, title: "other" }, 1);
    await setSetting(db, "lastNotebookId", nb.id);
    await db.settings.put({ key: draftKey(nb.id), value: { doc: { ...nb, title: "draft" }, baseRev: 2, at: 5, trusted: true } });
    const row = await loadNotebook(db, nb.id);
    const draft = await db.settings.get(draftKey(nb.id));
    db.close();
    const pre = await prefetchNotebook({ name, url: at() });
    expect(pre).toEqual({ id: nb.id, row, draft });
    expect((pre?.row as { title: string }).title).toBe("other");
  });

  it("?notebook=<id> is read instead of the last one; an unknown id gives no row", async () => {
    const name = freshName();
    const db = new StudioDb(name);
    const a = starterNotebook(), b = { ...starterNotebook(), id: "nb-b", title: "B" };
    await saveNotebook(db, a, 0);
    await saveNotebook(db, b, 0);
    await setSetting(db, "lastNotebookId", a.id);
    db.close();
    expect((await prefetchNotebook({ name, url: at("?notebook=nb-b") }))?.row).toMatchObject({ id: "nb-b", title: "B" });
    expect(await prefetchNotebook({ name, url: at("?notebook=nope") })).toEqual({ id: "nope", row: undefined, draft: undefined });
  });

  it("a first visit: no last notebook in an empty database; no database is created when there is none", async () => {
    const empty = freshName();
    const db = new StudioDb(empty);
    await db.open();
    db.close();
    expect(await prefetchNotebook({ name: empty, url: at() })).toEqual({ id: null, row: undefined, draft: undefined });
    const none = freshName();
    expect(await prefetchNotebook({ name: none, url: at() })).toBeNull();
    expect(await existing(none)).toBe(false);
  });

  it("leaves an older database to Dexie's upgrade, and a link's notebook (#nb=) to openPersistence", async () => {
    const name = freshName();
    const old = new Dexie(name);
    old.version(1).stores({ notebooks: "id, title, updatedAt", datasets: "id, name", settings: "key", results: "hash, notebookId" });
    await old.open();
    old.close();
    expect(await prefetchNotebook({ name, url: at() })).toBeNull();
    const db = new StudioDb(name);
    await db.open(); // the upgrade is not blocked by the prefetch's connection
    expect(db.verno).toBe(2);
    db.close();
    expect(await prefetchNotebook({ name, url: at("", "#nb=abc") })).toBeNull();
  });
});
