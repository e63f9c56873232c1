/**
 * Columnar values shared by every block. They are plain objects tagged with
 * `kind` so they survive structured cloning across a Worker boundary, and their
 * buffers are transferable.
 *
 * - Series: one dated column, NaN for missing.
 * - Panel: dates x columns, row-major Float64Array (values[t * columns.length + j]).
 * - Matrix: square, labelled by columns, row-major.
 * - Table: named columns (numbers as Float64Array, dates as Int32Array days, text as string[]).
 */
export interface Series { kind: "series"; index: Int32Array; values: Float64Array; name?: string }
export interface Panel { kind: "panel"; index: Int32Array; columns: string[]; values: Float64Array }
export interface Matrix { kind: "matrix"; columns: string[]; values: Float64Array }
export type TableColumn = Float64Array | Int32Array | string[];
export interface Table {
  kind: "table";
  columns: Record<string, TableColumn>;
  /** Column types, so that an Int32Array can be told apart as dates or integers. */
  types: Record<string, "number" | "date" | "string">;
  rowCount: number;
}
export type Weights = Record<string, number>;
export type Groups = Record<string, string>;

export function series(index: Int32Array, values: Float64Array, name?: string): Series {
  if (index.length !== values.length) throw new Error(`series: ${index.length} dates but ${values.length} values`);
  return name === undefined ? { kind: "series", index, values } : { kind: "series", index, values, name };
}

export function panel(index: Int32Array, columns: string[], values: Float64Array): Panel {
  if (values.length !== index.length * columns.length) {
    throw new Error(`panel: ${index.length} dates x ${columns.length} columns needs ${index.length * columns.length} values, got ${values.length}`);
  }
  return { kind: "panel", index, columns, values };
}

export function matrix(columns: string[], values: Float64Array): Matrix {
  if (values.length !== columns.length * columns.length) throw new Error(`matrix: ${columns.length} columns needs ${columns.length ** 2} values`);
  return { kind: "matrix", columns, values };
}

export function isSeries(v: unknown): v is Series { return isKind(v, "series"); }
export function isPanel(v: unknown): v is Panel { return isKind(v, "panel"); }
export function isMatrix(v: unknown): v is Matrix { return isKind(v, "matrix"); }
export function isTable(v: unknown): v is Table { return isKind(v, "table"); }
function isKind(v: unknown, kind: string): boolean {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === kind;
}

/** Copy column j of a panel into a contiguous Float64Array (or into `out`). */
export function panelColumn(p: Panel, j: number, out = new Float64Array(p.index.length)): Float64Array {
  const m = p.columns.length;
  for (let t = 0; t < p.index.length; t++) out[t] = p.values[t * m + j];
  return out;
}

/** Write a contiguous column back into a row-major panel buffer. */
export function setPanelColumn(values: Float64Array, m: number, j: number, column: Float64Array): void {
  for (let t = 0; t < column.length; t++) values[t * m + j] = column[t];
}

/** Apply a 1-D kernel to every column of a panel: the Panel variant of any Series kernel. */
export function mapColumns(p: Panel, kernel: (column: Float64Array, out: Float64Array) => Float64Array): Panel {
  const n = p.index.length, m = p.columns.length;
  const out = new Float64Array(n * m);
  const col = new Float64Array(n), res = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    panelColumn(p, j, col);
    res.fill(NaN);
    const r = kernel(col, res);
    setPanelColumn(out, m, j, r);
  }
  return panel(p.index, p.columns.slice(), out);
}

/** Apply a cross-sectional kernel to every row (date) of a panel. */
export function mapRows(p: Panel, kernel: (row: Float64Array, out: Float64Array, t: number) => void): Panel {
  const n = p.index.length, m = p.columns.length;
  const out = new Float64Array(n * m).fill(NaN);
  for (let t = 0; t < n; t++) kernel(p.values.subarray(t * m, (t + 1) * m), out.subarray(t * m, (t + 1) * m), t);
  return panel(p.index, p.columns.slice(), out);
}

/** Buffers of a value, for postMessage transfer lists. */
export function transferables(v: unknown, out: Transferable[] = [], seen = new Set<ArrayBufferLike>()): Transferable[] {
  if (ArrayBuffer.isView(v)) {
    const buf = v.buffer;
    if (!seen.has(buf) && buf instanceof ArrayBuffer) { seen.add(buf); out.push(buf); }
  } else if (Array.isArray(v)) {
    for (const x of v) transferables(x, out, seen);
  } else if (typeof v === "object" && v !== null) {
    for (const x of Object.values(v)) transferables(x, out, seen);
  }
  return out;
}
