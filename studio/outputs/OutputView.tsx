/**
 * A cell's value, drawn by what detect.ts says it is. Records (a block's several
 * outputs, a code cell's object) are laid out entry by entry: numbers as cards,
 * prose as paragraphs, every other entry under its own name, nested records
 * folded one level down and beyond that as a JSON tree.
 */
import { useMemo, useState } from "react";
import { tableFromRecords } from "../../blocks/core/ports";
import { isPanel, isSeries, type Panel, type Series, type Table } from "../../blocks/core/values";
import { monthlyReturns, monthlyTable } from "../../blocks/metrics/monthly";
import { Candles, EquityChart, FrontierChart, MatrixHeatmap, PanelHeatmap, PanelLines, PayoffChart, CalibrationChart, ImportanceBars, PortfolioBars, QuantileBars, ReturnsHistogram, RocChart, SeriesChart, StressTornado, WeightsBar } from "./charts";
import { DataTable, KpiCards, MonthlyTable } from "./DataTable";
import { detectOutput, formatNumber, payoffKey, type BacktestRecord, type DetectContext, type Detected } from "./detect";
import { formatValue, isPercentKey, keyLabel, showsPercent } from "./format";
import { renderMarkdown } from "./markdown";
import { Replay } from "./Replay";
import { AgentReportView, ApprovalView } from "./AgentViews";
import { isMlValidation, mlKeys, MlDiagnostics } from "./MlViews";

export { warmUpPlot } from "./plotWarmUp";

export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function OutputView({ value, ctx, depth = 0 }: { value: unknown; ctx: DetectContext; depth?: number }) {
  const d = useMemo(() => detectOutput(value, ctx), [value, ctx.name, ctx.cellKind, ctx.outputKind]);
  return <div className={`output output-${d.type}`} data-output={d.type}><DetectedView d={d} title={ctx.name ?? ""} subtitle={ctx.description} descriptions={ctx.descriptions} depth={depth} /></div>;
}

function Tabs<T extends string>({ tabs, children }: { tabs: T[]; children: (tab: T) => React.ReactNode }) {
  const [tab, setTab] = useState<T>(tabs[0]);
  return (
    <div>
      <div className="tabs small">
        {tabs.map((t) => <button key={t} type="button" aria-pressed={tab === t} className={tab === t ? "on" : ""} onClick={() => setTab(t)}>{t}</button>)}
      </div>
      {children(tab)}
    </div>
  );
}

function TableOrChart({ children, table }: { children: React.ReactNode; table: React.ReactNode }) {
  return <Tabs tabs={["chart", "table"]}>{(t) => (t === "chart" ? children : table)}</Tabs>;
}

/** A heading for views that carry no title of their own (cards, lists, trees). */
function Heading({ text }: { text: string }) {
  return text ? <strong className="chart-title">{text}</strong> : null;
}

/** Lists longer than this are a one-column table, not chips. */
const MAX_CHIPS = 60;

function DetectedView({ d, title, subtitle, descriptions, depth }: { d: Detected; title: string; subtitle?: string; descriptions?: Record<string, string>; depth: number }) {
  switch (d.type) {
    case "empty": return <p className="muted small">{title ? <><strong>{keyLabel(title)}:</strong> </> : null}(none)</p>;
    case "markdown": return <Markdown source={d.text} />;
    case "text": return <pre className="text-output">{d.text}</pre>;
    case "number": return <div className="kpi single"><div className="kpi-value">{formatValue(d.label, d.value)}</div><div className="kpi-label">{keyLabel(d.label)}</div></div>;
    case "equity": return <EquityChart series={d.series} title={`${title}: equity and drawdown`} />;
    case "returns": return <ReturnsView series={d.series} title={title} />;
    case "series": return <SeriesChart series={d.series} title={title} subtitle={subtitle} yLabel={title} percent={seriesIsPercent(title, d.series)} />;
    case "panel-lines": return <PanelLines panel={d.panel} title={`${title} (${d.panel.columns.length} columns)`} subtitle={subtitle} yLabel={title} percent={panelIsPercent(title, d.panel)} />;
    case "panel-heatmap": return <PanelHeatmap panel={d.panel} title={`${title} (${d.panel.columns.length} columns)`} />;
    case "matrix": return <MatrixHeatmap matrix={d.matrix} title={title} />;
    case "frontier": return <FrontierChart points={d.points} markers={d.markers} title={`${title}: efficient frontier`} />;
    case "payoff": return <PayoffChart points={d.points} title={`${title}: payoff`} yLabel={d.yLabel} breakevens={d.breakevens} />;
    case "weights": return <WeightsBar weights={d.weights} title={title} percent={d.percent !== false} xLabel={d.percent === false ? "Value" : /risk|contribution/i.test(d.label) ? "Share of risk (%)" : "Weight (%)"} />;
    case "bars": return <WeightsBar weights={d.values} title={title} percent={isPercentKey(d.label) && Object.values(d.values).every((v) => showsPercent(d.label, v))} xLabel={isPercentKey(d.label) ? `${keyLabel(d.label)} (%)` : keyLabel(d.label) || "Value"} />;
    case "portfolio": return <PortfolioView d={d} title={title} descriptions={descriptions} depth={depth} />;
    case "stress": return <StressTornado scenarios={d.scenarios} title={`${title}: stress scenarios`} />;
    case "monthly": return <MonthlyTable table={d.table} title={`${title}: monthly returns`} />;
    case "ohlc": return <TableOrChart table={<DataTable table={d.table} title={title} />}><Candles table={d.table} title={title} /></TableOrChart>;
    case "table": return <TableView table={d.table} title={title} subtitle={subtitle} />;
    case "list": return d.items.length > MAX_CHIPS ? <DataTable table={tableFromRecords(d.items.map((x) => ({ [title || "value"]: x })))} title={title} />
      : <div className="list-block"><Heading text={title} /><ul className={d.items.some((x) => x.length > 48) ? "list-output" : "chip-list"}>{d.items.map((x, i) => <li key={i}>{x}</li>)}</ul></div>;
    case "numbers": return d.values.length > MAX_CHIPS ? <DataTable table={tableFromRecords(d.values.map((x) => ({ [title || "value"]: x })))} title={title} />
      : <div className="list-block"><Heading text={title} /><ul className="chip-list numbers">{d.values.map((x, i) => <li key={i}>{formatValue(title, x)}</li>)}</ul></div>;
    case "grid": return <GridView rows={d.rows} title={title} />;
    case "roc": return <TableOrChart table={<DataTable table={tableFromRecords(d.rows.map(flatRecord))} title={title} />}><RocChart rows={d.rows} title={`${title}: ROC curve`} /></TableOrChart>;
    case "calibration": return <TableOrChart table={<DataTable table={tableFromRecords(d.rows.map(flatRecord))} title={title} />}><CalibrationChart rows={d.rows} title={`${title}: calibration`} /></TableOrChart>;
    case "importance": return <TableOrChart table={<DataTable table={tableFromRecords(d.rows.map(flatRecord))} title={title} />}><ImportanceBars rows={d.rows} title={`${title}: feature importance`} /></TableOrChart>;
    case "quantiles": return <QuantileBars rows={d.rows} title={`${title}: returns by score quantile`} />;
    case "records": return <DataTable table={tableFromRecords(d.rows.map(flatRecord))} title={title} />;
    case "kpis": return <KpiCards values={d.values} title={title || undefined} />;
    case "keyed": return <KeyedTable rows={d.rows} title={title} />;
    case "backtest": return <BacktestView record={d.record} title={title} />;
    case "record": return <RecordView entries={d.entries} descriptions={descriptions} prefix={title} depth={depth} />;
    case "ml-validation": return <MlValidationView record={d.record} title={title} descriptions={descriptions} depth={depth} />;
    case "agent-report": return <AgentReportView report={d.report} />;
    case "approval": return <ApprovalView record={d.record} />;
    case "json": return <JsonTree value={d.value} label={title} />;
  }
}

function seriesIsPercent(name: string, s: Series): boolean {
  if (!isPercentKey(s.name ?? name) && !isPercentKey(name)) return false;
  for (let i = 0; i < s.values.length; i++) if (Number.isFinite(s.values[i]) && Math.abs(s.values[i]) > 20) return false;
  return true;
}

function panelIsPercent(name: string, p: Panel): boolean {
  if (!isPercentKey(name)) return false;
  for (let i = 0; i < p.values.length; i++) if (Number.isFinite(p.values[i]) && Math.abs(p.values[i]) > 20) return false;
  return true;
}

/** A return series: its distribution with VaR and ES, or the returns over time. */
function ReturnsView({ series, title }: { series: Series; title: string }) {
  return (
    <Tabs tabs={["distribution", "over time"]}>
      {(t) => t === "distribution"
        ? <ReturnsHistogram series={series} title={`${title}: distribution of returns`} />
        : <SeriesChart series={series} title={`${title} over time`} yLabel="Return per period" percent />}
    </Tabs>
  );
}

/** A table: a dated table of numbers is drawn as lines (one per column), with the table a tab away. */
function TableView({ table, title, subtitle }: { table: Table; title: string; subtitle?: string }) {
  // Memoized: a new panel on every render would redraw the chart on every session event.
  const nums = useMemo(() => datedNumbers(table), [table]);
  const panel = useMemo(() => (nums ? tableToLines(table) : null), [table, nums]);
  if (!nums || !panel) return <DataTable table={table} title={title} />;
  return (
    <TableOrChart table={<DataTable table={table} title={title} />}>
      <PanelLines panel={panel} title={title} subtitle={subtitle} yLabel={nums.length <= 3 ? nums.join(", ") : "value"} percent={nums.every(isPercentKey) && panelIsPercent(nums[0], panel)} />
    </TableOrChart>
  );
}

/** The numeric columns of a table with one date column (at most 20 of them), else null. */
function datedNumbers(t: Table): string[] | null {
  const names = Object.keys(t.columns);
  const dates = names.filter((n) => t.types[n] === "date");
  const nums = names.filter((n) => t.types[n] === "number");
  const text = names.filter((n) => t.types[n] === "string");
  return dates.length === 1 && text.length === 0 && nums.length >= 1 && nums.length <= 20 && t.rowCount > 1 ? nums : null;
}

function tableToLines(t: Table): Panel {
  const date = Object.keys(t.columns).find((n) => t.types[n] === "date")!;
  const nums = datedNumbers(t)!;
  const n = t.rowCount, m = nums.length;
  const values = new Float64Array(n * m);
  for (let j = 0; j < m; j++) { const c = t.columns[nums[j]] as Float64Array; for (let i = 0; i < n; i++) values[i * m + j] = c[i]; }
  return { kind: "panel", index: t.columns[date] as Int32Array, columns: nums, values };
}

/** Records with nested objects of scalars ({fast: 50, slow: 200}) get one column per field (params.fast). */
function flatRecord(r: Record<string, unknown>): Record<string, number | string | null | boolean> {
  const out: Record<string, number | string | null | boolean> = {};
  for (const [k, v] of Object.entries(r)) {
    if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") out[k] = v;
    else if (v && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => x === null || ["number", "string", "boolean"].includes(typeof x)) && Object.keys(v).length <= 6) {
      for (const [k2, x] of Object.entries(v)) out[`${k}.${k2}`] = x as number | string | boolean | null;
    } else if (Array.isArray(v) && v.length === 0) out[k] = "";
    else out[k] = safeJson(v, 0);
  }
  return out;
}

function safeJson(v: unknown, indent = 2): string {
  try {
    return JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>).slice(0, 50) : typeof x === "number" && !Number.isFinite(x) ? null : x), indent);
  } catch {
    return String(v);
  }
}

/** Rows of a matrix-like list of number lists (e.g. Black-Litterman's P). */
function GridView({ rows, title }: { rows: (number | null)[][]; title: string }) {
  const width = Math.max(...rows.map((r) => r.length));
  return (
    <div className="list-block">
      <Heading text={`${title} (${rows.length} × ${width})`} />
      <div className="grid-scroll">
        <table className="mini-table grid-table">
          <thead><tr><th>#</th>{Array.from({ length: width }, (_, j) => <th key={j} className="num">{j + 1}</th>)}</tr></thead>
          <tbody>{rows.slice(0, 200).map((r, i) => <tr key={i}><th>{i + 1}</th>{r.map((x, j) => <td key={j} className={`num${x === 0 ? " zero" : ""}`}>{formatNumber(x)}</td>)}</tr>)}</tbody>
        </table>
      </div>
    </div>
  );
}

/** A record of records with shared fields: one row per entry, one column per field, each formatted by its name. */
export function KeyedTable({ rows, title }: { rows: [string, Record<string, unknown>][]; title?: string }) {
  const fields = [...new Set(rows.flatMap(([, r]) => Object.keys(r)))];
  const percentField = new Map(fields.map((f) => [f, isPercentKey(f) && rows.every(([, r]) => typeof r[f] !== "number" || showsPercent(f, r[f] as number))]));
  return (
    <div className="keyed">
      {title && <Heading text={title} />}
      <div className="grid-scroll">
        <table className="mini-table keyed-table">
          <thead><tr><th />{fields.map((f) => <th key={f} className="num">{keyLabel(f)}{percentField.get(f) ? " (%)" : ""}</th>)}</tr></thead>
          <tbody>
            {rows.map(([k, r]) => (
              <tr key={k}>
                <th>{k}</th>
                {fields.map((f) => {
                  const v = r[f];
                  const neg = typeof v === "number" && v < 0;
                  return <td key={f} className={`num${neg && percentField.get(f) ? " neg" : ""}`} title={`${k} ${f} = ${String(v)}`}>{formatValue(f, v, percentField.get(f))}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Small nested objects (reasons, findings, views) as a folding tree. */
export function JsonTree({ value, label, open = true }: { value: unknown; label?: string; open?: boolean }) {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) {
    return <span className="jt-leaf">{label !== undefined && <span className="jt-key">{label}: </span>}<span className={`jt-${value === null ? "null" : typeof value}`}>{typeof value === "string" ? value : formatValue(label ?? "", ArrayBuffer.isView(value) ? safeJson(value, 0) : value)}</span></span>;
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  return (
    <details className="json-tree" open={open}>
      <summary><span className="jt-key">{label ?? ""}</span> <span className="muted tiny">{Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`}</span></summary>
      <ul>{entries.slice(0, 200).map(([k, v]) => <li key={k}><JsonTree value={v} label={k} open={entries.length <= 12} /></li>)}</ul>
    </details>
  );
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v === "number" || typeof v === "boolean";
}

function flatNumbersOf(v: unknown): Record<string, number | null> | null {
  if (!v || typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v) || "kind" in (v as object)) return null;
  const vals = Object.values(v as object);
  return vals.length > 0 && vals.every((x) => x === null || typeof x === "number") ? (v as Record<string, number | null>) : null;
}

/** Several outputs (a block's record, a code cell's object): each drawn on its own, small ones first. */
function RecordView({ entries, descriptions, prefix, depth }: { entries: [string, unknown][]; descriptions?: Record<string, string>; prefix: string; depth: number }) {
  const scalars = entries.filter(([, v]) => isScalar(v));
  const shortTexts = entries.filter(([, v]) => typeof v === "string" && v.length <= 48);
  const longTexts = entries.filter(([, v]) => typeof v === "string" && v.length > 48);
  let rest = entries.filter(([, v]) => !isScalar(v) && typeof v !== "string");
  // Series on one calendar drawn together (rolling VaR and ES).
  const series = rest.filter(([, v]) => isSeries(v)) as [string, Series][];
  const together = series.length >= 2 && series.length <= 8 && series.every(([, s]) => sameIndex(s, series[0][1])) && !series.some(([k]) => /equity|returns?$/.test(k)) && commensurate(series);
  if (together) rest = rest.filter(([, v]) => !isSeries(v));
  // Memoized on the entries: a new panel on every render would redraw the chart on every session event.
  const togetherPanel = useMemo(() => (together ? seriesPanel(series) : null), [entries, together]);
  // Sibling groups of numbers with the same fields (two portfolios' KPIs): one comparison table.
  const groups = new Map<string, [string, Record<string, unknown>][]>();
  for (const [k, v] of rest) {
    const f = flatNumbersOf(v);
    if (f && Object.keys(f).length <= 12) { const sig = Object.keys(f).sort().join(","); groups.set(sig, [...(groups.get(sig) ?? []), [k, f]]); }
  }
  const compared = new Set([...groups.values()].filter((g) => g.length >= 2).flatMap((g) => g.map(([k]) => k)));
  const at = (k: string) => (prefix ? `${prefix}.${k}` : k);
  return (
    <div className="record">
      {scalars.length > 0 && <KpiCards values={Object.fromEntries(scalars) as Record<string, number | null | boolean>} />}
      {shortTexts.length > 0 && <p className="record-tags">{shortTexts.map(([k, v]) => <span key={k} className="tag"><span className="muted">{keyLabel(k)}</span> <strong>{v as string}</strong></span>)}</p>}
      {longTexts.map(([k, v]) => <p key={k} className="record-text"><strong>{keyLabel(k)}:</strong> {v as string}</p>)}
      {together && togetherPanel && <PanelLines panel={togetherPanel} title={`${prefix || "series"}: ${series.map(([k]) => k).join(", ")}`} yLabel={series.map(([k]) => k).join(", ")} percent={series.every(([k, s]) => seriesIsPercent(k, s))} height={220} />}
      {[...groups.values()].filter((g) => g.length >= 2).map((g) => <div key={g[0][0]} className="record-entry"><KeyedTable rows={g} title={g.map(([k]) => k).join(" vs ")} /></div>)}
      {rest.filter(([k]) => !compared.has(k)).map(([k, v]) => <RecordEntry key={k} name={k} title={at(k)} value={v} description={descriptions?.[k]} depth={depth} siblings={entries} />)}
    </div>
  );
}

function RecordEntry({ name, title, value, description, depth, siblings }: { name: string; title: string; value: unknown; description?: string; depth: number; siblings: [string, unknown][] }) {
  const d = useMemo(() => detectOutput(value, { name, description }), [value, name, description]);
  // A payoff diagram beside its strategy's breakevens.
  if (d.type === "payoff") {
    const be = siblings.find(([k]) => k === "breakevens")?.[1];
    const pk = payoffKey(value);
    const yLabel = pk === "pnl_expiry" || pk === "pnl" || pk === "profit" ? "Profit / loss at expiry (per unit)" : "Payoff at expiry (per unit)";
    return <div className="record-entry output-payoff"><PayoffChart points={d.points} title={`${title}: payoff`} yLabel={yLabel} breakevens={Array.isArray(be) ? (be as number[]) : []} /></div>;
  }
  if (d.type === "record") {
    if (depth >= 2) return <div className="record-entry"><JsonTree value={value} label={title} open={false} /></div>;
    return (
      <details className="record-entry record-nested" open={depth < 2}>
        <summary><strong>{title}</strong></summary>
        <RecordView entries={d.entries} prefix={title} depth={depth + 1} />
      </details>
    );
  }
  if (d.type === "kpis") return <div className="record-entry output-kpis"><KpiCards values={d.values} title={title} percent={isPercentKey(name) ? true : undefined} /></div>;
  return <div className={`record-entry output-${d.type}`} data-output={d.type}><DetectedView d={d} title={title} subtitle={description} depth={depth + 1} /></div>;
}

/** Series that can share an axis: all fractions, or sizes within a factor of 5 of each other. */
function commensurate(list: [string, Series][]): boolean {
  if (list.every(([k, s]) => seriesIsPercent(k, s))) return true;
  const sizes = list.map(([, s]) => { let m = 0; for (let i = 0; i < s.values.length; i++) { const v = Math.abs(s.values[i]); if (v > m) m = v; } return m; });
  const lo = Math.min(...sizes), hi = Math.max(...sizes);
  return lo > 0 && hi / lo <= 5;
}

function sameIndex(a: Series, b: Series): boolean {
  if (a.index.length !== b.index.length) return false;
  for (let i = 0; i < a.index.length; i++) if (a.index[i] !== b.index[i]) return false;
  return true;
}

function seriesPanel(list: [string, Series][]): Panel {
  const n = list[0][1].index.length, m = list.length;
  const values = new Float64Array(n * m);
  list.forEach(([, s], j) => { for (let i = 0; i < n; i++) values[i * m + j] = s.values[i]; });
  return { kind: "panel", index: list[0][1].index, columns: list.map(([k]) => k), values };
}

/** An optimizer's answer: its diagnostics as cards, weights beside risk contributions, then anything else it returned. */
function PortfolioView({ d, title, descriptions, depth }: { d: Extract<Detected, { type: "portfolio" }>; title: string; descriptions?: Record<string, string>; depth: number }) {
  const n = Object.values(d.weights).filter((w) => Math.abs(w) > 1e-6).length;
  return (
    <div className="portfolio">
      <KpiCards values={{ ...d.kpis, holdings: n }} title={title ? `${title}: portfolio` : "Portfolio"} />
      <PortfolioBars weights={d.weights} risk={d.risk} title={`${title || "portfolio"}: weights${d.risk ? " and risk contributions" : ""}`} />
      {d.rest.length > 0 && <RecordView entries={d.rest} descriptions={descriptions} prefix={title} depth={depth} />}
    </div>
  );
}

/** A classifier's validation drawn together, then the rest of its record (the model). */
function MlValidationView({ record, title, descriptions, depth }: { record: Record<string, unknown>; title: string; descriptions?: Record<string, string>; depth: number }) {
  const drawn = new Set(mlKeys(record));
  const rest = Object.entries(record).filter(([k]) => !drawn.has(k));
  return (
    <div className="ml-validation">
      <MlDiagnostics record={record} title={title} />
      {rest.length > 0 && <RecordView entries={rest} descriptions={descriptions} prefix={title} depth={depth} />}
    </div>
  );
}

function BacktestView({ record, title }: { record: BacktestRecord; title: string }) {
  const ml = isMlValidation(record);
  const mlDrawn = new Set(ml ? mlKeys(record) : []);
  const others = Object.entries(record).filter(([k]) => !mlDrawn.has(k) && !["equity", "kpis", "returns", "trades", "holdings", "exposures", "turnover", "signal", "position"].includes(k));
  const monthly = useMemo(() => (record.returns && isSeries(record.returns) && record.returns.values.length > 20 ? monthlyTable(monthlyReturns(record.returns.index, record.returns.values)) : null), [record.returns]);
  const position = isSeries(record.position) ? record.position : isSeries(record.signal) ? record.signal : null;
  return (
    <div className="backtest">
      <Tabs tabs={["results", "replay"]}>
        {(tab) => tab === "replay" ? <Replay record={record} /> : (
          <>
            {record.kpis && <KpiCards values={record.kpis} title="Performance" />}
            <EquityChart series={record.equity} title={`${title}: equity and drawdown`} />
            {position && <SeriesChart series={position} title={`${title}: ${record.position ? "position held" : "signal"}`} yLabel={record.position ? "Position" : "Signal"} />}
            {record.returns && <ReturnsHistogram series={record.returns} title={`${title}: distribution of daily returns`} />}
            {monthly && <MonthlyTable table={monthly} title={`${title}: monthly returns`} />}
            {record.exposures && isPanel(record.exposures) && <PanelLines panel={record.exposures} title={`${title}: exposures`} yLabel="Fraction of equity" percent height={180} />}
            {record.trades && <DataTable table={record.trades} title={`${title}: trades`} />}
            {ml && <MlDiagnostics record={record} title={title} />}
            {others.map(([k, v]) => <RecordEntry key={k} name={k} title={`${title}.${k}`} value={v} depth={1} siblings={others} />)}
          </>
        )}
      </Tabs>
    </div>
  );
}
