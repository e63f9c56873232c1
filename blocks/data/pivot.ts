/**
 * data.pivot: a long table (date, symbol, value) to a Panel (dates x symbols), as
 * pandas' `df.pivot(index=date, columns=symbol, values=value)` with both axes sorted.
 * Also `widePanel`: a wide table (a date column + one column per symbol, like
 * PyPortfolioOpt's stock_prices.csv) to a Panel.
 *
 * Dates come out sorted and unique, symbols sorted (code-unit order, as JS sort and as
 * DuckDB's ORDER BY on ASCII text); a (date, symbol) pair absent from the table is NaN
 * (null in JSON). A (date, symbol) pair given twice is bad input naming the first duplicate.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { daysToIso } from "../core/dates";
import { inputError, type PathItem } from "../core/errors";
import { port } from "../core/ports";
import { panel, type Panel, type Table } from "../core/values";
import { dateColumnOf, numberColumnOf, stringColumnOf } from "./tableColumns";

export interface LongMapping { date: string; symbol: string; value: string }

/** Sorted unique day numbers and, for each row, the index of its day in them. */
export function indexDates(days: Int32Array): { index: Int32Array; rowIndex: Int32Array } {
  const n = days.length;
  const rowIndex = new Int32Array(n);
  if (n === 0) return { index: new Int32Array(0), rowIndex };
  let lo = days[0], hi = days[0];
  for (let i = 1; i < n; i++) { const d = days[i]; if (d < lo) lo = d; if (d > hi) hi = d; }
  const span = hi - lo + 1;
  if (span <= 4 * n + 1_000_000) {
    // Dense day range (daily data): a direct lookup table, no sort.
    const slot = new Int32Array(span).fill(-1);
    for (let i = 0; i < n; i++) slot[days[i] - lo] = 0;
    let k = 0;
    for (let s = 0; s < span; s++) if (slot[s] === 0) slot[s] = k++;
    const index = new Int32Array(k);
    for (let s = 0; s < span; s++) if (slot[s] >= 0) index[slot[s]] = lo + s;
    for (let i = 0; i < n; i++) rowIndex[i] = slot[days[i] - lo];
    return { index, rowIndex };
  }
  const sorted = Int32Array.from(days).sort();
  let k = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i];
  const index = sorted.slice(0, k);
  for (let i = 0; i < n; i++) {
    let a = 0, b = k - 1;
    const d = days[i];
    while (a < b) { const m = (a + b) >> 1; if (index[m] < d) a = m + 1; else b = m; }
    rowIndex[i] = a;
  }
  return { index, rowIndex };
}

/** Sorted unique symbols and, for each row, the index of its symbol in them. */
export function indexSymbols(symbols: readonly string[], path: PathItem[] = [], column = "symbol"): { columns: string[]; rowIndex: Int32Array } {
  const codes = new Map<string, number>();
  const first: string[] = [];
  const raw = new Int32Array(symbols.length);
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i];
    if (s === "" || s === undefined || s === null) throw inputError([...path, column, i], `row ${i} has no symbol in column "${column}"`);
    let c = codes.get(s);
    if (c === undefined) { c = first.length; codes.set(s, c); first.push(s); }
    raw[i] = c;
  }
  const columns = first.slice().sort();
  const remap = new Int32Array(first.length);
  columns.forEach((s, j) => { remap[codes.get(s)!] = j; });
  for (let i = 0; i < raw.length; i++) raw[i] = remap[raw[i]];
  return { columns, rowIndex: raw };
}

/**
 * Fill a panel from coded rows: row i puts values[i] at (dateIndex[i], symbolIndex[i]).
 * A cell given twice throws, naming the date and the symbol.
 */
export function fillPanel(index: Int32Array, columns: string[], dateIndex: ArrayLike<number>, symbolIndex: ArrayLike<number>, values: ArrayLike<number>, path: PathItem[] = []): Panel {
  const m = columns.length;
  const out = new Float64Array(index.length * m).fill(NaN);
  const seen = new Uint8Array(out.length);
  for (let i = 0; i < values.length; i++) {
    const k = dateIndex[i] * m + symbolIndex[i];
    if (seen[k]) throw inputError([...path, i], `${columns[symbolIndex[i]]} on ${daysToIso(index[dateIndex[i]])} appears twice (again at row ${i}): a long table needs one row per (date, symbol)`);
    seen[k] = 1;
    out[k] = values[i];
  }
  return panel(index, columns, out);
}

/** A long table as a Panel; see the module comment. */
export function pivotLong(table: Table, mapping: LongMapping, path: PathItem[] = ["inputs", "table"]): Panel {
  const days = dateColumnOf(table, mapping.date, path);
  const symbols = stringColumnOf(table, mapping.symbol, path);
  const values = numberColumnOf(table, mapping.value, path);
  const d = indexDates(days);
  const s = indexSymbols(symbols, path, mapping.symbol);
  return fillPanel(d.index, s.columns, d.rowIndex, s.rowIndex, values, path);
}

/**
 * A wide table (one date column, every other numeric column a symbol, in table order) as a
 * Panel with rows sorted by date. A date given twice is bad input. Text columns other than
 * the date must hold numbers or be empty.
 */
export function widePanel(table: Table, dateColumn = "date", path: PathItem[] = ["inputs", "table"]): Panel {
  const days = dateColumnOf(table, dateColumn, path);
  const columns = Object.keys(table.columns).filter((c) => c !== dateColumn);
  const n = table.rowCount, m = columns.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => days[a] - days[b]);
  const index = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    index[r] = days[order[r]];
    if (r > 0 && index[r] === index[r - 1]) throw inputError([...path, dateColumn, order[r]], `the date ${daysToIso(index[r])} appears twice in column "${dateColumn}"`);
  }
  const out = new Float64Array(n * m);
  columns.forEach((c, j) => {
    const col = numberColumnOf(table, c, path);
    for (let r = 0; r < n; r++) out[r * m + j] = col[order[r]];
  });
  return panel(index, columns, out);
}

export const pivotParams = z.object({
  date: z.string().default("date").describe("name of the date column (DATE or YYYY-MM-DD text)"),
  symbol: z.string().default("symbol").describe("name of the symbol column"),
  value: z.string().default("close").describe("name of the value column (numbers; empty = missing)"),
});

export const pivotBlock = defineBlock({
  id: "data.pivot",
  title: "Pivot long to panel",
  description: "Turns a long table (one row per date and symbol) into a panel of dates x symbols; dates and symbols sorted, missing pairs null, a duplicate pair is an error.",
  category: "data",
  params: pivotParams,
  inputs: { table: port.table("a long table with date, symbol and value columns") },
  outputs: { panel: { kind: "panel", description: "values, dates x symbols" } },
  compute: (params, inputs) => ({ panel: pivotLong(inputs.table, params) }),
});
