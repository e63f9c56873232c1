/**
 * Columnar values to the row arrays Plot draws, with dates as UTC Date objects,
 * missing values left out and long lines min/max-decimated to what a chart's pixels can show.
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

/**
 * Which points of a line to draw so that it looks the same with fewer of them: the x range is cut
 * into `buckets` equal slices (a pixel column each, or a few when the chart holds many lines), and
 * each slice keeps its lowest and highest finite point, in x order; the first and last finite
 * points are always kept. A line through those covers, in every slice, the same vertical span as
 * the full line (min/max decimation), so peaks and troughs stay where they are. At most
 * 2 * buckets + 2 indices; every finite index when there are no more than 2 * buckets of them.
 * `x` ascending (dates as days); the value at index i is `values[offset + i * stride]` (a panel's
 * column: offset j, stride m), NaN for missing.
 */
export function minMaxIndices(x: ArrayLike<number>, values: ArrayLike<number>, n: number, buckets: number, offset = 0, stride = 1): number[] {
  const y = (i: number) => values[offset + i * stride];
  let first = 0, last = n - 1;
  while (first < n && !Number.isFinite(y(first))) first++;
  while (last > first && !Number.isFinite(y(last))) last--;
  if (first >= n) return [];
  const out: number[] = [];
  if (last - first + 1 <= 2 * buckets) {
    for (let i = first; i <= last; i++) if (Number.isFinite(y(i))) out.push(i);
    return out;
  }
  const x0 = x[first], scale = buckets / Math.max(1e-9, x[last] - x0);
  out.push(first);
  let bucket = -1, lo = -1, hi = -1, vlo = 0, vhi = 0;
  for (let i = first + 1, k0 = offset + (first + 1) * stride; i < last; i++, k0 += stride) {
    const v = values[k0];
    if (!(v - v === 0)) continue; // NaN or infinite
    const k = Math.min(buckets - 1, Math.floor((x[i] - x0) * scale));
    if (k !== bucket) {
      if (lo >= 0) { out.push(lo < hi ? lo : hi); if (hi !== lo) out.push(lo < hi ? hi : lo); }
      bucket = k; lo = hi = i; vlo = vhi = v;
      continue;
    }
    if (v < vlo) { vlo = v; lo = i; }
    if (v > vhi) { vhi = v; hi = i; }
  }
  if (lo >= 0) { out.push(lo < hi ? lo : hi); if (hi !== lo) out.push(lo < hi ? hi : lo); }
  out.push(last);
  return out;
}

export interface DatedPoint { date: Date; value: number }

/** A series' finite points, min/max-decimated (minMaxIndices) to at most about `max` points. */
export function seriesRows(s: Series, max = 4000): DatedPoint[] {
  const out: DatedPoint[] = [];
  const v = s.values;
  for (const i of minMaxIndices(s.index, v, v.length, Math.max(1, Math.floor(max / 2)))) out.push({ date: dayToDate(s.index[i]), value: v[i] });
  return out;
}

/**
 * A panel's columns as one line each, in columns (Plot reads arrays ~1/3 faster than rows of
 * objects): column after column, each line's finite points min/max-decimated (minMaxIndices) to at
 * most about `max`. Each array carries the field name as its label, as row fields would, so the
 * tooltips read the same.
 */
export interface PanelLineData {
  length: number; date: Date[]; column: string[]; value: Float64Array;
  /** Where each column's points start (the points are column after column). */
  columnStarts: number[];
  /** The extents Plot would infer (min and max of the points drawn); null without points. */
  dateExtent: [Date, Date] | null; valueExtent: [number, number] | null;
}

export function panelLines(p: Panel, max = 2000): PanelLineData {
  const m = p.columns.length, n = p.index.length, vals = p.values;
  // Each column's points first, so the arrays are made at their length (not grown point by point).
  const kept: number[][] = [];
  let length = 0;
  for (let j = 0; j < m; j++) {
    kept.push(minMaxIndices(p.index, vals, n, Math.max(1, Math.floor(max / 2)), j, m));
    length += kept[j].length;
  }
  const dates: (Date | undefined)[] = new Array(n); // one Date per row, shared by the lines
  const date: Date[] = new Array(length), column: string[] = new Array(length), value = new Float64Array(length), columnStarts: number[] = [];
  let t0 = -1, t1 = -1, lo = Infinity, hi = -Infinity, k = 0;
  for (let j = 0; j < m; j++) {
    const name = p.columns[j];
    columnStarts.push(k);
    for (const t of kept[j]) {
      const v = vals[t * m + j];
      date[k] = dates[t] ??= dayToDate(p.index[t]);
      column[k] = name;
      value[k++] = v;
      if (t0 < 0 || p.index[t] < p.index[t0]) t0 = t;
      if (t1 < 0 || p.index[t] > p.index[t1]) t1 = t;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return {
    length, date: labelled(date, "date"), column: labelled(column, "column"), value: labelled(value, "value"), columnStarts,
    dateExtent: t0 < 0 ? null : [dates[t0]!, dates[t1]!], valueExtent: length ? [lo, hi] : null,
  };
}

/** Plot takes an array's `label` as its channel's label (what a field name gives). */
function labelled<T extends object>(a: T, label: string): T {
  return Object.assign(a, { label });
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
