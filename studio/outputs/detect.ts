/**
 * Which chart or view shows a value: one function, by the value's shape and the
 * name it has (cell name or block output name). Kept apart from React so that it
 * is unit-tested on its own.
 */
import { isMatrix, isPanel, isSeries, isTable, type Matrix, type Panel, type Series, type Table } from "../../blocks/core/values";

export interface FrontierPoint { volatility: number; return: number; [k: string]: unknown }
export interface PayoffPoint { spot: number; payoff: number }
export interface StressScenario { name: string; pnl: number }

export type Detected =
  | { type: "empty" }
  | { type: "markdown"; text: string }
  | { type: "text"; text: string }
  | { type: "number"; value: number | null; label: string }
  | { type: "equity"; series: Series }
  | { type: "returns"; series: Series }
  | { type: "series"; series: Series }
  | { type: "panel-lines"; panel: Panel }
  | { type: "panel-heatmap"; panel: Panel }
  | { type: "matrix"; matrix: Matrix }
  | { type: "frontier"; points: FrontierPoint[] }
  | { type: "payoff"; points: PayoffPoint[] }
  | { type: "weights"; weights: Record<string, number>; label: string }
  | { type: "stress"; scenarios: StressScenario[] }
  | { type: "monthly"; table: Table }
  | { type: "ohlc"; table: Table }
  | { type: "table"; table: Table }
  | { type: "list"; items: string[] }
  | { type: "records"; rows: Record<string, unknown>[] }
  | { type: "kpis"; values: Record<string, number | null> }
  | { type: "backtest"; record: BacktestRecord }
  | { type: "record"; entries: [string, unknown][] }
  | { type: "json"; value: unknown };

export interface BacktestRecord {
  equity: Series;
  returns?: Series;
  turnover?: Series;
  trades?: Table;
  holdings?: Panel;
  exposures?: Panel;
  kpis?: Record<string, number | null>;
  [k: string]: unknown;
}

export interface DetectContext {
  /** The cell's name, or the output's key inside a block's record. */
  name?: string;
  cellKind?: "markdown" | "sql" | "block" | "code";
  /** The declared kind of a block output, when known. */
  outputKind?: string;
  /** The block output's description (units), shown under a chart's title. */
  description?: string;
  /** Descriptions of a block's outputs by name, for records of several outputs. */
  descriptions?: Record<string, string>;
}

/** Panels with at most this many columns are drawn as lines; wider ones as a heatmap. */
export const MAX_LINES = 20;
const WEIGHT_NAMES = /^(weights?|risk_contributions|contributions|target|targets|allocation|market_weights|holdings_now)$/i;
const SPOT_KEYS = ["spot", "underlying", "price", "S", "x"];
const PAYOFF_KEYS = ["payoff", "pnl", "profit", "value", "y"];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function isNumberOrNull(v: unknown): v is number | null {
  return v === null || typeof v === "number";
}

/** A flat object whose values are all numbers (or null for undefined ratios). */
export function isFlatNumbers(v: unknown): v is Record<string, number | null> {
  if (!isPlainObject(v)) return false;
  const vals = Object.values(v);
  return vals.length > 0 && vals.every(isNumberOrNull) && vals.some((x) => typeof x === "number");
}

function hasColumns(t: Table, names: string[]): boolean {
  const lower = new Set(Object.keys(t.columns).map((c) => c.toLowerCase()));
  return names.every((n) => lower.has(n));
}

export function isOhlc(t: Table): boolean {
  return hasColumns(t, ["date", "open", "high", "low", "close"]);
}

export function isMonthlyTable(t: Table): boolean {
  return "year" in t.columns && "Jan" in t.columns && "Dec" in t.columns;
}

export function frontierPoints(v: unknown): FrontierPoint[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  if (!v.every((p) => isPlainObject(p) && typeof p.volatility === "number" && typeof p.return === "number")) return null;
  return v as FrontierPoint[];
}

export function payoffPoints(v: unknown): PayoffPoint[] | null {
  if (!Array.isArray(v) || v.length < 2 || !v.every(isPlainObject)) return null;
  const first = v[0] as Record<string, unknown>;
  const sk = SPOT_KEYS.find((k) => typeof first[k] === "number");
  const pk = PAYOFF_KEYS.find((k) => typeof first[k] === "number");
  if (!sk || !pk) return null;
  if (!v.every((p) => typeof (p as Record<string, unknown>)[sk] === "number" && isNumberOrNull((p as Record<string, unknown>)[pk]))) return null;
  return v.map((p) => ({ spot: (p as Record<string, number>)[sk], payoff: (p as Record<string, number>)[pk] ?? NaN }));
}

export function stressScenarios(v: unknown): StressScenario[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  if (!v.every((s) => isPlainObject(s) && typeof s.name === "string" && typeof s.pnl === "number")) return null;
  return v as StressScenario[];
}

export function isBacktest(v: unknown): v is BacktestRecord {
  return isPlainObject(v) && isSeries(v.equity) && (isTable(v.trades) || isPanel(v.holdings));
}

/** Decide how to show `value`. */
export function detectOutput(value: unknown, ctx: DetectContext = {}): Detected {
  const name = ctx.name ?? "";
  if (value === undefined || value === null) return { type: "empty" };
  if (typeof value === "string") return ctx.cellKind === "markdown" ? { type: "markdown", text: value } : { type: "text", text: value };
  if (typeof value === "number") return { type: "number", value: Number.isFinite(value) ? value : null, label: name };
  if (typeof value === "boolean" || typeof value === "bigint") return { type: "text", text: String(value) };
  if (isSeries(value)) {
    const label = (value.name ?? name).toLowerCase();
    if (label === "equity" || /(^|_)equity$/.test(name.toLowerCase())) return { type: "equity", series: value };
    if (label === "returns" || name.toLowerCase() === "returns") return { type: "returns", series: value };
    return { type: "series", series: value };
  }
  if (isPanel(value)) return value.columns.length <= MAX_LINES ? { type: "panel-lines", panel: value } : { type: "panel-heatmap", panel: value };
  if (isMatrix(value)) return { type: "matrix", matrix: value };
  if (isTable(value)) {
    if (isOhlc(value)) return { type: "ohlc", table: value };
    if (isMonthlyTable(value)) return { type: "monthly", table: value };
    return { type: "table", table: value };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { type: "empty" };
    if (value.every((x) => typeof x === "string")) return { type: "list", items: value };
    const fp = frontierPoints(value);
    if (fp) return { type: "frontier", points: fp };
    const st = stressScenarios(value);
    if (st) return { type: "stress", scenarios: st };
    const pp = payoffPoints(value);
    if (pp) return { type: "payoff", points: pp };
    if (value.every(isPlainObject)) return { type: "records", rows: value as Record<string, unknown>[] };
    return { type: "json", value };
  }
  if (isPlainObject(value)) {
    if (isBacktest(value)) return { type: "backtest", record: value };
    const keys = Object.keys(value);
    if (keys.length === 0) return { type: "empty" };
    // Shapes that carry their chart in a field.
    const fp = frontierPoints(value.points) ?? frontierPoints(value.frontier);
    if (fp && keys.every((k) => k === "points" || k === "frontier" || !Array.isArray(value[k]))) return { type: "frontier", points: fp };
    const pp = payoffPoints(value.points) ?? payoffPoints(value.payoff);
    if (pp && keys.length <= 3) return { type: "payoff", points: pp };
    const st = stressScenarios(value.scenarios);
    if (st && keys.length === 1) return { type: "stress", scenarios: st };
    if (isFlatNumbers(value)) {
      if (ctx.outputKind === "weights" || ctx.outputKind === "groups" || WEIGHT_NAMES.test(name)) return { type: "weights", weights: value as Record<string, number>, label: name || "weights" };
      return { type: "kpis", values: value };
    }
    // A block's single output (e.g. {values: Series}) is shown as that output.
    if (keys.length === 1) return detectOutput(value[keys[0]], { name: keys[0] });
    return { type: "record", entries: Object.entries(value) };
  }
  return { type: "json", value };
}

/** A short text describing a value (graph previews, tooltips). */
export function describeValue(v: unknown): string {
  if (v === undefined) return "no value";
  if (v === null) return "null";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string") return v.length > 40 ? v.slice(0, 39) + "…" : v;
  if (isSeries(v)) return `series · ${v.values.length} rows`;
  if (isPanel(v)) return `panel · ${v.index.length} × ${v.columns.length}`;
  if (isMatrix(v)) return `matrix · ${v.columns.length} × ${v.columns.length}`;
  if (isTable(v)) return `table · ${v.rowCount} rows × ${Object.keys(v.columns).length} cols`;
  if (Array.isArray(v)) return `list · ${v.length}`;
  if (typeof v === "object") return `{ ${Object.keys(v as object).slice(0, 4).join(", ")}${Object.keys(v as object).length > 4 ? ", …" : ""} }`;
  return String(v);
}

/** Numbers for people: up to 4 significant decimals, thousands grouped, NaN as "—". */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e12)) return x.toExponential(3);
  if (Number.isInteger(x)) return x.toLocaleString("en-US");
  const digits = a >= 1000 ? 2 : a >= 1 ? 4 : 5;
  return x.toLocaleString("en-US", { maximumFractionDigits: digits });
}
