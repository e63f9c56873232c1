/**
 * Reading typed columns out of a Table (blocks/core/values.ts) with errors that name the
 * column and the row. A Table comes from a SQL query (dates as Int32Array day numbers,
 * numbers as Float64Array, text as string[]) or from JSON records (dates as ISO text).
 */
import { isoToDays } from "../core/dates";
import { inputError, type PathItem } from "../core/errors";
import type { Table } from "../core/values";

/** The day number that stands for a null date in an Int32Array date column. */
export const NULL_DAY = -2147483648;

/** The column `name`, or an error that lists the columns the table has. */
export function requireColumn(table: Table, name: string, path: PathItem[], role = "column"): Table["columns"][string] {
  const col = table.columns[name];
  if (col === undefined) {
    const have = Object.keys(table.columns).map((c) => `"${c}"`).join(", ") || "none";
    throw inputError([...path, name], `the ${role} column "${name}" is missing (columns: ${have})`);
  }
  return col;
}

/** A date column as day numbers; ISO text is parsed; a missing or bad date names its row. */
export function dateColumnOf(table: Table, name: string, path: PathItem[]): Int32Array {
  const col = requireColumn(table, name, path, "date");
  const n = table.rowCount;
  if (col instanceof Int32Array && table.types[name] !== "number") {
    for (let i = 0; i < n; i++) if (col[i] === NULL_DAY) throw inputError([...path, name, i], `row ${i} has no date in column "${name}"`);
    return col;
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = col[i];
    const d = typeof x === "string" ? isoToDays(x.trim().slice(0, 10)) : NaN;
    if (Number.isNaN(d)) throw inputError([...path, name, i], `row ${i} of column "${name}" is ${JSON.stringify(x)}, not a date (YYYY-MM-DD)`);
    out[i] = d;
  }
  return out;
}

/** A numeric column as Float64Array (NaN for missing); text must be a number or empty. */
export function numberColumnOf(table: Table, name: string, path: PathItem[]): Float64Array {
  const col = requireColumn(table, name, path, "value");
  if (col instanceof Float64Array) return col;
  const n = table.rowCount;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = col[i];
    if (typeof x === "number") { out[i] = x; continue; }
    const s = x.trim();
    const v = s === "" || /^(null|nan|na)$/i.test(s) ? NaN : Number(s);
    if (Number.isNaN(v) && s !== "" && !/^(null|nan|na)$/i.test(s)) throw inputError([...path, name, i], `row ${i} of column "${name}" is "${x}", not a number`);
    out[i] = v;
  }
  return out;
}

/** A text column (numbers shown as text, NaN as ""). */
export function stringColumnOf(table: Table, name: string, path: PathItem[]): string[] {
  const col = requireColumn(table, name, path, "symbol");
  return Array.isArray(col) ? col : Array.from(col, (x) => (Number.isNaN(x) ? "" : String(x)));
}
