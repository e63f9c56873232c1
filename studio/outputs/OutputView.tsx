/**
 * A cell's value, drawn by what detect.ts says it is.
 */
import { useMemo, useState } from "react";
import { tableFromRecords } from "../../blocks/core/ports";
import type { Panel, Table } from "../../blocks/core/values";
import { Candles, EquityChart, FrontierChart, MatrixHeatmap, PanelHeatmap, PanelLines, PayoffChart, ReturnsHistogram, SeriesChart, StressTornado, WeightsBar } from "./charts";
import { DataTable, KpiCards, MonthlyTable } from "./DataTable";
import { detectOutput, formatNumber, type BacktestRecord, type DetectContext, type Detected } from "./detect";
import { renderMarkdown } from "./markdown";
import { Replay } from "./Replay";

export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function OutputView({ value, ctx }: { value: unknown; ctx: DetectContext }) {
  const d = useMemo(() => detectOutput(value, ctx), [value, ctx.name, ctx.cellKind, ctx.outputKind]);
  return <div className={`output output-${d.type}`} data-output={d.type}><DetectedView d={d} title={ctx.name ?? ""} subtitle={ctx.description} descriptions={ctx.descriptions} /></div>;
}

function TableOrChart({ children, table }: { children: React.ReactNode; table: React.ReactNode }) {
  const [tab, setTab] = useState<"chart" | "table">("chart");
  return (
    <div>
      <div className="tabs small">
        <button type="button" className={tab === "chart" ? "on" : ""} onClick={() => setTab("chart")}>chart</button>
        <button type="button" className={tab === "table" ? "on" : ""} onClick={() => setTab("table")}>table</button>
      </div>
      {tab === "chart" ? children : table}
    </div>
  );
}

function DetectedView({ d, title, subtitle, descriptions }: { d: Detected; title: string; subtitle?: string; descriptions?: Record<string, string> }) {
  switch (d.type) {
    case "empty": return <p className="muted small">(no value)</p>;
    case "markdown": return <Markdown source={d.text} />;
    case "text": return <pre className="text-output">{d.text}</pre>;
    case "number": return <div className="kpi single"><div className="kpi-value">{formatNumber(d.value)}</div><div className="kpi-label">{d.label}</div></div>;
    case "equity": return <EquityChart series={d.series} title={`${title}: equity and drawdown`} />;
    case "returns": return <ReturnsHistogram series={d.series} title={`${title}: distribution of returns`} />;
    case "series": return <SeriesChart series={d.series} title={title} subtitle={subtitle} yLabel={title} />;
    case "panel-lines": return <PanelLines panel={d.panel} title={`${title} (${d.panel.columns.length} columns)`} subtitle={subtitle} yLabel={title} />;
    case "panel-heatmap": return <PanelHeatmap panel={d.panel} title={`${title} (${d.panel.columns.length} columns)`} />;
    case "matrix": return <MatrixHeatmap matrix={d.matrix} title={title} />;
    case "frontier": return <FrontierChart points={d.points} title={`${title}: efficient frontier`} />;
    case "payoff": return <PayoffChart points={d.points} title={`${title}: payoff at expiry`} />;
    case "weights": return <WeightsBar weights={d.weights} title={title} xLabel={/risk|contribution/i.test(d.label) ? "Share of risk (%)" : "Weight (%)"} />;
    case "stress": return <StressTornado scenarios={d.scenarios} title={`${title}: stress scenarios`} />;
    case "monthly": return <MonthlyTable table={d.table} title={`${title}: monthly returns`} />;
    case "ohlc": return <TableOrChart table={<DataTable table={d.table} title={title} />}><Candles table={d.table} title={title} /></TableOrChart>;
    case "table": return datedNumbers(d.table)
      ? <TableOrChart table={<DataTable table={d.table} title={title} />}><PanelLines panel={tableToLines(d.table)} title={title} subtitle={subtitle} yLabel={datedNumbers(d.table)!.join(", ")} /></TableOrChart>
      : <DataTable table={d.table} title={title} />;
    case "list": return <ul className="list-output">{d.items.map((x, i) => <li key={i}>{x}</li>)}</ul>;
    case "records": return <DataTable table={tableFromRecords(d.rows.map(flatRecord))} title={title} />;
    case "kpis": return <KpiCards values={d.values} title={title} />;
    case "backtest": return <BacktestView record={d.record} title={title} />;
    case "record": return <RecordView entries={d.entries} descriptions={descriptions} />;
    case "json": return <pre className="text-output">{safeJson(d.value)}</pre>;
  }
}

/** The numeric columns of a table with one date column (at most 8 of them), else null. */
function datedNumbers(t: Table): string[] | null {
  const names = Object.keys(t.columns);
  const dates = names.filter((n) => t.types[n] === "date");
  const nums = names.filter((n) => t.types[n] === "number");
  const text = names.filter((n) => t.types[n] === "string");
  return dates.length === 1 && text.length === 0 && nums.length >= 1 && nums.length <= 8 && t.rowCount > 1 ? nums : null;
}

function tableToLines(t: Table): Panel {
  const date = Object.keys(t.columns).find((n) => t.types[n] === "date")!;
  const nums = datedNumbers(t)!;
  const n = t.rowCount, m = nums.length;
  const values = new Float64Array(n * m);
  for (let j = 0; j < m; j++) { const c = t.columns[nums[j]] as Float64Array; for (let i = 0; i < n; i++) values[i * m + j] = c[i]; }
  return { kind: "panel", index: t.columns[date] as Int32Array, columns: nums, values };
}

function flatRecord(r: Record<string, unknown>): Record<string, number | string | null | boolean> {
  const out: Record<string, number | string | null | boolean> = {};
  for (const [k, v] of Object.entries(r)) out[k] = v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : safeJson(v);
  return out;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>).slice(0, 50) : typeof x === "number" && !Number.isFinite(x) ? null : x), 2);
  } catch {
    return String(v);
  }
}

/** Several outputs (a block's record): each drawn on its own, small ones first. */
function RecordView({ entries, descriptions }: { entries: [string, unknown][]; descriptions?: Record<string, string> }) {
  const scalars = entries.filter(([, v]) => typeof v === "number" || v === null);
  const texts = entries.filter(([, v]) => typeof v === "string");
  const rest = entries.filter(([, v]) => typeof v !== "number" && v !== null && typeof v !== "string");
  return (
    <div className="record">
      {scalars.length > 0 && <KpiCards values={Object.fromEntries(scalars) as Record<string, number | null>} />}
      {texts.map(([k, v]) => <p key={k} className="record-text"><strong>{k}:</strong> {v as string}</p>)}
      {rest.map(([k, v]) => <div key={k} className="record-entry"><OutputView value={v} ctx={{ name: k, description: descriptions?.[k] }} /></div>)}
    </div>
  );
}

function BacktestView({ record, title }: { record: BacktestRecord; title: string }) {
  const [tab, setTab] = useState<"results" | "replay">("results");
  const others = Object.entries(record).filter(([k]) => !["equity", "kpis", "returns", "trades", "holdings", "exposures", "turnover"].includes(k));
  return (
    <div className="backtest">
      <div className="tabs small">
        <button type="button" className={tab === "results" ? "on" : ""} onClick={() => setTab("results")}>results</button>
        <button type="button" className={tab === "replay" ? "on" : ""} onClick={() => setTab("replay")}>replay</button>
      </div>
      {tab === "replay" ? <Replay record={record} /> : (
        <>
          {record.kpis && <KpiCards values={record.kpis} title="Performance" />}
          <EquityChart series={record.equity} title={`${title}: equity and drawdown`} />
          {record.returns && <ReturnsHistogram series={record.returns} title="Daily returns" />}
          {record.exposures && <PanelLines panel={record.exposures} title="Exposures" yLabel="Fraction of equity" />}
          {record.trades && <DataTable table={record.trades} title="Trades" />}
          {others.map(([k, v]) => <OutputView key={k} value={v} ctx={{ name: k }} />)}
        </>
      )}
    </div>
  );
}
