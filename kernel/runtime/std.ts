/**
 * The standard library that code cells see as `std`: every block as a typed call,
 * value constructors, date helpers and SQL over the notebook's data.
 */
import { runBlock } from "../../blocks/core/block";
import { daysToIso, isoToDays } from "../../blocks/core/dates";
import { toJson } from "../../blocks/core/json";
import { isTable, matrix, panel, panelColumn, series, type Panel, type Series, type Table } from "../../blocks/core/values";
import { tableToPanel } from "./coerce";
import type { Library } from "../../blocks/library";
import type { Blocks } from "./blocks";

export interface StdLib {
  /** The library's typed functions: `std.lib.ta.rsi(closes, 14)`, `std.lib.metrics.sharpeRatio(r)`, ... */
  lib: Library;
  /** Run any catalog block: `std.block("ta.sma", {period: 20}, {series: px})`. */
  block(id: string, params?: Record<string, unknown>, inputs?: Record<string, unknown>): Record<string, unknown>;
  /** Block ids in the catalog. */
  blocks(): string[];
  /** Run SQL over the notebook's datasets and SQL cells. */
  sql(query: string): Promise<Table>;
  series: typeof series;
  panel: typeof panel;
  matrix: typeof matrix;
  /** Column `symbol` of a panel as a Series. */
  column(p: Panel, symbol: string): Series;
  /** "2020-01-02" -> day number, and back. */
  date(iso: string): number;
  iso(days: number): string;
  /** Strict JSON of any value (NaN -> null). */
  json(v: unknown): unknown;
  /** A table (long: date, symbol, value; or wide: date + one column per symbol) as a Panel. */
  toPanel(t: Table): Panel;
  /** A (date, value) table or a one-column panel as a Series. */
  toSeries(t: Table | Panel): Series;
}

/** `blocks`: the catalog and the library, loaded (runtime/blocks.ts). */
export function createStd(sql: (query: string) => Promise<Table>, { getBlock, allBlocks, library }: Blocks): StdLib {
  return {
    lib: library,
    block: (id, params = {}, inputs = {}) => runBlock(getBlock(id), params, inputs),
    blocks: () => allBlocks.map((b) => b.id),
    sql,
    series,
    panel,
    matrix,
    column(p, symbol) {
      const j = p.columns.indexOf(symbol);
      if (j < 0) throw new Error(`column "${symbol}" is not in the panel (columns: ${p.columns.slice(0, 10).join(", ")}${p.columns.length > 10 ? ", ..." : ""})`);
      return series(p.index, panelColumn(p, j), symbol);
    },
    date(iso) {
      const d = isoToDays(iso);
      if (Number.isNaN(d)) throw new Error(`"${iso}" is not a date (YYYY-MM-DD)`);
      return d;
    },
    iso: daysToIso,
    json: toJson,
    toPanel: (t) => tableToPanel(t),
    toSeries(t) {
      const p = isTable(t) ? tableToPanel(t) : t;
      if (p.columns.length !== 1) throw new Error(`toSeries needs one value column; this has ${p.columns.length} (${p.columns.slice(0, 5).join(", ")}). Use std.column(panel, symbol).`);
      return series(p.index, panelColumn(p, 0), p.columns[0]);
    },
  };
}
