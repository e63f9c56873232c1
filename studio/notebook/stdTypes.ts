/**
 * TypeScript declarations for code cells: the `std` library (kernel/runtime/std.ts),
 * the value types, and one `declare const` per cell with the kind of value it
 * holds, so that Monaco completes `std.block("ta.rsi", ...)` and `px.columns`.
 */
import type { Cell } from "../../kernel/document/schema";
import type { OutputSpec } from "../../blocks/core/block";
import { allBlocks } from "../../blocks/catalog";

const VALUE_TYPES = `
/** One dated column; dates are days since 1970-01-01 (UTC); NaN is missing. */
interface Series { kind: "series"; index: Int32Array; values: Float64Array; name?: string }
/** Dates x columns, row-major: values[t * columns.length + j]. */
interface Panel { kind: "panel"; index: Int32Array; columns: string[]; values: Float64Array }
/** Square, labelled by columns, row-major. */
interface Matrix { kind: "matrix"; columns: string[]; values: Float64Array }
/** Named columns: numbers as Float64Array, dates as Int32Array of days, text as string[]. */
interface Table { kind: "table"; columns: Record<string, Float64Array | Int32Array | string[]>; types: Record<string, "number" | "date" | "string">; rowCount: number }
type Weights = Record<string, number>;
type Groups = Record<string, string>;
`;

export function outputTsType(kind: OutputSpec["kind"] | "unknown"): string {
  switch (kind) {
    case "series": return "Series";
    case "panel": return "Panel";
    case "matrix": return "Matrix";
    case "table": return "Table";
    case "weights": return "Weights";
    case "groups": return "Groups";
    case "number": return "number";
    case "panels": return "Record<string, Panel>";
    case "text": return "string";
    case "list": return "any[]";
    default: return "any";
  }
}

/** A block's outputs as a TypeScript type, made once per block (the catalog does not change). */
function blockOutputsType(id: string): string {
  let t = outputTypes.get(id);
  if (t === undefined) {
    const b = allBlocks.find((x) => x.id === id);
    const fields = b ? Object.entries(b.outputs).map(([k, o]) => `  /** ${o.description.replace(/\*\//g, "* /")} */\n  ${JSON.stringify(k)}: ${outputTsType(o.kind)};`) : null;
    t = fields ? `{\n${fields.join("\n")}\n}` : "Record<string, any>";
    outputTypes.set(id, t);
  }
  return t;
}

const outputTypes = new Map<string, string>();

/** A TypeScript type for a value seen at run time (shallow). */
export function typeOfValue(v: unknown, depth = 0): string {
  if (v === null) return "null";
  if (v === undefined) return "any";
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "boolean";
  if (Array.isArray(v)) return v.length && depth < 2 ? `${typeOfValue(v[0], depth + 1)}[]` : "any[]";
  if (ArrayBuffer.isView(v)) return (v as object).constructor.name;
  if (typeof v === "object") {
    const k = (v as { kind?: string }).kind;
    if (k === "series") return "Series";
    if (k === "panel") return "Panel";
    if (k === "matrix") return "Matrix";
    if (k === "table") return "Table";
    if (depth >= 2) return "any";
    const entries = Object.entries(v as Record<string, unknown>).slice(0, 40);
    return `{ ${entries.map(([key, x]) => `${JSON.stringify(key)}: ${typeOfValue(x, depth + 1)}`).join("; ")} }`;
  }
  return "any";
}

/** The `std` library's declarations, with one `block` overload per catalog block. */
export function stdDeclarations(): string {
  const overloads = allBlocks.map((b) =>
    `  /** ${b.title}: ${b.description.replace(/\*\//g, "* /")} */\n  block(id: ${JSON.stringify(b.id)}, params?: Record<string, unknown>, inputs?: Record<string, unknown>): ${blockOutputsType(b.id)};`);
  return `${VALUE_TYPES}
interface Std {
${overloads.join("\n")}
  /** Run any catalog block: std.block("ta.sma", {period: 20}, {series: px}). */
  block(id: string, params?: Record<string, unknown>, inputs?: Record<string, unknown>): Record<string, any>;
  /** Block ids in the catalog. */
  blocks(): string[];
  /** SQL over the notebook's datasets and SQL cells. */
  sql(query: string): Promise<Table>;
  series(index: Int32Array, values: Float64Array, name?: string): Series;
  panel(index: Int32Array, columns: string[], values: Float64Array): Panel;
  matrix(columns: string[], values: Float64Array): Matrix;
  /** Column \`symbol\` of a panel as a Series. */
  column(p: Panel, symbol: string): Series;
  /** "2020-01-02" -> day number. */
  date(iso: string): number;
  /** day number -> "2020-01-02". */
  iso(days: number): string;
  /** Strict JSON of any value (NaN -> null). */
  json(v: unknown): unknown;
  /** A long (date, symbol, value) or wide (date + one column per symbol) table as a Panel. */
  toPanel(t: Table): Panel;
  /** A (date, value) table or a one-column panel as a Series. */
  toSeries(t: Table | Panel): Series;
  /** The library's typed functions: std.lib.ta.rsi(closes, 14), std.lib.factors.momentum(prices, 252, 21), ... */
  lib: typeof import("@studio/blocks/library").library;
}
/** The studio's standard library. */
declare const std: Std;
`;
}

/** One declaration per cell (and dataset), typed from its kind or its last value. */
export function cellDeclarations(cells: Cell[], values: Record<string, unknown>, datasets: string[] = []): string {
  const lines: string[] = [];
  for (const c of cells) {
    let t: string;
    if (c.kind === "sql") t = "Table";
    else if (c.kind === "markdown") t = "string";
    else if (c.kind === "block") t = blockOutputsType(c.block);
    else t = c.id in values ? typeOfValue(values[c.id]) : "any";
    lines.push(`/** Cell ${c.name} (${c.kind}${c.kind === "block" ? ` ${c.block}` : ""}). */\ndeclare const ${c.name}: ${t};`);
  }
  for (const d of datasets) if (!cells.some((c) => c.name === d)) lines.push(`/** Dataset ${d}. */\ndeclare const ${d}: Table;`);
  return lines.join("\n");
}
