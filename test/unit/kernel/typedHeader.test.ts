import { describe, expect, it } from "vitest";
import { readCsvSql, typedHeader } from "../../../kernel/data/sqlEngine";

const bytes = (text: string) => new TextEncoder().encode(text);
const columns = { date: "DATE", symbol: "VARCHAR", close: "DOUBLE" };

describe("typedHeader: when a CSV can be read without DuckDB's sniffing", () => {
  it("gives the header's names, in file order, when they are exactly the typed columns", () => {
    expect(typedHeader(bytes("symbol,date,close\nA,2020-01-02,1\n"), { columns })).toEqual(["symbol", "date", "close"]);
    expect(typedHeader(bytes("date,symbol,close\r\n2020-01-02,A,1\r\n"), { columns })).toEqual(["date", "symbol", "close"]);
    expect(typedHeader(bytes("date;symbol;close\n"), { columns, delimiter: ";" })).toEqual(["date", "symbol", "close"]);
  });

  it("is null (the sniffing read decides) for anything else", () => {
    expect(typedHeader(bytes("date,symbol,close,volume\n"), { columns })).toBeNull(); // an untyped column
    expect(typedHeader(bytes("date,symbol\n"), { columns })).toBeNull(); // a typed column missing
    expect(typedHeader(bytes("date,date,close\n"), { columns })).toBeNull();
    expect(typedHeader(bytes('"date",symbol,close\n'), { columns })).toBeNull(); // quoted names
    expect(typedHeader(bytes("\ufeffdate,symbol,close\n"), { columns })).toBeNull(); // byte-order mark
    expect(typedHeader(bytes("date;symbol;close\n"), { columns })).toBeNull(); // another delimiter, not given
    expect(typedHeader(bytes("date,symbol,close"), { columns })).toBeNull(); // no complete first line
    expect(typedHeader(bytes("date,symbol,close\n"), { columns, header: false })).toBeNull();
    expect(typedHeader(bytes("date,symbol,close\n"), {})).toBeNull();
  });

  it("the read it allows names every column's type in header order and turns sniffing off", () => {
    const sql = readCsvSql("f.csv", { columns }, false, ["symbol", "date", "close"]);
    expect(sql).toBe(`read_csv('f.csv', header=true, auto_detect=false, delim=',', quote='"', escape='"', columns={'symbol': 'VARCHAR', 'date': 'DATE', 'close': 'DOUBLE'})`);
    expect(readCsvSql("f.csv", { columns })).not.toMatch(/auto_detect/);
  });
});
