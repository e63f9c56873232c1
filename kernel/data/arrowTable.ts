/**
 * Arrow <-> columnar Table, shared by every engine.
 *
 * Table columns (blocks/core/values.ts): numbers as Float64Array with NaN for null,
 * dates as Int32Array day numbers since 1970-01-01 (types[name] = "date", a null date is
 * NULL_DAY), text as string[] ("" for null). Arrow integers, floats, decimals and booleans
 * become numbers; Arrow dates and timestamps become day numbers (a timestamp is floored
 * to its UTC day); everything else is shown as text.
 *
 * DuckDB-WASM's Node build loads its own (CommonJS) copy of apache-arrow, so nothing here
 * relies on `instanceof` against arrow classes: values are read through the vector itself.
 */
import * as arrow from "apache-arrow";
import type { Table, TableColumn } from "../../blocks/core/values";
import { NULL_DAY } from "../../blocks/data/tableColumns";

/** The day number that stands for a null date in an Int32Array date column. */
export { NULL_DAY };

const MS_PER_DAY = 86_400_000;

function isValid(data: arrow.Data, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (!data.nullCount || !bitmap || bitmap.length === 0) return true;
  const k = data.offset + i;
  return (bitmap[k >> 3] & (1 << (k & 7))) !== 0;
}

function kindOf(type: arrow.DataType): "number" | "date" | "string" {
  switch (type.typeId) {
    case arrow.Type.Int: case arrow.Type.Float: case arrow.Type.Decimal: case arrow.Type.Bool:
      return "number";
    case arrow.Type.Date: case arrow.Type.Timestamp:
      return "date";
    default:
      return "string";
  }
}

function toNumber(x: unknown): number {
  if (x === null || x === undefined) return NaN;
  if (typeof x === "number") return x;
  if (typeof x === "bigint" || typeof x === "boolean") return Number(x);
  const n = Number(String(x));
  return Number.isFinite(n) ? n : NaN;
}

function numberColumn(vector: arrow.Vector, n: number): Float64Array {
  const out = new Float64Array(n);
  let row = 0;
  for (const data of vector.data) {
    const len = data.length;
    const t = data.type as arrow.DataType;
    if (t.typeId === arrow.Type.Float && data.values instanceof Float64Array) {
      out.set(data.values.subarray(data.offset, data.offset + len), row);
      if (data.nullCount) for (let i = 0; i < len; i++) if (!isValid(data, i)) out[row + i] = NaN;
    } else if (t.typeId === arrow.Type.Int && (data.values instanceof Int32Array || data.values instanceof Int16Array || data.values instanceof Int8Array || data.values instanceof Uint8Array || data.values instanceof Uint16Array || data.values instanceof Uint32Array || data.values instanceof Float32Array)) {
      const v = data.values;
      for (let i = 0; i < len; i++) out[row + i] = isValid(data, i) ? v[data.offset + i] : NaN;
    } else {
      for (let i = 0; i < len; i++) out[row + i] = isValid(data, i) ? toNumber(vector.get(row + i)) : NaN;
    }
    row += len;
  }
  return out;
}

function dateColumn(vector: arrow.Vector, n: number): Int32Array {
  const out = new Int32Array(n);
  let row = 0;
  for (const data of vector.data) {
    const len = data.length;
    const t = data.type as arrow.DataType;
    if (t.typeId === arrow.Type.Date && (t as arrow.Date_).unit === arrow.DateUnit.DAY && data.values instanceof Int32Array) {
      out.set(data.values.subarray(data.offset, data.offset + len), row);
      if (data.nullCount) for (let i = 0; i < len; i++) if (!isValid(data, i)) out[row + i] = NULL_DAY;
    } else {
      // DateMillisecond and timestamps: arrow returns epoch milliseconds.
      for (let i = 0; i < len; i++) {
        const ms = isValid(data, i) ? toNumber(vector.get(row + i)) : NaN;
        out[row + i] = Number.isFinite(ms) ? Math.floor(ms / MS_PER_DAY) : NULL_DAY;
      }
    }
    row += len;
  }
  return out;
}

function stringColumn(vector: arrow.Vector, n: number): string[] {
  const out = new Array<string>(n);
  let row = 0;
  for (const data of vector.data) {
    for (let i = 0; i < data.length; i++) {
      const x = isValid(data, i) ? vector.get(row + i) : null;
      out[row + i] = x === null || x === undefined ? "" : typeof x === "string" ? x : typeof x === "object" ? JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? Number(v) : v)) : String(x);
    }
    row += data.length;
  }
  return out;
}

/** An Arrow table as a columnar Table (see the module comment for the mapping). */
export function arrowToTable(t: arrow.Table): Table {
  const columns: Record<string, TableColumn> = {};
  const types: Table["types"] = {};
  const n = t.numRows;
  t.schema.fields.forEach((field, j) => {
    const vector = t.getChildAt(j);
    const kind = kindOf(field.type);
    types[field.name] = kind;
    if (!vector) { columns[field.name] = kind === "string" ? new Array<string>(n).fill("") : kind === "date" ? new Int32Array(n).fill(NULL_DAY) : new Float64Array(n).fill(NaN); return; }
    columns[field.name] = kind === "number" ? numberColumn(vector, n) : kind === "date" ? dateColumn(vector, n) : stringColumn(vector, n);
  });
  return { kind: "table", columns, types, rowCount: n };
}

/** Arrow IPC stream (or file) bytes as a columnar Table. */
export function ipcToTable(ipc: Uint8Array): Table {
  return arrowToTable(arrow.tableFromIPC(ipc));
}

function nullBitmap(n: number, isNull: (i: number) => boolean): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (isNull(i)) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return { bitmap, nullCount };
}

/** A columnar Table as an Arrow table: NaN numbers and NULL_DAY dates become nulls. */
export function tableToArrow(table: Table): arrow.Table {
  const vectors: Record<string, arrow.Vector> = {};
  for (const [name, col] of Object.entries(table.columns)) {
    const kind = table.types[name] ?? (col instanceof Float64Array ? "number" : col instanceof Int32Array ? "date" : "string");
    if (kind === "string" || Array.isArray(col)) {
      vectors[name] = utf8Vector(Array.isArray(col) ? col : Array.from(col, String));
    } else if (kind === "date") {
      const days = col instanceof Int32Array ? col : Int32Array.from(col as Float64Array, (x) => (Number.isFinite(x) ? x : NULL_DAY));
      const { bitmap, nullCount } = nullBitmap(days.length, (i) => days[i] === NULL_DAY);
      vectors[name] = arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: days.length, nullCount, nullBitmap: nullCount ? bitmap : undefined, data: days }));
    } else {
      const x = col instanceof Float64Array ? col : Float64Array.from(col);
      const { bitmap, nullCount } = nullBitmap(x.length, (i) => Number.isNaN(x[i]));
      vectors[name] = arrow.makeVector(arrow.makeData({ type: new arrow.Float64(), length: x.length, nullCount, nullBitmap: nullCount ? bitmap : undefined, data: x }));
    }
  }
  return new arrow.Table(vectors);
}

/** A columnar Table as Arrow IPC stream bytes. */
export function tableToIpc(table: Table): Uint8Array {
  return arrow.tableToIPC(tableToArrow(table), "stream");
}

/** Arrow IPC stream bytes of an Arrow table. */
export function arrowToIpc(t: arrow.Table): Uint8Array {
  return arrow.tableToIPC(t, "stream");
}

/**
 * A Utf8 vector built from its buffers. Arrow's builders (vectorFromArray) compile
 * code with `new Function`, which the kernel worker removes before cells run.
 */
export function utf8Vector(strings: string[]): arrow.Vector<arrow.Utf8> {
  const encoder = new TextEncoder();
  const parts = strings.map((s) => encoder.encode(s));
  const offsets = new Int32Array(strings.length + 1);
  for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i] + parts[i].length;
  const data = new Uint8Array(offsets[strings.length]);
  parts.forEach((b, i) => data.set(b, offsets[i]));
  return arrow.makeVector(arrow.makeData({ type: new arrow.Utf8(), length: strings.length, valueOffsets: offsets, data }));
}
