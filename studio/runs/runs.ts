/**
 * Run history, as MLflow tracks experiments: every computed result of a
 * backtest.run, backtest.walk_forward, optimize.portfolio or optimize.rolling
 * cell is kept with its parameters, its input bindings, the version of the
 * notebook's data (a content hash of the dataset entries, which for library data
 * include the bytes' SHA-256), its KPIs and its equity curve (downsampled).
 */
import type { BlockCell, Notebook } from "../../kernel/document/schema";
import { hashValue } from "../../kernel/scheduler/hash";
import type { RunRow, StudioDb } from "../persistence/db";

export const RUN_BLOCKS = new Set([
  "backtest.run", "backtest.walk_forward", "optimize.portfolio", "optimize.rolling",
  // Compliance checks too: the runs table is the notebook's history of checks (status and reasons in `note`).
  "compliance.check", "compliance.pre_trade",
]);

/** A check's outcome in one line: "BLOCK: reason; reason". */
function checkNote(value: unknown): string | undefined {
  const v = value as { status?: unknown; reasons?: unknown } | null;
  if (typeof v !== "object" || v === null || typeof v.status !== "string") return undefined;
  const reasons = Array.isArray(v.reasons) ? v.reasons.filter((r): r is string => typeof r === "string") : [];
  return reasons.length ? `${v.status}: ${reasons.join("; ")}` : v.status;
}
export const EQUITY_POINTS = 400;

export function datasetVersion(nb: Notebook): string {
  return hashValue(nb.datasets.map((d) => d.source));
}

interface SeriesLike { kind: "series"; index: Int32Array; values: Float64Array }

function isSeriesLike(v: unknown): v is SeriesLike {
  return typeof v === "object" && v !== null && (v as { kind?: string }).kind === "series"
    && (v as SeriesLike).index instanceof Int32Array && (v as SeriesLike).values instanceof Float64Array;
}

/** Every `step`-th point, always keeping the last (at most `max` points). */
export function downsample(s: SeriesLike, max = EQUITY_POINTS): { index: Int32Array; values: Float64Array } {
  const n = s.index.length;
  if (n <= max) return { index: s.index.slice(), values: s.values.slice() };
  const step = (n - 1) / (max - 1);
  const index = new Int32Array(max);
  const values = new Float64Array(max);
  for (let i = 0; i < max; i++) {
    const j = i === max - 1 ? n - 1 : Math.round(i * step);
    index[i] = s.index[j];
    values[i] = s.values[j];
  }
  return { index, values };
}

function numbersOf(o: unknown, prefix = "", out: Record<string, number | null> = {}): Record<string, number | null> {
  if (typeof o !== "object" || o === null || ArrayBuffer.isView(o) || Array.isArray(o)) return out;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === "number") out[prefix + k] = Number.isFinite(v) ? v : null;
    else if (v === null) out[prefix + k] = null;
  }
  return out;
}

/** KPIs of a result: its `kpis`, `diagnostics` or `metrics` record, and its own top-level numbers. */
export function kpisOf(value: unknown): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  if (typeof value !== "object" || value === null) return typeof value === "number" ? { value } : out;
  const v = value as Record<string, unknown>;
  numbersOf(v, "", out);
  for (const key of ["kpis", "diagnostics", "metrics", "summary"]) numbersOf(v[key], "", out);
  return out;
}

/** The equity curve of a result: `equity`, or the first series found one level down. */
export function equityOf(value: unknown): SeriesLike | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (isSeriesLike(v.equity)) return v.equity;
  for (const key of ["oos_equity", "out_of_sample_equity", "portfolio_equity"]) if (isSeriesLike(v[key])) return v[key] as SeriesLike;
  for (const x of Object.values(v)) {
    if (typeof x === "object" && x !== null && isSeriesLike((x as Record<string, unknown>).equity)) return (x as { equity: SeriesLike }).equity;
  }
  return null;
}

export function runRowOf(nb: Notebook, cell: BlockCell, value: unknown, meta: { ms: number; hash?: string }): RunRow {
  const eq = equityOf(value);
  return {
    notebookId: nb.id,
    cellId: cell.id,
    cellName: cell.name,
    block: cell.block,
    params: structuredClone(cell.params),
    inputs: { ...cell.inputs },
    datasetVersion: datasetVersion(nb),
    kpis: kpisOf(value),
    ...(eq ? { equity: downsample(eq) } : {}),
    ms: meta.ms,
    at: Date.now(),
    ...(meta.hash ? { hash: meta.hash } : {}),
    ...(checkNote(value) ? { note: checkNote(value) } : {}),
  };
}

export async function recordRun(db: StudioDb, row: RunRow): Promise<number> {
  return db.runs.add(row);
}

export async function listRuns(db: StudioDb, notebookId: string): Promise<RunRow[]> {
  return (await db.runs.where("notebookId").equals(notebookId).toArray()).sort((a, b) => b.at - a.at);
}

/** Flatten params to dotted keys (nested objects), values as JSON text, for comparison. */
export function flatParams(p: Record<string, unknown>, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(p)) {
    if (v && typeof v === "object" && !Array.isArray(v)) flatParams(v as Record<string, unknown>, `${prefix}${k}.`, out);
    else out[prefix + k] = JSON.stringify(v);
  }
  return out;
}

export interface Comparison {
  params: { key: string; values: (string | undefined)[]; differs: boolean }[];
  kpis: { key: string; values: (number | null | undefined)[] }[];
}

/** Side-by-side view of runs: every param (with a flag where they differ) and every KPI. */
export function compareRuns(runs: Pick<RunRow, "params" | "inputs" | "kpis" | "datasetVersion" | "block">[]): Comparison {
  const flats = runs.map((r) => ({ block: JSON.stringify(r.block), ...flatParams(r.params), ...flatParams(r.inputs, "input."), data: JSON.stringify(r.datasetVersion) }));
  const keys = [...new Set(flats.flatMap((f) => Object.keys(f)))];
  const params = keys.map((key) => {
    const values = flats.map((f) => (f as Record<string, string>)[key]);
    return { key, values, differs: new Set(values).size > 1 };
  });
  const kkeys = [...new Set(runs.flatMap((r) => Object.keys(r.kpis)))];
  return { params, kpis: kkeys.map((key) => ({ key, values: runs.map((r) => r.kpis[key]) })) };
}
