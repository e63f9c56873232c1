/**
 * A self-contained HTML report of a notebook: prose rendered, charts as inline
 * SVG (drawn with Observable Plot), tables as their first rows, KPIs as a grid,
 * one inline stylesheet, no scripts, no external URLs (links in prose are kept
 * as text with their address), so it opens offline in any browser and can be
 * mailed or archived as one file.
 */
import * as Plot from "@observablehq/plot";
import type { Notebook } from "../../kernel/document/schema";
import type { Panel, Series, Table } from "../../blocks/core/values";
import { escapeHtml, renderMarkdown } from "../outputs/markdown";
import { tokens } from "../ui/tokens";
import { cellString, toTable } from "./tables";

export interface ReportOptions {
  /** Rows shown per table (default 20). */
  maxRows?: number;
  /** The DOM to draw charts with (the page's document; jsdom's in tests). */
  document?: Document;
  /** Include SQL and code sources (default true). */
  sources?: boolean;
  generatedAt?: Date;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
const isSeries = (v: unknown): v is Series => isObj(v) && v.kind === "series" && v.index instanceof Int32Array && v.values instanceof Float64Array;
const isPanel = (v: unknown): v is Panel => isObj(v) && v.kind === "panel" && v.index instanceof Int32Array && Array.isArray(v.columns);
const isFlatNumbers = (v: unknown): v is Record<string, number | null> =>
  isObj(v) && !("kind" in v) && Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === "number" || x === null);

const DAY = 86_400_000;

function stride(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => Math.round(i * step));
}

function chartSvg(doc: Document, options: Plot.PlotOptions): string {
  try {
    const el = Plot.plot({ document: doc, width: 720, height: 240, marginLeft: 56, style: { fontSize: "11px", background: "white" }, ...options });
    return el.outerHTML;
  } catch (e) {
    return `<p class="err">chart failed: ${escapeHtml(e instanceof Error ? e.message : String(e))}</p>`;
  }
}

function seriesChart(doc: Document, s: Series, label: string): string {
  const rows = stride(s.index.length, 1500).map((i) => ({ date: new Date(s.index[i] * DAY), value: s.values[i] })).filter((r) => Number.isFinite(r.value));
  return chartSvg(doc, {
    x: { type: "utc", label: "Date" },
    y: { label, grid: true },
    marks: [Plot.lineY(rows, { x: "date", y: "value", stroke: tokens.color.accent })],
  });
}

function panelChart(doc: Document, p: Panel, label: string): string {
  const cols = p.columns.slice(0, 10);
  const rows: { date: Date; column: string; value: number }[] = [];
  for (const t of stride(p.index.length, 800)) {
    cols.forEach((c, j) => {
      const v = p.values[t * p.columns.length + j];
      if (Number.isFinite(v)) rows.push({ date: new Date(p.index[t] * DAY), column: c, value: v });
    });
  }
  return chartSvg(doc, {
    x: { type: "utc", label: "Date" },
    y: { label, grid: true },
    color: { legend: true, range: tokens.color.series },
    marks: [Plot.lineY(rows, { x: "date", y: "value", stroke: "column" })],
  });
}

/** A table with one row per date (ascending) and number columns is drawn too, as the studio does. */
function tableChart(doc: Document, t: Table, label: string): string {
  const cols = Object.keys(t.columns);
  const dateCol = cols.find((c) => t.types[c] === "date");
  const nums = cols.filter((c) => t.types[c] === "number").slice(0, 8);
  if (!dateCol || !nums.length || t.rowCount < 3) return "";
  const d = t.columns[dateCol] as ArrayLike<number>;
  for (let i = 1; i < t.rowCount; i++) if (!(d[i] > d[i - 1])) return ""; // long (date, symbol) tables are not drawn
  const rows: { date: Date; column: string; value: number }[] = [];
  for (const i of stride(t.rowCount, 1500)) {
    for (const c of nums) {
      const v = (t.columns[c] as ArrayLike<number>)[i];
      if (Number.isFinite(v)) rows.push({ date: new Date(d[i] * DAY), column: c, value: v });
    }
  }
  return chartSvg(doc, {
    x: { type: "utc", label: "Date" },
    y: { label: nums.length === 1 ? nums[0] : label, grid: true },
    ...(nums.length > 1 ? { color: { legend: true, range: tokens.color.series } } : {}),
    marks: [Plot.lineY(rows, { x: "date", y: "value", stroke: nums.length > 1 ? "column" : tokens.color.accent })],
  });
}

function fmt(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e7)) return x.toExponential(3);
  return Number.isInteger(x) ? x.toLocaleString("en-US") : x.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

function kpiGrid(v: Record<string, number | null>): string {
  return `<div class="kpis">${Object.entries(v).map(([k, x]) => `<div class="kpi"><span class="k">${escapeHtml(k)}</span><span class="v">${fmt(x)}</span></div>`).join("")}</div>`;
}

function tableHtml(t: Table, maxRows: number): string {
  const cols = Object.keys(t.columns);
  const n = Math.min(maxRows, t.rowCount);
  const head = cols.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body: string[] = [];
  for (let i = 0; i < n; i++) body.push(`<tr>${cols.map((c) => `<td${t.types[c] === "number" ? ' class="num"' : ""}>${escapeHtml(cellString(t, c, i))}</td>`).join("")}</tr>`);
  const more = t.rowCount > n ? `<p class="muted">First ${n} of ${t.rowCount.toLocaleString("en-US")} rows.</p>` : "";
  return `<div class="tbl"><table><thead><tr>${head}</tr></thead><tbody>${body.join("")}</tbody></table></div>${more}`;
}

function valueHtml(doc: Document, v: unknown, name: string, maxRows: number, depth = 0): string {
  if (v === undefined) return `<p class="muted">No result (not run).</p>`;
  if (v === null || typeof v === "number" || typeof v === "boolean") return `<p class="scalar">${typeof v === "number" ? fmt(v) : String(v)}</p>`;
  if (typeof v === "string") return `<pre>${escapeHtml(v.length > 4000 ? v.slice(0, 4000) + "…" : v)}</pre>`;
  if (isSeries(v)) return seriesChart(doc, v, v.name ?? name);
  if (isPanel(v)) return panelChart(doc, v, name) + (v.columns.length > 10 ? `<p class="muted">First 10 of ${v.columns.length} columns drawn.</p>` : "");
  if (isFlatNumbers(v)) return kpiGrid(v);
  if (isObj(v) && v.kind === "table") return tableChart(doc, v as unknown as Table, name) + tableHtml(v as unknown as Table, maxRows);
  if (Array.isArray(v) && v.every(isObj)) { const t = toTable(v); if (t) return tableHtml(t, maxRows); }
  if (isObj(v) && depth < 2) {
    const parts: string[] = [];
    const entries = Object.entries(v).filter(([k]) => k !== "kind");
    // KPIs first, then the equity curve, then the rest.
    entries.sort(([a], [b]) => rank(a) - rank(b));
    const scalars = entries.filter(([, x]) => typeof x === "number" || x === null);
    if (scalars.length) parts.push(kpiGrid(Object.fromEntries(scalars) as Record<string, number | null>));
    for (const [k, x] of entries) {
      if (typeof x === "number" || x === null) continue;
      parts.push(`<h4>${escapeHtml(k)}</h4>${valueHtml(doc, x, k, maxRows, depth + 1)}`);
    }
    return parts.join("\n");
  }
  const t = toTable(v);
  if (t) return tableHtml(t, maxRows);
  let json = "";
  try { json = JSON.stringify(v, (_, x) => (ArrayBuffer.isView(x) ? `[${(x as unknown as ArrayLike<number>).length} values]` : x), 2); } catch { json = String(v); }
  return `<pre>${escapeHtml(json.length > 4000 ? json.slice(0, 4000) + "…" : json)}</pre>`;
}

function rank(k: string): number {
  if (/^(kpis|metrics|diagnostics|summary)$/.test(k)) return 0;
  if (k === "equity") return 1;
  if (k === "weights") return 2;
  return 3;
}

/** External links in prose become text with their address: the report makes no request. */
function offlineLinks(html: string): string {
  return html.replace(/<a\s+href="(https?:[^"]*)"[^>]*>(.*?)<\/a>/gi, (_, url: string, text: string) => `${text} (<span class="url">${url}</span>)`);
}

const CSS = `
body{font:14px/1.5 ${tokens.font.ui};color:${tokens.color.text};background:${tokens.color.bg};margin:0}
main{max-width:860px;margin:0 auto;padding:24px 28px 60px;background:${tokens.color.surface}}
header.rep{margin-bottom:8px}header.rep h1{margin:0 0 4px}header.rep p{margin:0;color:${tokens.color.muted}}
main>section.cell:first-child{border-top:0}
section.cell{border-top:1px solid ${tokens.color.border};padding:12px 0}
section.cell>h3{font-size:13px;color:${tokens.color.muted};margin:0 0 8px;font-family:${tokens.font.mono}}
pre{background:${tokens.color.surfaceAlt};padding:8px 10px;border-radius:4px;overflow:auto;font:12px/1.4 ${tokens.font.mono}}
.tbl{overflow:auto;max-width:100%}table{border-collapse:collapse;font-size:12px}
th,td{border-bottom:1px solid ${tokens.color.border};padding:3px 8px;text-align:left;white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}
.kpis{display:flex;flex-wrap:wrap;gap:8px;margin:6px 0}.kpi{border:1px solid ${tokens.color.border};border-radius:6px;padding:6px 10px;min-width:110px}
.kpi .k{display:block;font-size:11px;color:${tokens.color.muted}}.kpi .v{font-size:16px;font-variant-numeric:tabular-nums}
.muted{color:${tokens.color.muted};font-size:12px}.err{color:${tokens.color.danger}}.url{color:${tokens.color.muted};font-size:12px}
svg{max-width:100%;height:auto}h4{margin:10px 0 4px;font-size:13px}
`;

/** Whether the first cell is prose that opens with the notebook's title as its heading (then it is not repeated). */
function titledByProse(nb: Notebook): boolean {
  const first = nb.cells[0];
  if (first?.kind !== "markdown") return false;
  const m = /^\s*#\s+(.+?)\s*#*\s*$/m.exec(first.source.split("\n").find((l) => l.trim()) ?? "");
  return !!m && m[1].trim() === nb.title.trim();
}

/** The report as one HTML file's text. `values` are the cells' results by cell id. */
export function buildReport(nb: Notebook, values: Record<string, unknown>, options: ReportOptions = {}): string {
  const doc = options.document ?? document;
  const maxRows = options.maxRows ?? 20;
  const when = (options.generatedAt ?? new Date()).toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const parts: string[] = [];
  for (const c of nb.cells) {
    if (c.kind === "markdown") { parts.push(`<section class="cell prose">${offlineLinks(renderMarkdown(c.source))}</section>`); continue; }
    const what = c.kind === "block" ? c.block : c.kind;
    const src = (options.sources ?? true) && (c.kind === "sql" || c.kind === "code") ? `<pre>${escapeHtml(c.source)}</pre>` : "";
    const params = c.kind === "block" && Object.keys(c.params).length ? `<p class="muted">${escapeHtml(JSON.stringify(c.params))}</p>` : "";
    parts.push(`<section class="cell"><h3>${escapeHtml(c.name)} · ${escapeHtml(what)}</h3>${params}${src}${valueHtml(doc, values[c.id], c.name, maxRows)}</section>`);
  }
  const titled = titledByProse(nb);
  const meta = `<p>Strategy Studio report · ${when}</p>`;
  const data = nb.datasets.length ? `<p>Data: ${nb.datasets.map((d) => escapeHtml(`${d.name} (${d.source.kind})`)).join(", ")}</p>` : "";
  const header = `<header class="rep">${titled ? "" : `<h1>${escapeHtml(nb.title)}</h1>`}${meta}${data}</header>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(nb.title)}</title><style>${CSS}</style></head>
<body><main>${titled ? parts[0] + "\n" + header : header}
${(titled ? parts.slice(1) : parts).join("\n")}
</main></body></html>
`;
}
