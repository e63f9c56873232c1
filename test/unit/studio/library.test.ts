import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import Dexie from "dexie";
import { StudioDb } from "../../../studio/persistence/db";
import {
  addFile, datasetEntry, formatOf, guessMapping, isStandard, mappingSelect, mappingViewSql, readReference, readWithProgress,
  sha256Hex, tableNameOf, uniqueName, withDataset, idOfReference,
} from "../../../studio/library/library";
import { starterNotebook } from "../../../studio/state/starter";
import { parseNotebook } from "../../../kernel/document/parse";
import type { KernelApi } from "../../../kernel/worker/api";

const dbs: StudioDb[] = [];
afterEach(async () => { for (const db of dbs.splice(0)) { db.close(); await Dexie.delete(db.name); } });

describe("library helpers", () => {
  it("formatOf and tableNameOf read file names", () => {
    expect(formatOf("Prices 2024.CSV")).toBe("csv");
    expect(formatOf("x.parquet")).toBe("parquet");
    expect(formatOf("x.feather")).toBe("arrow");
    expect(formatOf("x.xlsx")).toBeNull();
    expect(tableNameOf("Prices 2024.CSV")).toBe("prices_2024");
    expect(tableNameOf("2024-prices.csv")).toBe("t_2024_prices");
    expect(uniqueName(["prices", "prices_2"], "prices")).toBe("prices_3");
  });

  it("guessMapping maps common names to the standard fields; isStandard says when no mapping is needed", () => {
    const cols = ["Date", "Ticker", "Adj Close", "Close", "Volume", "GICS Sector"];
    expect(guessMapping(cols)).toEqual({ date: "Date", symbol: "Ticker", close: "Close", adjclose: "Adj Close", volume: "Volume", sector: "GICS Sector" });
    expect(isStandard(cols)).toBe(false);
    expect(isStandard(["date", "symbol", "close"])).toBe(true);
  });

  it("mappingSelect renames the mapped columns (quoted) in the standard order", () => {
    expect(mappingSelect("raw", { close: "Px Last", date: "Day" })).toBe('select "Day" as date, "Px Last" as close from "raw"');
    expect(mappingViewSql("raw", { date: "d" })).toBe('create or replace view "raw_std" as select "d" as date from "raw"');
    expect(() => mappingSelect("raw", {})).toThrow(/at least one/);
  });

  it("readWithProgress reads a blob in chunks with progress rising to 1", async () => {
    const bytes = new Uint8Array(9 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    const seen: number[] = [];
    const got = await readWithProgress(new Blob([bytes]), (f) => seen.push(f));
    expect(got.length).toBe(bytes.length);
    expect(await sha256Hex(got)).toBe(await sha256Hex(bytes));
    expect(seen.length).toBe(3); // 4 MB chunks
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it("sha256Hex matches the published digest of 'abc'", async () => {
    expect(await sha256Hex(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("adding a file", () => {
  it("addFile keeps the bytes in IndexedDB, loads them into the engine, and a notebook references them by id and hash", async () => {
    const db = new StudioDb(`test-lib-${Date.now()}`);
    dbs.push(db);
    const csv = "Day,Ticker,Px\n2024-01-02,AAA,10\n2024-01-03,AAA,11\n";
    const loaded: { name: string; format: string; bytes: Uint8Array }[] = [];
    const api = {
      loadTable: async (name: string, format: "csv", bytes: Uint8Array) => { loaded.push({ name, format, bytes: bytes.slice() }); return { name, rows: 2, columns: [{ name: "Day", type: "DATE" }, { name: "Ticker", type: "VARCHAR" }, { name: "Px", type: "BIGINT" }] }; },
      query: async () => ({ kind: "table", columns: {}, types: {}, rowCount: 0 }),
    } as unknown as KernelApi;
    const phases: string[] = [];
    const file = new File([csv], "My Prices.csv");
    const row = await addFile(db, api, file, { onProgress: (p) => phases.push(p.phase) });
    expect(row).toMatchObject({ name: "my_prices", format: "csv", size: csv.length, rows: 2, fileName: "My Prices.csv" });
    expect(row.hash).toBe(await sha256Hex(new TextEncoder().encode(csv)));
    expect(new Set(phases)).toEqual(new Set(["reading", "saving", "loading", "done"]));
    expect(new TextDecoder().decode(loaded[0].bytes)).toBe(csv);
    const stored = await db.datasets.get(row.id);
    expect(stored?.columns?.map((c) => c.name)).toEqual(["Day", "Ticker", "Px"]);
    // the same name again gets a fresh table name
    const again = await addFile(db, api, file);
    expect(again.name).toBe("my_prices_2");
    // in a notebook
    const ds = datasetEntry(row);
    expect(ds.source).toEqual({ kind: "reference", file: `library/${row.id}.csv`, hash: row.hash });
    expect(idOfReference((ds.source as { file: string }).file)).toBe(row.id);
    const nb = parseNotebook(withDataset(starterNotebook(), ds));
    expect(nb.datasets.map((d) => d.name)).toEqual(["sp500", "my_prices"]);
    expect(new TextDecoder().decode(await readReference(db, `library/${row.id}.csv`))).toBe(csv);
    await expect(readReference(db, "library/nope.csv")).rejects.toThrow(/not in this browser's data library/);
  });

  it("addFile refuses an unknown extension, and removes the row again when DuckDB cannot read it", async () => {
    const db = new StudioDb(`test-lib2-${Date.now()}`);
    dbs.push(db);
    const api = { loadTable: async () => { throw new Error("Invalid Input Error: bad CSV"); } } as unknown as KernelApi;
    await expect(addFile(db, api, new File(["x"], "a.xlsx"))).rejects.toThrow(/not a CSV, Parquet or Arrow file/);
    await expect(addFile(db, api, new File(["x"], "a.csv"))).rejects.toThrow(/DuckDB could not read "a.csv": Invalid Input Error/);
    expect(await db.datasets.count()).toBe(0);
  });
});
