/**
 * Columnar values to the row arrays Plot draws, with dates as UTC Date objects,
 * missing values left out and long series thinned to what a chart can show.
 */
import { panelColumn, type Panel, type Series, type Table } from "../../blocks/core/values";

const MS_PER_DAY = 86_400_000;
export const dayToDate = (d: number): Date => new Date(d * MS_PER_DAY);

/** Indices 0..n-1 thinned to at most `max`, the last one kept. */
export function strideIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = n / max;
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.floor(k * step));
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

export interface DatedPoint { date: Date; value: number }

export function seriesRows(s: Series, max = 4000): DatedPoint[] {
  const out: DatedPoint[] = [];
  for (const i of strideIndices(s.values.length, max)) {
    const v = s.values[i];
    if (Number.isFinite(v)) out.push({ date: dayToDate(s.index[i]), value: v });
  }
  return out;
}

export interface PanelPoint { date: Date; column: string; value: number }

export function panelRows(p: Panel, max = 2000): PanelPoint[] {
  const m = p.columns.length;
  const out: PanelPoint[] = [];
  for (const t of strideIndices(p.index.length, max)) {
    const date = dayToDate(p.index[t]);
    for (let j = 0; j < m; j++) {
      const v = p.values[t * m + j];
      if (Number.isFinite(v)) out.push({ date, column: p.columns[j], value: v });
    }
  }
  return out;
}

/** Drawdown of an equity curve: equity / running peak - 1 (<= 0). */
export function drawdownOf(equity: Float64Array): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i];
    if (Number.isFinite(e)) { if (e > peak) peak = e; out[i] = peak > 0 ? e / peak - 1 : 0; } else out[i] = NaN;
  }
  return out;
}

/** Linear-interpolated quantile (numpy's default) of the finite values. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const a = Array.from(values).filter(Number.isFinite).sort((x, y) => x - y);
  if (a.length === 0) return NaN;
  const h = (a.length - 1) * q;
  const lo = Math.floor(h), hi = Math.ceil(h);
  return a[lo] + (h - lo) * (a[hi] - a[lo]);
}

/** Historical VaR and ES at confidence c, as positive losses (CONTRACTS: risk.var historical). */
export function historicalVarEs(returns: ArrayLike<number>, c = 0.95): { var: number; es: number } {
  const q = quantile(returns, 1 - c);
  let s = 0, k = 0;
  for (let i = 0; i < returns.length; i++) { const r = returns[i]; if (Number.isFinite(r) && r <= q) { s += r; k++; } }
  return { var: -q, es: k ? -s / k : NaN };
}

/** Rows of a table as objects (dates as Date), for Plot. */
export function tableRows(t: Table, from = 0, to = t.rowCount): Record<string, unknown>[] {
  const names = Object.keys(t.columns);
  const out: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) {
    const r: Record<string, unknown> = {};
    for (const n of names) {
      const c = t.columns[n];
      r[n] = t.types[n] === "date" ? dayToDate((c as Int32Array)[i]) : c[i];
    }
    out.push(r);
  }
  return out;
}

export function columnOf(p: Panel, name: string): Float64Array | null {
  const j = p.columns.indexOf(name);
  return j < 0 ? null : panelColumn(p, j);
}
