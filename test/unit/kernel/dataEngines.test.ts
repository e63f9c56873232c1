/**
 * The DataEngine contract, run on both Node engines (DuckDB-WASM blocking and native
 * DuckDB): bundled data, views, Parquet and Arrow round trips, CSV errors, panels.
 * Independent values: row counts and prices read from the CSV text with a plain split
 * (and checked once with Python's csv module: 5,105 S&P 500 rows, 1,302 closes above
 * 2,000; shared/data/SOURCES.md says 5,104, one short).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoToDays } from "../../../blocks/core/dates";
import { BlockError } from "../../../blocks/core/errors";
import { NULL_DAY, ipcToTable } from "../../../kernel/data/arrowTable";
import { bundledDatasets, loadBundled } from "../../../kernel/data/bundled";
import { bundledDataDir, readBundledNode } from "../../../kernel/data/bundledNode";
import { openDuckDbNative } from "../../../kernel/data/duckdbNative";
import { openDuckDbWasmNode } from "../../../kernel/data/duckdbWasmNode";
import type { FileDataEngine } from "../../../kernel/data/engine";
import { loadPanel, validatePriceTable, wideToPanel } from "../../../kernel/data/panels";

const csvText = (file: string) => readFileSync(resolve(bundledDataDir, file), "utf8");
const sp500Rows = csvText("sp500-2000.csv").trim().split("\n").slice(1).map((l) => l.split(","));
const wideLines = csvText("stock_prices.csv").trim().split("\n").map((l) => l.split(","));

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try { await p; } catch (err) { return err as Error; }
  throw new Error("expected an error");
}

describe.each([
  ["duckdb-native", openDuckDbNative],
  ["duckdb-wasm", openDuckDbWasmNode],
] as const)("%s engine", (name, open) => {
  let engine: FileDataEngine;
  beforeAll(async () => {
    engine = await open();
    await loadBundled(engine, "sp500", readBundledNode);
    await loadBundled(engine, "stocks20", readBundledNode);
  });
  afterAll(async () => { await engine?.close(); });

  it(`engine.name is ${name}`, () => { expect(engine.name).toBe(name); });

  it("loadBundled(sp500) has 5,105 rows from 2000-01-03 to 2020-04-17", async () => {
    expect(sp500Rows.length).toBe(5105);
    const t = await engine.query("SELECT count(*) AS n, min(date) AS first, max(date) AS last FROM sp500");
    expect((t.columns.n as Float64Array)[0]).toBe(sp500Rows.length);
    expect(t.types.first).toBe("date");
    expect((t.columns.first as Int32Array)[0]).toBe(isoToDays("2000-01-03"));
    expect((t.columns.last as Int32Array)[0]).toBe(isoToDays("2020-04-17"));
  });

  it("query(sp500) returns clean typed columns: dates as day numbers, prices as numbers", async () => {
    const t = await engine.query("SELECT * FROM sp500 ORDER BY date LIMIT 2");
    expect(Object.keys(t.columns)).toEqual(["date", "open", "high", "low", "close", "adjclose", "volume"]);
    expect(t.types).toMatchObject({ date: "date", open: "number", close: "number", volume: "number" });
    expect((t.columns.close as Float64Array)[0]).toBe(Number(sp500Rows[0][4])); // 1455.219971
    expect((t.columns.volume as Float64Array)[1]).toBe(Number(sp500Rows[1][6]));
  });

  it("query() maps NULL to NaN, text to strings, timestamps to their day", async () => {
    const t = await engine.query("SELECT NULL::DOUBLE AS x, 'AAA' AS s, TIMESTAMP '2000-01-03 15:30:00' AS ts, 7::BIGINT AS b, 2::INTEGER AS i");
    expect(Number.isNaN((t.columns.x as Float64Array)[0])).toBe(true);
    expect(t.columns.s).toEqual(["AAA"]);
    expect(t.types.ts).toBe("date");
    expect((t.columns.ts as Int32Array)[0]).toBe(isoToDays("2000-01-03"));
    expect((t.columns.b as Float64Array)[0]).toBe(7);
    expect((t.columns.i as Float64Array)[0]).toBe(2);
  });

  it("query() marks null dates with NULL_DAY and null numbers with NaN across many chunks", async () => {
    const t = await engine.query("SELECT CASE WHEN close > 2000 THEN NULL ELSE date END AS d, CASE WHEN close > 2000 THEN NULL ELSE close END AS c, date FROM sp500 ORDER BY date");
    const d = t.columns.d as Int32Array, c = t.columns.c as Float64Array, date = t.columns.date as Int32Array;
    let nullDays = 0, nans = 0, wrong = 0;
    for (let i = 0; i < t.rowCount; i++) {
      const high = Number(sp500Rows[i][4]) > 2000; // rows are in date order in the file
      if (d[i] === NULL_DAY) nullDays++; else if (d[i] !== date[i]) wrong++;
      if (Number.isNaN(c[i])) nans++; else if (c[i] !== Number(sp500Rows[i][4])) wrong++;
      if (high !== (d[i] === NULL_DAY)) wrong++;
    }
    expect([nullDays, nans, wrong]).toEqual([1302, 1302, 0]);
  });

  it("createView(name, sql) then query the view: 1,302 closes above 2,000", async () => {
    await engine.createView("sp_high", "SELECT date, close FROM sp500 WHERE close > 2000");
    const expected = sp500Rows.filter((r) => Number(r[4]) > 2000).length;
    expect(expected).toBe(1302);
    const t = await engine.query("SELECT count(*) AS n, min(close) AS lo FROM sp_high");
    expect((t.columns.n as Float64Array)[0]).toBe(expected);
    expect((t.columns.lo as Float64Array)[0]).toBeGreaterThan(2000);
    await engine.createView("sp_high", "SELECT date FROM sp500 WHERE close > 3000");
    const again = await engine.query("SELECT count(*) AS n FROM sp_high");
    expect((again.columns.n as Float64Array)[0]).toBe(sp500Rows.filter((r) => Number(r[4]) > 3000).length);
  });

  it("tables() lists tables and views with rows and column types; drop() removes them", async () => {
    await engine.createView("sp_view", "SELECT date, close FROM sp500");
    const list = await engine.tables();
    const sp = list.find((t) => t.name === "sp500")!;
    expect(sp.kind).toBe("table");
    expect(sp.rows).toBe(5105);
    expect(sp.columns[0]).toEqual({ name: "date", type: "DATE" });
    expect(sp.columns.find((c) => c.name === "close")!.type).toBe("DOUBLE");
    expect(list.find((t) => t.name === "sp_view")).toMatchObject({ kind: "view", rows: 5105 });
    expect(list.find((t) => t.name === "stocks20_long")?.kind).toBe("view");
    await engine.drop("sp_view");
    await engine.drop("does_not_exist");
    expect((await engine.tables()).some((t) => t.name === "sp_view")).toBe(false);
  });

  it("exportParquet(sql) -> loadParquet gives the same rows", async () => {
    const bytes = await engine.exportParquet("SELECT * FROM sp500");
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("PAR1");
    const info = await engine.loadParquet("sp_parquet", bytes);
    expect(info.rows).toBe(5105);
    expect(info.columns.map((c) => c.name)).toEqual(["date", "open", "high", "low", "close", "adjclose", "volume"]);
    expect(info.columns[0].type).toBe("DATE");
    const diff = await engine.query("SELECT count(*) AS n FROM (SELECT date, open, high, low, close, adjclose, volume::DOUBLE FROM sp500 EXCEPT SELECT date, open, high, low, close, adjclose, volume::DOUBLE FROM sp_parquet)");
    expect((diff.columns.n as Float64Array)[0]).toBe(0);
  });

  it("queryArrow(sql) -> loadArrow gives the same rows, and decodes to the same Table as query()", async () => {
    const sql = "SELECT date, close, 'x' || CAST(volume AS VARCHAR) AS label, CASE WHEN close > 2000 THEN NULL ELSE close END AS low_close FROM sp500 ORDER BY date";
    const ipc = await engine.queryArrow(sql);
    const decoded = ipcToTable(ipc);
    const direct = await engine.query(sql);
    expect(decoded.rowCount).toBe(5105);
    expect(decoded.columns.date).toEqual(direct.columns.date);
    expect(decoded.columns.close).toEqual(direct.columns.close);
    expect(decoded.columns.label).toEqual(direct.columns.label);
    expect(decoded.columns.low_close).toEqual(direct.columns.low_close); // NaN where NULL
    const info = await engine.loadArrow("sp_arrow", ipc);
    expect(info.rows).toBe(5105);
    const back = await engine.query("SELECT count(*) AS n, count(low_close) AS k FROM sp_arrow");
    expect((back.columns.n as Float64Array)[0]).toBe(5105);
    expect((back.columns.k as Float64Array)[0]).toBe(5105 - 1302);
  });

  it("a file typed in full (read without sniffing) loads as the sniffing read loads it: CRLF, quoted commas, empty values, US dates", async () => {
    const full = { date: "DATE", symbol: "VARCHAR", close: "DOUBLE" };
    const texts = [
      'date,symbol,close\r\n2020-01-02,"A,B",1.5\r\n2020-01-03,A,\r\n2020-01-06,C,-2e-3\r\n',
      "date,symbol,close\n01/02/2020,A,1.5\n01/03/2020,A,1.6\n", // the plain read cannot take these dates: the sniffing one does
    ];
    for (const text of texts) {
      const fast = await engine.loadCsv("typed_full", text, { columns: full });
      const sniffed = await engine.loadCsv("typed_part", text, { columns: { date: "DATE" } });
      expect(fast.columns).toEqual(sniffed.columns);
      expect(fast.rows).toBe(sniffed.rows);
      expect(await engine.query("SELECT * FROM typed_full")).toEqual(await engine.query("SELECT * FROM typed_part"));
    }
    expect((await engine.query("SELECT symbol FROM typed_full")).rowCount).toBe(2);
  });

  it("loadCsv with a missing required column names it and the columns the file has", async () => {
    const err = await errorOf(engine.loadCsv("bad", "date,symbol,price\n2020-01-02,A,1.5\n", { columns: { close: "DOUBLE" } }));
    expect(err).toBeInstanceOf(BlockError);
    expect(err.message).toMatch(/no column "close"/);
    expect(err.message).toMatch(/"price"/);
  });

  it("loadCsv with a bad date names the column and the line", async () => {
    const err = await errorOf(engine.loadCsv("bad", "date,symbol,close\n2020-01-02,A,1.5\n2020-01-03,A,1.6\n2020-13-01,A,1.7\n", { columns: { date: "DATE" } }));
    expect(err.message).toMatch(/line 4/i);
    expect(err.message).toMatch(/"date"/);
    expect(err.message).toMatch(/2020-13-01/);
    expect(err.message).not.toMatch(/\n|at .*\.ts/);
  });

  it("loadCsv with a non-numeric price names the column and the line", async () => {
    const err = await errorOf(engine.loadCsv("bad", "date,symbol,close\n2020-01-02,A,1.5\n2020-01-03,A,abc\n", { columns: { close: "DOUBLE" } }));
    expect(err.message).toMatch(/line 3/i);
    expect(err.message).toMatch(/"close"/);
    expect(err.message).toMatch(/not a number/);
  });

  it("validatePriceTable finds the first bad line of an auto-typed CSV", async () => {
    const rows = ["date,symbol,close,volume", "2020-01-02,A,1.5,100", "2020-01-02,B,2.5,200", "2020-01-03,A,n/a,100", "2020-01-03,B,2.6,x"];
    await engine.loadCsv("raw_prices", rows.join("\n") + "\n");
    const err = await errorOf(validatePriceTable(engine, "raw_prices", { date: "date", symbol: "symbol", value: "close", numeric: ["volume"] }));
    expect(err.message).toBe('Line 4, column "close" has "n/a", which is not a number.');
    const missing = await errorOf(validatePriceTable(engine, "raw_prices", { date: "date", symbol: "ticker", value: "close" }));
    expect(missing.message).toMatch(/no column "ticker"/);
    await engine.loadCsv("raw_dates", "date,symbol,close\n2020-01-02,A,1\n02/01/2020,A,2\n", { columns: { date: "VARCHAR" } });
    const bad = await errorOf(validatePriceTable(engine, "raw_dates", { date: "date", symbol: "symbol", value: "close" }));
    expect(bad.message).toBe('Line 3, column "date" has "02/01/2020", which is not a date (YYYY-MM-DD).');
    await engine.loadCsv("ok_prices", "date,symbol,close\n2020-01-02,A,1\n2020-01-03,A,\n");
    expect(await validatePriceTable(engine, "ok_prices", { date: "date", symbol: "symbol", value: "close" })).toEqual({ rows: 2 });
  });

  it("loadPanel(long) pivots a hand table: sorted dates and symbols, NaN where absent", async () => {
    await engine.loadCsv("hand", "date,symbol,close\n2020-01-03,B,20\n2020-01-02,A,1\n2020-01-03,A,2\n2020-01-06,C,300\n", { columns: { date: "DATE" } });
    const p = await loadPanel(engine, "hand", { date: "date", symbol: "symbol", value: "close" });
    expect(Array.from(p.index)).toEqual(["2020-01-02", "2020-01-03", "2020-01-06"].map(isoToDays));
    expect(p.columns).toEqual(["A", "B", "C"]);
    expect(Array.from(p.values)).toEqual([1, NaN, NaN, 2, 20, NaN, NaN, NaN, 300]);
    const fromSql = await loadPanel(engine, "SELECT date, symbol, close * 2 AS close FROM hand WHERE symbol <> 'C'");
    expect(fromSql.columns).toEqual(["A", "B"]);
    expect(Array.from(fromSql.values)).toEqual([2, NaN, 4, 40]);
  });

  it("loadPanel names a row without a symbol or a date by its line, and leaves no table of its own behind", async () => {
    const before = (await engine.tables()).map((t) => t.name).sort();
    await engine.loadCsv("no_symbol", "date,symbol,close\n2020-01-02,A,1\n2020-01-02,,2\n", { columns: { date: "DATE", symbol: "VARCHAR", close: "DOUBLE" } });
    expect((await errorOf(loadPanel(engine, "no_symbol"))).message).toBe('Line 3, column "symbol" is empty.');
    await engine.loadCsv("no_date", "date,symbol,close\n2020-01-02,A,1\n,B,2\n", { columns: { date: "DATE", symbol: "VARCHAR", close: "DOUBLE" } });
    expect((await errorOf(loadPanel(engine, "no_date"))).message).toBe('Line 3, column "date" is empty.');
    const empty = await loadPanel(engine, "SELECT * FROM no_date WHERE false");
    expect([empty.index.length, empty.columns.length, empty.values.length]).toEqual([0, 0, 0]);
    await engine.drop("no_symbol");
    await engine.drop("no_date");
    expect((await engine.tables()).map((t) => t.name).sort()).toEqual(before);
    expect((await engine.query("SELECT count(*)::DOUBLE AS n FROM duckdb_tables() WHERE table_name LIKE '__panel_symbols%'")).columns.n).toEqual(Float64Array.of(0));
  });

  it("loadPanel with a duplicate (date, symbol) names it", async () => {
    await engine.loadCsv("dup", "date,symbol,close\n2020-01-02,A,1\n2020-01-02,B,2\n2020-01-02,A,3\n", { columns: { date: "DATE" } });
    const err = await errorOf(loadPanel(engine, "dup"));
    expect(err.message).toMatch(/A on 2020-01-02 appears twice/);
  });

  it("loadPanel(stocks20_long) equals wideToPanel(stocks20) where the wide file has values", async () => {
    const wide = await wideToPanel(engine, "stocks20");
    const header = wideLines[0];
    expect(wide.columns).toEqual(header.slice(1));
    expect(wide.index.length).toBe(7126);
    // Spot values straight from the CSV text: the last row, and FB's first listed date.
    const last = wideLines[wideLines.length - 1];
    const aapl = header.indexOf("AAPL");
    expect(wide.values[(wide.index.length - 1) * wide.columns.length + aapl - 1]).toBe(Number(last[aapl]));
    const fb = wide.columns.indexOf("FB");
    let firstFb = -1;
    for (let t = 0; t < wide.index.length && firstFb < 0; t++) if (!Number.isNaN(wide.values[t * wide.columns.length + fb])) firstFb = t;
    expect(wide.index[firstFb]).toBe(isoToDays("2012-05-18"));

    const long = await loadPanel(engine, "stocks20_long");
    expect(long.columns).toEqual(wide.columns.slice().sort());
    expect(Array.from(long.index)).toEqual(Array.from(wide.index));
    let nonNull = 0, mismatches = 0;
    for (let j = 0; j < long.columns.length; j++) {
      const w = wide.columns.indexOf(long.columns[j]);
      for (let t = 0; t < long.index.length; t++) {
        const a = long.values[t * long.columns.length + j], b = wide.values[t * wide.columns.length + w];
        if (!Number.isNaN(b)) nonNull++;
        if (!Object.is(a, b)) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    const cells = wideLines.slice(1).reduce((s, l) => s + l.slice(1).filter((v) => v !== "").length, 0);
    expect(nonNull).toBe(cells);
  });

  it("loadBundled(spy) loads 6,765 rows and every bundled file exists", async () => {
    const info = await loadBundled(engine, "spy", readBundledNode);
    expect(info.rows).toBe(csvText("spy_prices.csv").trim().split("\n").length - 1);
    expect(info.rows).toBe(6765);
    expect(info.columns).toEqual([{ name: "date", type: "DATE" }, { name: "SPY", type: "DOUBLE" }]);
    for (const d of bundledDatasets) expect((await readBundledNode(d.file)).length).toBeGreaterThan(1000);
  });

  it("loadCsvFile(table, path) reads a file from disk", async () => {
    const info = await engine.loadCsvFile("sp_file", resolve(bundledDataDir, "sp500-2000.csv"), { columns: { date: "DATE" } });
    expect(info.rows).toBe(5105);
  });

  it("loadCsv(text, {delimiter: ';', header: false}) names columns column0.. and types them", async () => {
    const info = await engine.loadCsv("semicolons", "2020-01-02;A;1,5\n2020-01-03;B;2\n", { delimiter: ";", header: false, columns: { column0: "DATE", column2: "VARCHAR" } });
    expect(info.rows).toBe(2);
    expect(info.columns.map((c) => c.name)).toEqual(["column0", "column1", "column2"]);
    expect(info.columns[0].type).toBe("DATE");
    const t = await engine.query("SELECT column2 FROM semicolons ORDER BY column0");
    expect(t.columns.column2).toEqual(["1,5", "2"]);
  });

  it("a bad query is a plain sentence", async () => {
    const err = await errorOf(engine.query("SELECT no_such_column FROM sp500"));
    expect(err).toBeInstanceOf(BlockError);
    expect(err.message).toMatch(/no_such_column/);
    expect(err.message).not.toMatch(/\n/);
  });
});
