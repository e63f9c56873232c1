/**
 * Adapting a cell's value to a block's input port, so that cells connect the way
 * a user expects: a SQL result in long form (date, symbol, value) or wide form
 * (date + one column per symbol) feeds a Panel port; a one-column panel or a
 * (date, value) table feeds a Series port; a block cell with one output of the
 * right kind feeds by itself.
 */
import type { Port } from "../../blocks/core/ports";
import { isPanel, isSeries, isTable, panel, panelColumn, series, type Panel, type Table } from "../../blocks/core/values";
import { pivotLong, widePanel } from "../../blocks/data/pivot";

const TAGGED = new Set(["series", "panel", "matrix", "table"]);

function isOutputRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !TAGGED.has((v as { kind?: string }).kind ?? "");
}

export function coerceToPort(value: unknown, p: Port, portName: string): unknown {
  let v = value;
  if (isOutputRecord(v) && (p.kind === "series" || p.kind === "panel" || p.kind === "matrix" || p.kind === "table")) {
    const rec = v;
    const entries = Object.entries(rec).filter(([, x]) => (x as { kind?: string })?.kind === p.kind);
    const own = rec[portName];
    if ((own as { kind?: string })?.kind === p.kind) v = own;
    else if (entries.length === 1) v = entries[0][1];
  }
  if (p.kind === "panel" && isTable(v)) return tableToPanel(v);
  if (p.kind === "series") {
    if (isTable(v)) v = tableToPanel(v);
    if (isPanel(v) && v.columns.length === 1) return series(v.index, panelColumn(v, 0), v.columns[0]);
  }
  if (p.kind === "panel" && isSeries(v)) return panel(v.index, [v.name ?? "value"], v.values);
  return v;
}

/** A table with a date column as a Panel: long (date, symbol, one number) or wide (date + numbers). */
export function tableToPanel(t: Table): Panel {
  const names = Object.keys(t.columns);
  const date = names.find((n) => t.types[n] === "date");
  if (!date) throw new Error(`a table needs a DATE column to become a panel (columns: ${names.join(", ")})`);
  const text = names.filter((n) => t.types[n] === "string");
  const numeric = names.filter((n) => t.types[n] === "number");
  if (text.length === 1) {
    const preferred = ["close", "adjclose", "value", "price", "score", "weight", "return"];
    const value = numeric.length === 1 ? numeric[0] : preferred.find((n) => numeric.includes(n));
    if (!value) throw new Error(`a long table (${date}, ${text[0]}, ...) needs one numeric column to pivot; it has ${numeric.join(", ") || "none"}. Select one in SQL.`);
    return pivotLong(t, { date, symbol: text[0], value });
  }
  // Wide: every other column is a symbol; only numeric columns make sense.
  const wide: Table = { ...t, columns: Object.fromEntries([date, ...numeric].map((n) => [n, t.columns[n]])) };
  return widePanel(wide, date);
}
