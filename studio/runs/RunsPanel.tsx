/**
 * The run history of the open notebook: one row per computed backtest or
 * optimizer result (cell, block, when, data version, headline KPIs). Tick two or
 * more to compare them side by side: parameters (those that differ highlighted),
 * every KPI, and the equity curves overlaid.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import * as Plot from "@observablehq/plot";
import { useNotebook } from "../state";
import { useStudio } from "../ui/context";
import { PlotFigure } from "../outputs/PlotFigure";
import { tokens } from "../ui/tokens";
import { persistence, usePersistence } from "../persistence/controller";
import type { RunRow } from "../persistence/db";
import { compareRuns, listRuns } from "./runs";

const HEADLINE = ["sharpe", "cagr", "annual_return", "max_drawdown", "volatility", "annual_volatility", "expected_return", "total_return"];

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(2) : x.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/** The time today, or the date and time before. */
function when(at: number): string {
  const d = new Date(at);
  const time = d.toLocaleTimeString("en-US", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  return d.toDateString() === new Date().toDateString() ? time : `${d.toISOString().slice(0, 10)} ${time.slice(0, 5)}`;
}

/** A param value (JSON text) as shown: strings without their quotes. */
function shown(v: string | undefined): string {
  if (v === undefined) return "—";
  return /^"[^"\\]*"$/.test(v) ? v.slice(1, -1) : v;
}

function label(r: RunRow, i: number): string {
  return `#${r.id ?? i} ${r.cellName}`;
}

export function RunsPanel() {
  const { store } = useStudio();
  const nb = useNotebook(store);
  const p = persistence();
  const { runsVersion } = usePersistence();
  const [runs, setRuns] = useState<RunRow[]>([]);
  const [picked, setPicked] = useState<number[]>([]);

  useEffect(() => { if (p?.db) void listRuns(p.db, nb.id).then(setRuns); }, [p, nb.id, runsVersion]);

  const chosen = runs.filter((r) => r.id !== undefined && picked.includes(r.id));
  const headline = useMemo(() => HEADLINE.filter((k) => runs.some((r) => k in r.kpis)).slice(0, 4), [runs]);
  const toggle = (id: number) => setPicked((x) => (x.includes(id) ? x.filter((y) => y !== id) : [...x, id]));

  if (!runs.length) return <div className="runs-panel"><p className="muted">No runs yet. Every computed result of a <code>backtest.run</code>, <code>backtest.walk_forward</code>, <code>optimize.portfolio</code> or <code>optimize.rolling</code> cell is kept here with its parameters, data version and KPIs.</p></div>;
  return (
    <div className="runs-panel" data-testid="runs-panel">
      <div className="runs-scroll">
      <table className="runs-table">
        <thead><tr><th /><th>run</th><th>block</th><th>when</th><th>data</th>{headline.map((k) => <th key={k}>{k}</th>)}<th /></tr></thead>
        <tbody>
          {runs.map((r, i) => (
            <tr key={r.id} className={picked.includes(r.id!) ? "picked" : ""}>
              <td><input type="checkbox" aria-label={`compare run ${r.id}`} checked={picked.includes(r.id!)} onChange={() => toggle(r.id!)} /></td>
              <td>{label(r, i)}</td>
              <td className="small">{r.block}{r.note ? <div className="run-note" title={r.note}>{r.note}</div> : null}</td>
              <td className="small" title={new Date(r.at).toLocaleString()}>{when(r.at)}</td>
              <td className="small mono" title={r.datasetVersion}>{r.datasetVersion.slice(0, 8)}</td>
              {headline.map((k) => <td key={k} className="num">{fmt(r.kpis[k])}</td>)}
              <td><button type="button" className="icon danger" aria-label="delete run" onClick={() => void p?.db?.runs.delete(r.id!).then(() => p.bumpRuns())}>✕</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {chosen.length === 0 && runs.length > 1 && <p className="muted small">Tick two or more runs to compare them.</p>}
      {chosen.length === 1 && <p className="muted small">Tick one more run to compare.</p>}
      {chosen.length >= 2 && <Compare runs={chosen} />}
    </div>
  );
}

function Compare({ runs }: { runs: RunRow[] }) {
  const cmp = useMemo(() => compareRuns(runs), [runs]);
  const curves = runs.filter((r) => r.equity);
  const options = useCallback(() => {
    const rows = curves.flatMap((r, i) => Array.from(r.equity!.index, (d, k) => ({ date: new Date(d * 86_400_000), value: r.equity!.values[k], run: label(r, i) })).filter((x) => Number.isFinite(x.value)));
    return {
      height: 260, marginLeft: 50,
      x: { type: "utc" as const, label: "Date" },
      y: { label: "Equity (× start)", grid: true },
      color: { legend: true, range: tokens.color.series },
      marks: [Plot.ruleY([1], { stroke: tokens.color.border }), Plot.lineY(rows, { x: "date", y: "value", stroke: "run", tip: true })],
    };
  }, [curves]);
  return (
    <div className="compare" data-testid="runs-compare">
      <h4>Parameters</h4>
      <table className="runs-table" data-testid="runs-params">
        <thead><tr><th /> {runs.map((r, i) => <th key={r.id}>{label(r, i)}</th>)}</tr></thead>
        <tbody>
          {cmp.params.map((p) => (
            <tr key={p.key} className={p.differs ? "differs" : ""}>
              <td className="small">{p.key}</td>
              {p.values.map((v, i) => <td key={i} className="small mono" title={v}>{shown(v)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <h4>KPIs</h4>
      <table className="runs-table" data-testid="runs-kpis">
        <thead><tr><th /> {runs.map((r, i) => <th key={r.id} className="num">{label(r, i)}</th>)}</tr></thead>
        <tbody>
          {cmp.kpis.map((k) => (
            <tr key={k.key}><td className="small">{k.key}</td>{k.values.map((v, i) => <td key={i} className="num">{fmt(v)}</td>)}</tr>
          ))}
        </tbody>
      </table>
      {curves.length > 0 ? <><h4>Equity</h4><PlotFigure options={options} /></> : <p className="muted small">These runs have no equity curve.</p>}
    </div>
  );
}
