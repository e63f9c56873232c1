/**
 * The JSON edge: columnar values to and from the strict-JSON shapes of
 * shared/CONTRACTS.md. NaN inside is null outside; dates are ISO strings.
 */
import { daysToIso, isoToDays } from "./dates";
import { inputError, type PathItem } from "./errors";
import { isMatrix, isPanel, isSeries, isTable, matrix, panel, series, type Matrix, type Panel, type Series, type Table } from "./values";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface SeriesJson { index: string[]; values: (number | null)[]; name?: string }
export interface PanelJson { index: string[]; columns: string[]; values: (number | null)[][] }
export interface MatrixJson { columns: string[]; values: (number | null)[][] }

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function parseDates(index: readonly string[], path: PathItem[]): Int32Array {
  const out = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) {
    const d = isoToDays(index[i]);
    if (Number.isNaN(d)) throw inputError([...path, i], `"${index[i]}" is not a date (YYYY-MM-DD)`);
    if (i > 0 && d <= out[i - 1]) throw inputError([...path, i], `dates must increase: ${index[i]} comes after ${index[i - 1]}`);
    out[i] = d;
  }
  return out;
}

function numberOrNaN(x: number | null, path: PathItem[]): number {
  if (x === null) return NaN;
  if (typeof x !== "number" || !Number.isFinite(x)) throw inputError(path, `expected a number or null, got ${JSON.stringify(x)}`);
  return x;
}

export function seriesFromJson(j: SeriesJson, path: PathItem[]): Series {
  if (j.index.length !== j.values.length) throw inputError([...path, "values"], `${j.values.length} values for ${j.index.length} dates`);
  const index = parseDates(j.index, [...path, "index"]);
  const values = new Float64Array(j.values.length);
  for (let i = 0; i < values.length; i++) values[i] = numberOrNaN(j.values[i], [...path, "values", i]);
  return series(index, values, j.name);
}

export function panelFromJson(j: PanelJson, path: PathItem[]): Panel {
  const n = j.index.length, m = j.columns.length;
  if (j.values.length !== n) throw inputError([...path, "values"], `${j.values.length} rows for ${n} dates`);
  if (new Set(j.columns).size !== m) throw inputError([...path, "columns"], "column names must be unique");
  const index = parseDates(j.index, [...path, "index"]);
  const values = new Float64Array(n * m);
  for (let t = 0; t < n; t++) {
    const row = j.values[t];
    if (row.length !== m) throw inputError([...path, "values", t], `row ${t} has ${row.length} values, expected ${m} (one per column)`);
    for (let k = 0; k < m; k++) values[t * m + k] = numberOrNaN(row[k], [...path, "values", t, k]);
  }
  return panel(index, j.columns.slice(), values);
}

export function matrixFromJson(j: MatrixJson, path: PathItem[]): Matrix {
  const m = j.columns.length;
  if (j.values.length !== m) throw inputError([...path, "values"], `${j.values.length} rows for ${m} columns: a matrix is square`);
  const values = new Float64Array(m * m);
  for (let r = 0; r < m; r++) {
    const row = j.values[r];
    if (row.length !== m) throw inputError([...path, "values", r], `row ${r} has ${row.length} values, expected ${m}`);
    for (let k = 0; k < m; k++) {
      const x = row[k];
      if (x === null || !Number.isFinite(x)) throw inputError([...path, "values", r, k], "a matrix needs finite numbers");
      values[r * m + k] = x;
    }
  }
  return matrix(j.columns.slice(), values);
}

export function seriesToJson(s: Series): SeriesJson {
  const out: SeriesJson = { index: Array.from(s.index, daysToIso), values: Array.from(s.values, num) };
  if (s.name !== undefined) out.name = s.name;
  return out;
}

export function panelToJson(p: Panel): PanelJson {
  const m = p.columns.length;
  const values: (number | null)[][] = [];
  for (let t = 0; t < p.index.length; t++) values.push(Array.from(p.values.subarray(t * m, (t + 1) * m), num));
  return { index: Array.from(p.index, daysToIso), columns: p.columns.slice(), values };
}

export function matrixToJson(x: Matrix): MatrixJson {
  const m = x.columns.length;
  const values: (number | null)[][] = [];
  for (let r = 0; r < m; r++) values.push(Array.from(x.values.subarray(r * m, (r + 1) * m), num));
  return { columns: x.columns.slice(), values };
}

/** A table as a list of records, dates as ISO strings. */
export function tableToJson(t: Table): Record<string, Json>[] {
  const names = Object.keys(t.columns);
  const rows: Record<string, Json>[] = [];
  for (let i = 0; i < t.rowCount; i++) {
    const row: Record<string, Json> = {};
    for (const n of names) {
      const c = t.columns[n];
      const v = c[i];
      row[n] = typeof v === "string" ? v : t.types[n] === "date" ? (Number.isFinite(v) ? daysToIso(v as number) : null) : num(v as number);
    }
    rows.push(row);
  }
  return rows;
}

/** Any block output as strict JSON: tagged values by their shape, NaN and Infinity as null. */
export function toJson(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return num(v);
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (isSeries(v)) return seriesToJson(v) as unknown as Json;
  if (isPanel(v)) return panelToJson(v) as unknown as Json;
  if (isMatrix(v)) return matrixToJson(v) as unknown as Json;
  if (isTable(v)) return tableToJson(v);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, num);
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === "object") {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  return null;
}
