/**
 * Typed ports: what a block takes as input. A port has a kind (used by the graph
 * view to refuse wrong connections), a zod schema of its strict-JSON shape (the
 * catalog's JSON Schema is generated from it), and a converter from JSON or from
 * an in-memory value to the value the compute function receives.
 */
import { z } from "zod";
import { inputError, type PathItem } from "./errors";
import { matrixFromJson, panelFromJson, seriesFromJson, type MatrixJson, type PanelJson, type SeriesJson } from "./json";
import { isMatrix, isPanel, isSeries, isTable, type Groups, type Matrix, type Panel, type Series, type Table, type Weights } from "./values";

export type PortKind = "series" | "panel" | "matrix" | "weights" | "groups" | "number" | "table" | "panels" | "json";

export interface Port<T = unknown> {
  kind: PortKind;
  description: string;
  optional: boolean;
  /** Schema of the strict-JSON shape, for the catalog and for CLI validation. */
  json: z.ZodType;
  /** From a value that already passed `json` (CLI) or any in-memory value (kernel). */
  accept(value: unknown, path: PathItem[]): T;
}

const nullableNumber = z.number().nullable();
const dateString = z.string().describe("ISO date YYYY-MM-DD");
export const seriesJsonSchema = z.object({ index: z.array(dateString), values: z.array(nullableNumber), name: z.string().optional() });
export const panelJsonSchema = z.object({ index: z.array(dateString), columns: z.array(z.string()), values: z.array(z.array(nullableNumber)) });
export const matrixJsonSchema = z.object({ columns: z.array(z.string()), values: z.array(z.array(z.number())) });
export const weightsJsonSchema = z.record(z.string(), z.number());
export const groupsJsonSchema = z.record(z.string(), z.string());

function parseWith<T>(schema: z.ZodType, value: unknown, path: PathItem[]): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw inputError([...path, ...(first.path as PathItem[])], first.message);
  }
  return r.data as T;
}

function make<T>(kind: PortKind, description: string, json: z.ZodType, accept: (v: unknown, path: PathItem[]) => T): Port<T> {
  return { kind, description, optional: false, json, accept };
}

export const port = {
  series(description = "a dated series"): Port<Series> {
    return make("series", description, seriesJsonSchema, (v, path) =>
      isSeries(v) ? v : seriesFromJson(parseWith<SeriesJson>(seriesJsonSchema, v, path), path));
  },
  panel(description = "a panel of dates x assets"): Port<Panel> {
    return make("panel", description, panelJsonSchema, (v, path) =>
      isPanel(v) ? v : panelFromJson(parseWith<PanelJson>(panelJsonSchema, v, path), path));
  },
  matrix(description = "a square matrix labelled by assets"): Port<Matrix> {
    return make("matrix", description, matrixJsonSchema, (v, path) =>
      isMatrix(v) ? v : matrixFromJson(parseWith<MatrixJson>(matrixJsonSchema, v, path), path));
  },
  weights(description = "weights by asset"): Port<Weights> {
    return make("weights", description, weightsJsonSchema, (v, path) => {
      const w = parseWith<Weights>(weightsJsonSchema, v, path);
      for (const [k, x] of Object.entries(w)) if (!Number.isFinite(x)) throw inputError([...path, k], "weights must be finite numbers");
      return w;
    });
  },
  groups(description = "group (sector) by asset"): Port<Groups> {
    return make("groups", description, groupsJsonSchema, (v, path) => parseWith<Groups>(groupsJsonSchema, v, path));
  },
  number(description = "a finite number"): Port<number> {
    const schema = z.number();
    return make("number", description, schema, (v, path) => {
      const x = parseWith<number>(schema, v, path);
      if (!Number.isFinite(x)) throw inputError(path, "expected a finite number");
      return x;
    });
  },
  /** A map of named panels, e.g. factor.combine's `factors`. */
  panels(description = "named panels"): Port<Record<string, Panel>> {
    const schema = z.record(z.string(), panelJsonSchema);
    return make("panels", description, schema, (v, path) => {
      if (typeof v !== "object" || v === null || Array.isArray(v)) throw inputError(path, "expected an object of named panels");
      const out: Record<string, Panel> = {};
      for (const [k, x] of Object.entries(v)) out[k] = port.panel().accept(x, [...path, k]);
      return out;
    });
  },
  /** Query results and other row data. JSON form: a list of records. */
  table(description = "a table of rows"): Port<Table> {
    const schema = z.array(z.record(z.string(), z.union([z.number(), z.string(), z.null(), z.boolean()])));
    return make("table", description, schema, (v, path) => {
      if (isTable(v)) return v;
      return tableFromRecords(parseWith<Record<string, number | string | null | boolean>[]>(schema, v, path), path);
    });
  },
  /** Any structured input described by its own zod schema (views, scenarios, orders...). */
  json<S extends z.ZodType>(schema: S, description = "structured input"): Port<z.output<S>> {
    return make("json", description, schema, (v, path) => parseWith<z.output<S>>(schema, v, path));
  },
  optional<T>(p: Port<T>): Port<T | undefined> {
    return { ...p, optional: true, accept: (v, path) => (v === undefined || v === null ? undefined : p.accept(v, path)) };
  },
};

/** Records to a columnar table: a column is numeric when every non-null value is a number. */
export function tableFromRecords(rows: Record<string, number | string | null | boolean>[], _path: PathItem[] = []): Table {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); names.push(k); }
  const columns: Table["columns"] = {};
  const types: Table["types"] = {};
  for (const n of names) {
    const numeric = rows.every((r) => r[n] === null || r[n] === undefined || typeof r[n] === "number");
    if (numeric) {
      const c = new Float64Array(rows.length);
      rows.forEach((r, i) => { const x = r[n]; c[i] = typeof x === "number" ? x : NaN; });
      columns[n] = c; types[n] = "number";
    } else {
      columns[n] = rows.map((r) => (r[n] === null || r[n] === undefined ? "" : String(r[n])));
      types[n] = "string";
    }
  }
  return { kind: "table", columns, types, rowCount: rows.length };
}

export type PortValues<I extends Record<string, Port>> = { [K in keyof I]: I[K] extends Port<infer T> ? T : never };
