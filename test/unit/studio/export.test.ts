// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { buildReport } from "../../../studio/export/report";
import { asTable, tableToCsv, toTable } from "../../../studio/export/tables";
import { exportables } from "../../../studio/export/ExportMenu";
import { starterNotebook } from "../../../studio/state/starter";
import { isoToDays } from "../../../blocks/core/dates";
import type { Notebook } from "../../../kernel/document/schema";
import type { Table } from "../../../blocks/core/values";

const d0 = isoToDays("2024-01-02");
const series = { kind: "series", index: new Int32Array([d0, d0 + 1, d0 + 2]), values: new Float64Array([1, 1.01, NaN]), name: "equity" };

describe("tables", () => {
  it("tableToCsv quotes commas and quotes, writes ISO dates and leaves NaN empty", () => {
    const t: Table = { kind: "table", columns: { date: new Int32Array([d0, d0 + 1]), name: ['A, Inc.', 'say "hi"'], x: new Float64Array([1.5, NaN]) }, types: { date: "date", name: "string", x: "number" }, rowCount: 2 };
    expect(tableToCsv(t)).toBe('date,name,x\n2024-01-02,"A, Inc.",1.5\n2024-01-03,"say ""hi""",\n');
  });

  it("asTable(series) is (date, name); asTable(panel) has one column per name; a matrix keeps its row labels", () => {
    expect(tableToCsv(asTable(series)!)).toBe("date,equity\n2024-01-02,1\n2024-01-03,1.01\n2024-01-04,\n");
    const panel = { kind: "panel", index: new Int32Array([d0, d0 + 1]), columns: ["A", "B"], values: new Float64Array([1, 2, 3, 4]) };
    expect(tableToCsv(asTable(panel)!)).toBe("date,A,B\n2024-01-02,1,2\n2024-01-03,3,4\n");
    const m = { kind: "matrix", columns: ["A", "B"], values: new Float64Array([1, 0.5, 0.5, 2]) };
    expect(tableToCsv(asTable(m)!)).toBe("row,A,B\nA,1,0.5\nB,0.5,2\n");
  });

  it("toTable(records) and exportables(record output) find each table-shaped part", () => {
    expect(tableToCsv(toTable([{ a: 1, b: "x" }, { a: 2, b: "y" }])!)).toBe("a,b\n1,x\n2,y\n");
    const parts = exportables({ equity: series, kpis: { sharpe: 1.2 }, note: "text" });
    expect(parts.map((p) => p.key)).toEqual(["equity", "kpis"]);
    expect(exportables(42)).toEqual([]);
  });
});

describe("HTML report", () => {
  const nb: Notebook = {
    ...starterNotebook(),
    cells: [
      { id: "m", name: "notes", kind: "markdown", source: "# Title\n\nSee [the docs](https://example.com/docs) and **bold**." },
      { id: "q", name: "prices", kind: "sql", source: "select * from sp500" },
      { id: "b", name: "bt", kind: "block", block: "backtest.run", params: { cost_bps: 5 }, inputs: {} },
      { id: "k", name: "kpis", kind: "code", source: "return {sharpe: 1.25}" },
    ],
  };
  const rows = 60;
  const table: Table = { kind: "table", columns: { date: Int32Array.from({ length: rows }, (_, i) => d0 + i), close: Float64Array.from({ length: rows }, (_, i) => 100 + i) }, types: { date: "date", close: "number" }, rowCount: rows };
  const html = buildReport(nb, { q: table, b: { equity: series, kpis: { sharpe: 0.9, max_drawdown: -0.1 } }, k: { sharpe: 1.25 } }, { maxRows: 10, generatedAt: new Date(0) });

  it("has no external src or href, no scripts and no stylesheet links", () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain("the docs (<span class=\"url\">https://example.com/docs</span>)");
  });

  it("renders prose, the equity chart as inline SVG, KPIs and the first rows of a table", () => {
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toMatch(/<svg[^>]*>/);
    expect(html).toContain("max_drawdown");
    expect(html).toContain("2024-01-02");
    expect(html).toContain("First 10 of 60 rows.");
    expect((html.match(/<tr>/g) ?? []).length).toBe(11); // header + 10 rows
    const doc = new DOMParser().parseFromString(html, "text/html");
    expect(doc.querySelectorAll("section.cell")).toHaveLength(4);
  });

  it("buildReport(nb whose first prose heading is its title) shows that title once; otherwise the header has it", () => {
    const titled = buildReport({ ...nb, title: "Title" }, {}, { generatedAt: new Date(0) });
    expect(titled.match(/<h1>/g)).toHaveLength(1);
    const other = buildReport({ ...nb, title: "Another name" }, {}, { generatedAt: new Date(0) });
    expect(other.match(/<h1>/g)).toHaveLength(2);
    expect(other).toContain("<h1>Another name</h1>");
  });

  it("buildReport draws a table with one row per date as a chart above its rows, but not a long (date, symbol) table", () => {
    const wide: Table = { kind: "table", columns: { date: Int32Array.from([d0, d0 + 1, d0 + 2]), close: Float64Array.from([1, 2, 3]) }, types: { date: "date", close: "number" }, rowCount: 3 };
    const long: Table = { kind: "table", columns: { date: Int32Array.from([d0, d0, d0 + 1]), symbol: ["A", "B", "A"], close: Float64Array.from([1, 2, 3]) }, types: { date: "date", symbol: "string", close: "number" }, rowCount: 3 };
    const one = (t: Table) => buildReport({ ...nb, cells: [nb.cells[1]] }, { q: t }, { generatedAt: new Date(0) });
    expect(one(wide)).toMatch(/<svg[^>]*>[\s\S]*<\/svg>[\s\S]*<table>/);
    expect(one(long)).not.toMatch(/<svg/);
    expect(one(long)).toContain("<table>");
  });
});
