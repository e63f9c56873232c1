/**
 * A table view for columnar tables of any size: sortable by any column, paged,
 * and virtualized: only the rows in view are in the DOM, so 100k rows scroll
 * smoothly.
 */
import { useMemo, useState } from "react";
import type { Table } from "../../blocks/core/values";
import { daysToIso } from "../../blocks/core/dates";
import { formatNumber } from "./detect";

const ROW_H = 24;
const VIEW_H = 300;
const PAGE_SIZES = [1000, 10000, 100000, Infinity];

export function cellText(t: Table, col: string, i: number): string {
  const c = t.columns[col];
  if (t.types[col] === "date") return daysToIso((c as Int32Array)[i]);
  if (t.types[col] === "number") return formatNumber((c as Float64Array)[i]);
  return String((c as string[])[i] ?? "");
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

export function DataTable({ table, title }: { table: Table; title?: string }) {
  const cols = Object.keys(table.columns);
  const [sort, setSort] = useState<{ col: string | null; desc: boolean }>({ col: null, desc: false });
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const [page, setPage] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const order = useMemo(() => sortOrder(table, sort.col, sort.desc), [table, sort]);
  const pages = Math.max(1, Math.ceil(table.rowCount / pageSize));
  const p = Math.min(page, pages - 1);
  const start = p * pageSize;
  const count = Math.min(pageSize, table.rowCount - start);
  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - 5);
  const last = Math.min(count, Math.ceil((scrollTop + VIEW_H) / ROW_H) + 5);
  const rows: React.ReactNode[] = [];
  for (let k = first; k < last; k++) {
    const i = order[start + k];
    rows.push(
      <div className="dt-row" role="row" key={k} style={{ top: k * ROW_H, height: ROW_H }}>
        <span className="dt-cell dt-num" role="cell">{start + k + 1}</span>
        {cols.map((c) => <span key={c} role="cell" className={`dt-cell ${table.types[c] === "number" ? "dt-right" : ""}`}>{cellText(table, c, i)}</span>)}
      </div>,
    );
  }
  const gridTemplate = `56px repeat(${cols.length}, minmax(90px, 1fr))`;
  return (
    <div className="data-table" role="table" aria-rowcount={table.rowCount} style={{ ["--dt-cols" as string]: gridTemplate }}>
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
      <div className="dt-head" role="row">
        <span className="dt-cell dt-num">#</span>
        {cols.map((c) => (
          <button key={c} type="button" role="columnheader" className={`dt-cell dt-sort ${table.types[c] === "number" ? "dt-sort-right" : ""}`} title={`sort by ${c}`}
            onClick={() => setSort((s) => ({ col: c, desc: s.col === c ? !s.desc : false }))}>
            {c}{sort.col === c ? (sort.desc ? " ▼" : " ▲") : ""}
            <span className="dt-type">{table.types[c]}</span>
          </button>
        ))}
      </div>
      <div className="dt-body" style={{ height: Math.min(VIEW_H, count * ROW_H + 2) }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="dt-spacer" style={{ height: count * ROW_H }}>{rows}</div>
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

const PERCENT_KEYS = /return|cagr|volatility|drawdown|win_rate|var$|^var|es$|^es|turnover|weight|alpha|tracking_error|share|pnl|exposure|gross|net|long|short|best|worst|_share$/i;

export function isPercentKey(k: string): boolean {
  return PERCENT_KEYS.test(k) && !/ratio|sharpe|sortino|calmar|days|count|iterations|beta|factor/i.test(k);
}

/** A flat object of numbers as cards. */
export function KpiCards({ values, title }: { values: Record<string, number | null>; title?: string }) {
  return (
    <div className="kpis">
      {title && <strong className="chart-title">{title}</strong>}
      <div className="kpi-grid">
        {Object.entries(values).map(([k, v]) => {
          const percent = isPercentKey(k);
          const text = v === null || !Number.isFinite(v) ? "—" : percent ? `${(v * 100).toFixed(2)}%` : formatNumber(v);
          const tone = v !== null && percent && /return|cagr|pnl|alpha|best/.test(k) ? (v >= 0 ? "pos" : "neg") : /drawdown|worst/.test(k) ? "neg" : "";
          return (
            <div key={k} className={`kpi ${tone}`} title={`${k} = ${v}`}>
              <div className="kpi-value">{text}</div>
              <div className="kpi-label">{k.replace(/_/g, " ")}</div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
