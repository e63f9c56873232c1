/**
 * Which chart or view shows a value: one function, by the value's shape and the
 * name it has (cell name or block output name). Kept apart from React so that it
 * is unit-tested on its own.
 */
import { isMatrix, isPanel, isSeries, isTable, type Matrix, type Panel, type Series, type Table } from "../../blocks/core/values";
import { agentReportOf, approvalRecordOf, type AgentReport, type ApprovalRecord } from "./agents";

export interface FrontierPoint { volatility: number; return: number; [k: string]: unknown }
/** A named portfolio drawn on the frontier chart. */
export interface FrontierMarker { name: string; volatility: number; return: number }
/** Payoff (or P&L) at expiry against the underlying; `before` is the value before expiry when given. */
export interface PayoffPoint { spot: number; payoff: number; before?: number }
export interface StressScenario { name: string; pnl: number }
/** Mean forward return of one score quantile at one horizon (a factor report's quantile_returns). */
export interface QuantileRow { horizon: string; quantile: number; mean: number; std_error?: number }

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
  | { type: "frontier"; points: FrontierPoint[]; markers?: FrontierMarker[] }
  | { type: "payoff"; points: PayoffPoint[]; yLabel?: string; breakevens?: number[] }
  | { type: "weights"; weights: Record<string, number>; label: string; percent?: boolean }
  | { type: "portfolio"; weights: Record<string, number>; risk: Record<string, number> | null; kpis: Record<string, number | null>; rest: [string, unknown][] }
  | { type: "bars"; values: Record<string, number>; label: string }
  | { type: "keyed"; rows: [string, Record<string, unknown>][] }
  | { type: "numbers"; values: (number | null)[] }
  | { type: "quantiles"; rows: QuantileRow[] }
  | { type: "roc"; rows: Record<string, unknown>[] }
  | { type: "calibration"; rows: Record<string, unknown>[] }
  | { type: "importance"; rows: Record<string, unknown>[] }
  | { type: "grid"; rows: (number | null)[][] }
  | { type: "stress"; scenarios: StressScenario[] }
  | { type: "monthly"; table: Table }
  | { type: "ohlc"; table: Table }
  | { type: "table"; table: Table }
  | { type: "list"; items: string[] }
  | { type: "records"; rows: Record<string, unknown>[] }
  | { type: "kpis"; values: Record<string, number | null> }
  | { type: "backtest"; record: BacktestRecord }
  | { type: "record"; entries: [string, unknown][] }
  | { type: "ml-validation"; record: Record<string, unknown> }
  | { type: "agent-report"; report: AgentReport }
  | { type: "approval"; record: ApprovalRecord }
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
const PAYOFF_KEYS = ["pnl_expiry", "pnl", "profit", "payoff", "value", "y"];
const BEFORE_KEYS = ["pnl_before", "value_before", "before"];
/** Flat numbers with more entries than this are bars rather than cards. */
const MAX_CARDS = 12;

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

/** The y key payoffPoints reads from the first point (P&L at expiry before a bare payoff). */
export function payoffKey(v: unknown): string | null {
  if (!Array.isArray(v) || !isPlainObject(v[0])) return null;
  const first = v[0] as Record<string, unknown>;
  return PAYOFF_KEYS.find((k) => typeof first[k] === "number") ?? null;
}

export function payoffPoints(v: unknown): PayoffPoint[] | null {
  if (!Array.isArray(v) || v.length < 2 || !v.every(isPlainObject)) return null;
  const first = v[0] as Record<string, unknown>;
  const sk = SPOT_KEYS.find((k) => typeof first[k] === "number");
  const pk = payoffKey(v);
  if (!sk || !pk) return null;
  if (!v.every((p) => typeof (p as Record<string, unknown>)[sk] === "number" && isNumberOrNull((p as Record<string, unknown>)[pk]))) return null;
  const bk = BEFORE_KEYS.find((k) => typeof first[k] === "number");
  return v.map((p) => {
    const r = p as Record<string, number>;
    return bk ? { spot: r[sk], payoff: r[pk] ?? NaN, before: r[bk] ?? NaN } : { spot: r[sk], payoff: r[pk] ?? NaN };
  });
}

function isFinitePoint(v: unknown): v is { volatility: number; return: number } {
  return isPlainObject(v) && typeof v.volatility === "number" && typeof v.return === "number";
}

/** Portfolios to mark on a frontier: a `portfolios` list of {name, volatility, return} and named points (min_variance, max_sharpe...). */
export function frontierMarkers(rec: Record<string, unknown>): { markers: FrontierMarker[]; used: string[] } {
  const markers: FrontierMarker[] = [];
  const used: string[] = [];
  if (Array.isArray(rec.portfolios) && rec.portfolios.every((p) => isFinitePoint(p) && typeof (p as { name?: unknown }).name === "string")) {
    for (const p of rec.portfolios as FrontierMarker[]) markers.push({ name: p.name, volatility: p.volatility, return: p.return });
    used.push("portfolios");
  }
  for (const [k, v] of Object.entries(rec)) {
    if (k === "points" || k === "frontier" || k === "portfolios" || !isFinitePoint(v)) continue;
    if (!markers.some((m) => m.name === k)) markers.push({ name: k, volatility: v.volatility, return: v.return });
    used.push(k);
  }
  return { markers, used };
}

/** Weights read as fractions (percent axis) when they look like fractions of a book, not amounts. */
export function weightsArePercent(w: Record<string, number | null>): boolean {
  let gross = 0;
  for (const x of Object.values(w)) { if (typeof x !== "number" || !Number.isFinite(x)) continue; if (Math.abs(x) > 2) return false; gross += Math.abs(x); }
  return gross <= 5;
}

/** {horizon: [{quantile, mean, ...}]} (analysis.factor_report's quantile_returns) as rows, else null. */
export function quantileRows(v: Record<string, unknown>): QuantileRow[] | null {
  const out: QuantileRow[] = [];
  for (const [h, rows] of Object.entries(v)) {
    if (!Array.isArray(rows) || rows.length === 0) return null;
    for (const r of rows) {
      if (!isPlainObject(r) || typeof r.quantile !== "number" || !isNumberOrNull(r.mean)) return null;
      out.push({ horizon: h, quantile: r.quantile, mean: r.mean ?? NaN, ...(typeof r.std_error === "number" ? { std_error: r.std_error } : {}) });
    }
  }
  return out.length ? out : null;
}

/** {index: days, values: same-length list of numbers or strings} as a table (date, value), else null. */
export function datedValues(v: Record<string, unknown>): Table | null {
  const keys = Object.keys(v).filter((k) => k !== "name");
  if (keys.length !== 2 || !("index" in v) || !("values" in v)) return null;
  const idx = v.index, vals = v.values;
  const n = (idx as ArrayLike<number>)?.length;
  if (!(idx instanceof Int32Array || (Array.isArray(idx) && idx.every((x) => Number.isInteger(x)))) || !Array.isArray(vals) || vals.length !== n || n === 0) return null;
  const name = typeof v.name === "string" ? v.name : "value";
  if (vals.every((x) => x === null || typeof x === "string")) {
    return { kind: "table", columns: { date: Int32Array.from(idx as ArrayLike<number>), [name]: vals.map((x) => (x ?? "") as string) }, types: { date: "date", [name]: "string" }, rowCount: n };
  }
  if (vals.every(isNumberOrNull)) {
    return { kind: "table", columns: { date: Int32Array.from(idx as ArrayLike<number>), [name]: Float64Array.from(vals, (x) => (x === null ? NaN : x)) }, types: { date: "date", [name]: "number" }, rowCount: n };
  }
  return null;
}

/** A record of flat records with shared keys (stats per horizon, positions per asset): one table. */
export function keyedRows(v: Record<string, unknown>): [string, Record<string, unknown>][] | null {
  const entries = Object.entries(v);
  if (entries.length < 2) return null;
  const union = new Set<string>();
  let widest = 0;
  for (const [, x] of entries) {
    if (!isPlainObject(x)) return null;
    const vals = Object.values(x);
    if (vals.length === 0 || vals.length > 30) return null;
    if (!vals.every((y) => y === null || typeof y === "number" || typeof y === "boolean" || (typeof y === "string" && y.length <= 40))) return null;
    if (!vals.some((y) => typeof y === "number")) return null;
    for (const k of Object.keys(x)) union.add(k);
    widest = Math.max(widest, vals.length);
  }
  if (union.size > widest * 1.5) return null;
  // Each entry has at least half of the fields: rows of one table, not unrelated objects.
  if (!entries.every(([, x]) => Object.keys(x as object).length * 2 >= union.size)) return null;
  return entries as [string, Record<string, unknown>][];
}

export function stressScenarios(v: unknown): StressScenario[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  if (!v.every((s) => isPlainObject(s) && typeof s.name === "string" && typeof s.pnl === "number")) return null;
  return v as StressScenario[];
}

export function isBacktest(v: unknown): v is BacktestRecord {
  return isPlainObject(v) && isSeries(v.equity) && (isTable(v.trades) || isPanel(v.holdings));
}

function isConfusionLike(v: unknown): boolean {
  return isPlainObject(v) && ["tp", "fp", "tn", "fn"].every((k) => typeof v[k] === "number");
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
    if (/(^|_)returns?$/.test(label) || /(^|_)returns?$/.test(name.toLowerCase())) return { type: "returns", series: value };
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
    if (value.every(isNumberOrNull)) return { type: "numbers", values: value };
    if (value.every((r) => Array.isArray(r) && r.every(isNumberOrNull))) return { type: "grid", rows: value as (number | null)[][] };
    const fp = frontierPoints(value);
    if (fp) return { type: "frontier", points: fp };
    const st = stressScenarios(value);
    if (st) return { type: "stress", scenarios: st };
    const pp = payoffPoints(value);
    if (pp) return { type: "payoff", points: pp };
    if (value.every(isPlainObject)) {
      const rows = value as Record<string, unknown>[];
      const has = (...ks: string[]) => rows.every((r) => ks.every((k) => isNumberOrNull(r[k])));
      if (rows.length >= 2 && has("fpr", "tpr")) return { type: "roc", rows };
      if (rows.length >= 2 && has("mean_predicted", "fraction_positive")) return { type: "calibration", rows };
      if (rows.every((r) => typeof r.feature === "string") && has("importance")) return { type: "importance", rows };
      return { type: "records", rows };
    }
    return { type: "json", value };
  }
  if (isPlainObject(value)) {
    if (isBacktest(value)) return { type: "backtest", record: value };
    const report = agentReportOf(value);
    if (report) return { type: "agent-report", report };
    const approval = approvalRecordOf(value);
    if (approval) return { type: "approval", record: approval };
    // A classifier's validation (ml.walk_forward): a confusion matrix {tp, fp, tn, fn} beside a ROC curve.
    if (isConfusionLike(value.confusion) && Array.isArray(value.roc)) return { type: "ml-validation", record: value };
    const keys = Object.keys(value);
    if (keys.length === 0) return { type: "empty" };
    // {index: day numbers, values: [...]} of one length (a series of text or dates): a two-column table.
    const dated = datedValues(value);
    if (dated) return { type: "table", table: dated };
    // Shapes that carry their chart in a field.
    const fp = frontierPoints(value.points) ?? frontierPoints(value.frontier);
    if (fp) {
      const { markers, used } = frontierMarkers(value);
      const rest = keys.filter((k) => k !== "points" && k !== "frontier" && !used.includes(k));
      if (rest.every((k) => !Array.isArray(value[k]) && !isPlainObject(value[k]))) return markers.length ? { type: "frontier", points: fp, markers } : { type: "frontier", points: fp };
    }
    const pp = payoffPoints(value.points) ?? payoffPoints(value.payoff);
    if (pp && keys.length <= 3) return { type: "payoff", points: pp };
    const st = stressScenarios(value.scenarios);
    if (st && keys.length === 1) return { type: "stress", scenarios: st };
    // An optimizer's answer: weights with their risk contributions and diagnostics.
    if (isFlatNumbers(value.weights) && isPlainObject(value.diagnostics)) {
      const diag = value.diagnostics;
      const rc = isFlatNumbers(diag.risk_contributions) ? diag.risk_contributions as Record<string, number> : null;
      const kpis = Object.fromEntries(Object.entries(diag).filter(([, x]) => isNumberOrNull(x))) as Record<string, number | null>;
      return { type: "portfolio", weights: value.weights as Record<string, number>, risk: rc, kpis, rest: Object.entries(value).filter(([k]) => k !== "weights" && k !== "diagnostics") };
    }
    if (isFlatNumbers(value)) {
      if (ctx.outputKind === "weights" || ctx.outputKind === "groups" || WEIGHT_NAMES.test(name)) return { type: "weights", weights: value as Record<string, number>, label: name || "weights", percent: weightsArePercent(value) };
      // Many values keyed by labels (tickers: AAPL, BRK.B) are bars; metrics (snake_case names) stay cards.
      const labelKeys = keys.filter((k) => !/[a-z]/.test(k)).length;
      if (keys.length > MAX_CARDS && labelKeys >= keys.length * 0.8 && Object.values(value).every((x) => typeof x === "number")) return { type: "bars", values: value as Record<string, number>, label: name };
      return { type: "kpis", values: value };
    }
    const qs = quantileRows(value);
    if (qs) return { type: "quantiles", rows: qs };
    const keyed = keyedRows(value);
    if (keyed) return { type: "keyed", rows: keyed };
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
  if (Number.isInteger(x)) return INTEGER.format(x);
  return (a >= 1000 ? DIGITS2 : a >= 1 ? DIGITS4 : DIGITS5).format(x);
}

// The same as x.toLocaleString("en-US", ...), without building a formatter on every call (tables format many numbers per render).
const INTEGER = new Intl.NumberFormat("en-US");
const DIGITS2 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const DIGITS4 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });
const DIGITS5 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 5 });
