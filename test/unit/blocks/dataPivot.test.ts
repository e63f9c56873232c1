import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { isoToDays } from "../../../blocks/core/dates";
import { BlockError } from "../../../blocks/core/errors";
import { toJson } from "../../../blocks/core/json";
import type { Table } from "../../../blocks/core/values";
import { indexDates, pivotBlock, pivotLong, widePanel } from "../../../blocks/data/pivot";

const d = isoToDays;
const long = [
  { date: "2020-01-03", symbol: "MSFT", close: 160.5 },
  { date: "2020-01-02", symbol: "AAPL", close: 75.1 },
  { date: "2020-01-03", symbol: "AAPL", close: 74.4 },
  { date: "2020-01-06", symbol: "IBM", close: null },
  { date: "2020-01-02", symbol: "MSFT", close: 160.6 },
];

function table(columns: Table["columns"], types: Table["types"]): Table {
  const first = Object.values(columns)[0];
  return { kind: "table", columns, types, rowCount: first.length };
}

describe("data.pivot", () => {
  it("pivot(long records) sorts dates and symbols and leaves absent pairs null", () => {
    const out = toJson(runBlock(pivotBlock, {}, { table: long })) as any;
    expect(out.panel.index).toEqual(["2020-01-02", "2020-01-03", "2020-01-06"]);
    expect(out.panel.columns).toEqual(["AAPL", "IBM", "MSFT"]);
    expect(out.panel.values).toEqual([[75.1, null, 160.6], [74.4, null, 160.5], [null, null, null]]);
  });

  it("pivotLong(table with Int32Array dates and custom column names)", () => {
    const t = table({ day: Int32Array.from([d("2021-03-02"), d("2021-03-01"), d("2021-03-01")]), tic: ["B", "B", "A"], px: Float64Array.from([2, 1, 10]) }, { day: "date", tic: "string", px: "number" });
    const p = pivotLong(t, { date: "day", symbol: "tic", value: "px" });
    expect(Array.from(p.index)).toEqual([d("2021-03-01"), d("2021-03-02")]);
    expect(p.columns).toEqual(["A", "B"]);
    expect(Array.from(p.values)).toEqual([10, 1, NaN, 2]);
  });

  it("a duplicate (date, symbol) is bad input naming the first duplicate", () => {
    const dup = [...long, { date: "2020-01-02", symbol: "AAPL", close: 1 }, { date: "2020-01-03", symbol: "MSFT", close: 2 }];
    expect(() => runBlock(pivotBlock, {}, { table: dup })).toThrow(BlockError);
    expect(() => runBlock(pivotBlock, {}, { table: dup })).toThrow(/AAPL on 2020-01-02 appears twice \(again at row 5\)/);
  });

  it("a missing column is bad input listing the columns the table has", () => {
    expect(() => runBlock(pivotBlock, { value: "price" }, { table: long })).toThrow(/value column "price" is missing \(columns: "date", "symbol", "close"\)/);
  });

  it("a bad date or a non-numeric value names the column and the row", () => {
    const badDate = [{ date: "2020-01-02", symbol: "A", close: 1 }, { date: "2020-02-30", symbol: "A", close: 2 }];
    expect(() => runBlock(pivotBlock, {}, { table: badDate })).toThrow(/row 1 of column "date" is "2020-02-30", not a date/);
    const t = table({ date: ["2020-01-02", "2020-01-03"], symbol: ["A", "A"], close: ["1.5", "abc"] }, { date: "string", symbol: "string", close: "string" });
    expect(() => pivotLong(t, { date: "date", symbol: "symbol", value: "close" })).toThrow(/row 1 of column "close" is "abc", not a number/);
    const noSym = [{ date: "2020-01-02", symbol: null, close: 1 }];
    expect(() => runBlock(pivotBlock, {}, { table: noSym })).toThrow(/row 0 has no symbol/);
  });

  it("indexDates(days) handles sparse dates (centuries apart) by sorting", () => {
    const days = Int32Array.from([d("2100-01-01"), d("1900-06-01"), d("2100-01-01"), d("2000-01-01")]);
    const { index, rowIndex } = indexDates(days);
    expect(Array.from(index)).toEqual([d("1900-06-01"), d("2000-01-01"), d("2100-01-01")]);
    expect(Array.from(rowIndex)).toEqual([2, 0, 2, 1]);
  });

  it("widePanel(table, date) keeps column order, sorts rows by date, empty is NaN", () => {
    const t = table({ date: ["2020-01-03", "2020-01-02"], ZZZ: Float64Array.from([2, NaN]), AAA: ["", "5"] }, { date: "string", ZZZ: "number", AAA: "string" });
    const p = widePanel(t, "date");
    expect(p.columns).toEqual(["ZZZ", "AAA"]);
    expect(Array.from(p.index)).toEqual([d("2020-01-02"), d("2020-01-03")]);
    expect(Array.from(p.values)).toEqual([NaN, 5, 2, NaN]);
    const dup = table({ date: ["2020-01-02", "2020-01-02"], A: Float64Array.from([1, 2]) }, { date: "string", A: "number" });
    expect(() => widePanel(dup)).toThrow(/2020-01-02 appears twice/);
  });
});
