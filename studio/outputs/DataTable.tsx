/**
 * A table view for columnar tables of any size: sortable by any column, paged,
 * and virtualized: only the rows in view are in the DOM, so 100k rows scroll
 * smoothly.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { Table } from "../../blocks/core/values";
import { daysToIso } from "../../blocks/core/dates";
import { formatNumber } from "./detect";
import { formatPercent, formatValue, isPercentKey, keyLabel, showsPercent } from "./format";

const ROW_H = 24;
const HEAD_H = 26;
const VIEW_H = 300;
const NUM_W = 56;
const PAGE_SIZES = [1000, 10000, 100000, Infinity];

export function cellText(t: Table, col: string, i: number, percent = false): string {
  const c = t.columns[col];
  if (t.types[col] === "date") return daysToIso((c as Int32Array)[i]);
  if (t.types[col] === "number") return percent ? formatPercent((c as Float64Array)[i]) : formatNumber((c as Float64Array)[i]);
  return String((c as string[])[i] ?? "");
}

/** Numeric columns whose name says "fraction" (returns, VaR, weights...) and whose values are plausible fractions. */
export function percentColumns(t: Table): Set<string> {
  const out = new Set<string>();
  for (const col of Object.keys(t.columns)) {
    if (t.types[col] !== "number" || !isPercentKey(col)) continue;
    const v = t.columns[col] as Float64Array;
    let ok = true;
    for (let i = 0; i < v.length && ok; i += Math.max(1, Math.floor(v.length / 500))) if (Number.isFinite(v[i]) && !showsPercent(col, v[i])) ok = false;
    if (ok) out.add(col);
  }
  return out;
}

/** A width for each column from its header and a sample of its cells (px, 70-320). */
function columnWidths(t: Table, cols: string[], percent: Set<string>): number[] {
  const n = t.rowCount;
  const step = Math.max(1, Math.floor(n / 200));
  return cols.map((c) => {
    const head = c.length * 7.6 + (percent.has(c) ? 1 : t.types[c].length) * 6 + 30;
    let chars = 0;
    for (let i = 0; i < n; i += step) chars = Math.max(chars, cellText(t, c, i, percent.has(c)).length);
    return Math.max(70, Math.min(320, Math.ceil(Math.max(head, chars * 7.4 + 24))));
  });
}

/** Row order sorted by `col` (missing values last), stable. */
export function sortOrder(t: Table, col: string | null, desc: boolean): Int32Array {
  const n = t.rowCount;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!col) return order;
  const c = t.columns[col];
  const sign = desc ? -1 : 1;
  if (t.types[col] === "string") {
    const s = c as string[];
    return Int32Array.from(Array.from(order).sort((a, b) => sign * s[a].localeCompare(s[b]) || a - b));
  }
  const v = c as Float64Array | Int32Array;
  return Int32Array.from(Array.from(order).sort((a, b) => {
    const x = v[a], y = v[b];
    const xn = Number.isNaN(x), yn = Number.isNaN(y);
    if (xn || yn) return xn === yn ? a - b : xn ? 1 : -1;
    return sign * (x - y) || a - b;
  }));
}

/**
 * One scroller holds the sticky header and the rows, so wide tables scroll
 * sideways with their header; only the rows in view (plus a margin) are in the DOM.
 */
export function DataTable({ table, title }: { table: Table; title?: string }) {
  const cols = Object.keys(table.columns);
  const [sort, setSort] = useState<{ col: string | null; desc: boolean }>({ col: null, desc: false });
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const [page, setPage] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [boxWidth, setBoxWidth] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // The observer's first report (before the first paint) gives the width: reading clientWidth
    // here forced a layout of the page in the commit that mounted a run's results.
    const ro = new ResizeObserver(() => setBoxWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const order = useMemo(() => sortOrder(table, sort.col, sort.desc), [table, sort]);
  const percent = useMemo(() => percentColumns(table), [table]);
  const widths = useMemo(() => columnWidths(table, cols, percent), [table, percent]);
  const minWidth = NUM_W + widths.reduce((a, b) => a + b, 0);
  const pages = Math.max(1, Math.ceil(table.rowCount / pageSize));
  const p = Math.min(page, pages - 1);
  const start = p === 0 ? 0 : p * pageSize; // 0 × Infinity ("all") is NaN
  const count = Math.min(pageSize, table.rowCount - start);
  const body = Math.max(0, scrollTop - HEAD_H);
  const first = Math.max(0, Math.floor(body / ROW_H) - 5);
  const last = Math.min(count, Math.ceil((body + VIEW_H) / ROW_H) + 5);
  const rows: React.ReactNode[] = [];
  for (let k = first; k < last; k++) {
    const i = order[start + k];
    rows.push(
      <div className="dt-row" role="row" key={k} style={{ top: k * ROW_H, height: ROW_H }}>
        <span className="dt-cell dt-num" role="cell">{start + k + 1}</span>
        {cols.map((c) => <span key={c} role="cell" className={`dt-cell ${table.types[c] === "number" ? "dt-right" : ""}`}>{cellText(table, c, i, percent.has(c))}</span>)}
      </div>,
    );
  }
  const gridTemplate = `${NUM_W}px ${widths.map((w) => `minmax(${w}px, 1fr)`).join(" ")}`;
  const wide = boxWidth > 0 && minWidth > boxWidth;
  const height = Math.min(VIEW_H, count * ROW_H + HEAD_H + 2) + (wide ? 14 : 0);
  return (
    <div className="data-table" role="table" aria-rowcount={table.rowCount} ref={box} style={{ ["--dt-cols" as string]: gridTemplate }}>
      <div className="dt-bar">
        {title && <strong className="dt-title">{title}</strong>}
        <span className="muted small">{table.rowCount.toLocaleString("en-US")} rows × {cols.length} columns</span>
        <span className="dt-pager">
          <label className="small">page size <select value={String(pageSize)} onChange={(e) => { setPageSize(Number(e.target.value)); setPage(0); }}>
            {PAGE_SIZES.map((s) => <option key={s} value={String(s)}>{Number.isFinite(s) ? s.toLocaleString("en-US") : "all"}</option>)}
          </select></label>
          <button type="button" className="small" disabled={p === 0} onClick={() => setPage(p - 1)}>‹</button>
          <span className="small">{p + 1} / {pages}</span>
          <button type="button" className="small" disabled={p >= pages - 1} onClick={() => setPage(p + 1)}>›</button>
        </span>
      </div>
      <div className="dt-scroll" style={{ height }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="dt-head" role="row" style={{ minWidth, height: HEAD_H }}>
          <span className="dt-cell dt-num">#</span>
          {cols.map((c) => (
            <button key={c} type="button" role="columnheader" className={`dt-cell dt-sort ${table.types[c] === "number" ? "dt-sort-right" : ""}`} title={`sort by ${c}`}
              onClick={() => setSort((s) => ({ col: c, desc: s.col === c ? !s.desc : false }))}>
              <span className="dt-name">{c}{sort.col === c ? (sort.desc ? " ▼" : " ▲") : ""}</span>
              <span className="dt-type">{percent.has(c) ? "%" : table.types[c]}</span>
            </button>
          ))}
        </div>
        <div className="dt-spacer" style={{ height: count * ROW_H, minWidth }}>{rows}</div>
      </div>
    </div>
  );
}

/** Year x month returns, each cell coloured by sign and size. */
export function MonthlyTable({ table, title }: { table: Table; title: string }) {
  const cols = Object.keys(table.columns);
  const year = table.columns.year as Float64Array;
  const valueCols = cols.filter((c) => c !== "year");
  const color = (v: number) => {
    if (!Number.isFinite(v)) return "transparent";
    const a = Math.min(1, Math.abs(v) / 0.08);
    return v >= 0 ? `rgba(27,127,59,${0.1 + 0.5 * a})` : `rgba(198,40,40,${0.1 + 0.5 * a})`;
  };
  return (
    <div className="monthly">
      <strong className="chart-title">{title}</strong>
      <table className="monthly-table">
        <thead><tr><th>Year</th>{valueCols.map((c) => <th key={c}>{c === "Year" ? "Year %" : c}</th>)}</tr></thead>
        <tbody>
          {Array.from({ length: table.rowCount }, (_, i) => (
            <tr key={i}>
              <th>{year[i]}</th>
              {valueCols.map((c) => {
                const v = (table.columns[c] as Float64Array)[i];
                return <td key={c} style={{ background: color(v) }} title={`${year[i]} ${c}: ${Number.isFinite(v) ? (v * 100).toFixed(2) + "%" : "no data"}`}>{Number.isFinite(v) ? (v * 100).toFixed(1) : ""}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Monthly returns in %, compounded within each month.</p>
    </div>
  );
}

export { isPercentKey };

/** A flat object of numbers (or yes/no) as cards; `percent` forces (or forbids) percent for the whole group. */
export function KpiCards({ values, title, percent }: { values: Record<string, number | null | boolean>; title?: string; percent?: boolean }) {
  return (
    <div className="kpis">
      {title && <strong className="chart-title">{title}</strong>}
      <div className="kpi-grid">
        {Object.entries(values).map(([k, v]) => {
          const num = typeof v === "number" ? v : null;
          const pct = showsPercent(k, num, percent);
          const text = formatValue(k, v, percent);
          const words = k.toLowerCase();
          const tone = typeof v === "boolean" ? "" : num !== null && pct && /return|cagr|pnl|alpha|best/.test(words) ? (num >= 0 ? "pos" : "neg") : num !== null && num < 0 && /drawdown|worst/.test(words) ? "neg" : "";
          return (
            <div key={k} className={`kpi ${tone}`} title={`${k} = ${v}`}>
              <div className="kpi-value">{text}</div>
              <div className="kpi-label">{keyLabel(k)}</div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
