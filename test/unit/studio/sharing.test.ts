import { describe, expect, it } from "vitest";
import { exportNotebook, importNotebook, linkFragment, notebookFromFragment, toBase64Url, fromBase64Url, fileNameOf } from "../../../studio/sharing/share";
import { starterNotebook } from "../../../studio/state/starter";
import { NotebookError } from "../../../kernel/document/parse";
import { NOTEBOOK_VERSION, type Notebook } from "../../../kernel/document/schema";
import { base64ToBytes } from "../../../kernel/kernel";
import type { KernelApi } from "../../../kernel/worker/api";

const nb = (): Notebook => ({ ...starterNotebook(), id: "nb-share", title: "Shared: momentum" });

describe("notebook files", () => {
  it("exportNotebook -> importNotebook gives the same document", async () => {
    const doc = nb();
    const text = await exportNotebook(doc);
    expect(importNotebook(text)).toEqual(doc);
    expect(fileNameOf(doc)).toBe("shared-momentum.ssnb.json");
  });

  it("importNotebook refuses a newer version with a message saying so (path 'version')", () => {
    const text = JSON.stringify({ ...nb(), version: NOTEBOOK_VERSION + 1 });
    expect(() => importNotebook(text)).toThrow(NotebookError);
    expect(() => importNotebook(text)).toThrow(/^version: this notebook was saved by a newer Strategy Studio/);
  });

  it("importNotebook names the JSON path of a bad cell", () => {
    const bad = nb();
    const text = JSON.stringify({ ...bad, cells: [{ ...bad.cells[0], name: "1bad" }, ...bad.cells.slice(1)] });
    expect(() => importNotebook(text)).toThrow(/cells\[0\]\.name: a cell name is a letter/);
    expect(() => importNotebook("{ not json")).toThrow(/not valid JSON/);
    expect(() => importNotebook(JSON.stringify({ format: "other" }))).toThrow(/this is not a Strategy Studio notebook/);
  });

  it("exportNotebook(nb, {embed}) embeds a library reference as Parquet from api.exportParquet and keeps bundled data", async () => {
    const doc: Notebook = { ...nb(), datasets: [...nb().datasets, { name: "mine", source: { kind: "reference", file: "library/ds-1.csv", hash: "abc" } }] };
    const parquet = new Uint8Array([80, 65, 82, 49, 0, 1, 2, 80, 65, 82, 49]);
    const asked: string[] = [];
    const api = { exportParquet: async (sql: string) => { asked.push(sql); return parquet; } } as unknown as KernelApi;
    const back = importNotebook(await exportNotebook(doc, { embed: true, api }));
    expect(asked).toEqual(['select * from "mine"']);
    expect(back.datasets[0]).toEqual(doc.datasets[0]);
    const src = back.datasets[1].source;
    expect(src.kind).toBe("embedded");
    if (src.kind === "embedded") {
      expect(src.format).toBe("parquet");
      expect(base64ToBytes(src.base64)).toEqual(parquet);
    }
  });
});

describe("links", () => {
  it("base64url round trip without padding or + /", () => {
    const bytes = new Uint8Array([251, 255, 254, 0, 1, 62, 63]);
    const s = toBase64Url(bytes);
    expect(s).not.toMatch(/[+/=]/);
    expect(fromBase64Url(s)).toEqual(bytes);
  });

  it("linkFragment -> notebookFromFragment gives the same document, compressed (deflate-raw) and plain", async () => {
    const doc = nb();
    const z = await linkFragment(doc);
    const plain = await linkFragment(doc, { compress: false });
    expect(z.startsWith("#nb=")).toBe(true);
    expect(z.length).toBeLessThan(plain.length);
    expect(await notebookFromFragment(z)).toEqual(doc);
    expect(await notebookFromFragment(plain)).toEqual(doc);
    expect(await notebookFromFragment("#view=graph")).toBeNull();
  });

  it("a damaged link is a NotebookError, a newer version too", async () => {
    await expect(notebookFromFragment("#nb=AAAAAAAA")).rejects.toBeInstanceOf(NotebookError);
    const newer = await linkFragment({ ...nb(), version: NOTEBOOK_VERSION + 1 } as unknown as Notebook);
    await expect(notebookFromFragment(newer)).rejects.toThrow(/newer Strategy Studio/);
  });

  it("a notebook too big for a link is refused with a clear message", async () => {
    const doc = nb();
    const big: Notebook = { ...doc, cells: [...doc.cells, { id: "big", name: "big", kind: "markdown", source: Array.from({ length: 60_000 }, (_, i) => ((i * 7919) % 65_521).toString(36)).join(" ") }] };
    await expect(linkFragment(big)).rejects.toThrow(/too big for a link/);
  });
});
