/**
 * Replay of a backtest: a slider and play/pause step through the dates; the view
 * shows equity, holdings and the trades up to that date, and the target each
 * trade moved toward. The engine decides at the close of t with data up to t
 * only, and the screen says so.
 */
import { useEffect, useMemo, useState } from "react";
import * as Plot from "@observablehq/plot";
import { daysToIso } from "../../blocks/core/dates";
import type { Table } from "../../blocks/core/values";
import { tokens } from "../ui/tokens";
import { PlotFigure } from "./PlotFigure";
import { dayToDate, strideIndices } from "./data";
import type { BacktestRecord } from "./detect";

interface TradeRow { date: number; asset: string; from: number; to: number; traded: number; cost: number; unfilled: number }

function tradeRows(t: Table | undefined): TradeRow[] {
  if (!t) return [];
  const col = (n: string) => t.columns[n] as Float64Array | undefined;
  const d = t.columns.date as Int32Array, a = t.columns.asset as string[];
  const from = col("from"), to = col("to"), traded = col("traded"), cost = col("cost"), unfilled = col("unfilled");
  return Array.from({ length: t.rowCount }, (_, i) => ({
    date: d[i], asset: a[i], from: from?.[i] ?? NaN, to: to?.[i] ?? NaN,
    traded: traded?.[i] ?? (to && from ? to[i] - from[i] : NaN), cost: cost?.[i] ?? NaN, unfilled: unfilled?.[i] ?? 0,
  }));
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : "—");

export function Replay({ record }: { record: BacktestRecord }) {
  const eq = record.equity;
  const n = eq.index.length;
  const trades = useMemo(() => tradeRows(record.trades), [record.trades]);
  const tradeDays = useMemo(() => [...new Set(trades.map((r) => r.date))].sort((x, y) => x - y), [trades]);
  const [t, setT] = useState(n - 1);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(5);
  useEffect(() => { setT((x) => Math.min(x, n - 1)); }, [n]);
  useEffect(() => {
    if (!playing) return;
    const h = setInterval(() => setT((x) => {
      if (x >= n - 1) { setPlaying(false); return x; }
      return Math.min(n - 1, x + speed);
    }), 80);
    return () => clearInterval(h);
  }, [playing, speed, n]);

  const day = eq.index[t];
  const today = trades.filter((r) => r.date === day);
  const lastTradeDay = tradeDays.filter((d) => d <= day).pop();
  const shownTrades = today.length ? today : lastTradeDay !== undefined ? trades.filter((r) => r.date === lastTradeDay) : [];
  const holdings = useMemo(() => {
    const h = record.holdings;
    if (!h) return [] as { asset: string; w: number }[];
    const m = h.columns.length;
    const row: { asset: string; w: number }[] = [];
    for (let j = 0; j < m; j++) { const w = h.values[t * m + j]; if (Number.isFinite(w) && Math.abs(w) > 1e-9) row.push({ asset: h.columns[j], w }); }
    return row.sort((a, b) => b.w - a.w);
  }, [record.holdings, t]);

  const equityOpts = useMemo(() => {
    const all = strideIndices(n, 1500);
    const upTo = all.filter((i) => i <= t).concat(all.includes(t) ? [] : [t]);
    const rows = upTo.map((i) => ({ date: dayToDate(eq.index[i]), value: eq.values[i] })).filter((r) => Number.isFinite(r.value));
    const lo = Math.min(...Array.from(eq.values).filter(Number.isFinite)), hi = Math.max(...Array.from(eq.values).filter(Number.isFinite));
    const tradeMarks = tradeDays.filter((d) => d <= day).map((d) => ({ date: dayToDate(d) }));
    return () => ({
      title: `Equity up to ${daysToIso(day)}`, height: 190, marginLeft: 50,
      x: { type: "utc" as const, label: "Date", domain: [dayToDate(eq.index[0]), dayToDate(eq.index[n - 1])] },
      y: { label: "Equity (× start)", grid: true, domain: [lo, hi] },
      marks: [
        ...(tradeMarks.length <= 150 ? [Plot.tickX(tradeMarks, { x: "date", stroke: tokens.color.border, strokeOpacity: 0.6 })] : []),
        Plot.lineY(rows, { x: "date", y: "value", stroke: tokens.color.accent, tip: true }),
        Plot.ruleX([dayToDate(day)], { stroke: tokens.color.warn }),
      ],
    });
  }, [eq, n, t, day, tradeDays]);

  const step = (dir: 1 | -1) => {
    setPlaying(false);
    if (dir > 0) { const d = tradeDays.find((x) => x > day); if (d !== undefined) setT(eq.index.indexOf(d)); }
    else { const d = [...tradeDays].reverse().find((x) => x < day); if (d !== undefined) setT(eq.index.indexOf(d)); }
  };

  return (
    <div className="replay" data-testid="replay">
      <p className="replay-note">
        <strong>No look-ahead:</strong> each decision at date <em>t</em> used data up to <em>t</em> only. Targets dated <em>t</em> trade at the close of <em>t</em> and earn from <em>t</em>+1.
      </p>
      <div className="replay-controls">
        <button type="button" onClick={() => { if (t >= n - 1) setT(0); setPlaying(!playing); }} aria-label={playing ? "pause" : "play"}>{playing ? "❚❚ Pause" : "▶ Play"}</button>
        <button type="button" className="small" onClick={() => step(-1)} title="previous trade date">‹ trade</button>
        <input type="range" min={0} max={n - 1} value={t} onChange={(e) => { setPlaying(false); setT(Number(e.target.value)); }} aria-label="replay date" />
        <button type="button" className="small" onClick={() => step(1)} title="next trade date">trade ›</button>
        <span className="replay-date">{daysToIso(day)}</span>
        <label className="small">speed <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>{[1, 5, 20, 60].map((s) => <option key={s} value={s}>{s} d/step</option>)}</select></label>
      </div>
      <div className="replay-stats">
        <span>equity <strong>{eq.values[t].toFixed(4)}</strong></span>
        <span>trades so far <strong>{trades.filter((r) => r.date <= day).length}</strong></span>
        {record.turnover && <span>turnover today <strong>{pct(record.turnover.values[t])}</strong></span>}
      </div>
      <PlotFigure options={equityOpts} />
      <div className="replay-grid">
        <div>
          <strong className="chart-title">Holdings after the close of {daysToIso(day)}</strong>
          {holdings.length === 0 ? <p className="muted small">All cash.</p> : (
            <table className="mini-table"><tbody>{holdings.slice(0, 30).map((h) => <tr key={h.asset}><th>{h.asset}</th><td className="num">{pct(h.w)}</td><td><span className="bar" style={{ width: `${Math.min(100, Math.abs(h.w) * 100)}%`, background: h.w >= 0 ? tokens.color.accent : tokens.color.negative }} /></td></tr>)}</tbody></table>
          )}
        </div>
        <div>
          <strong className="chart-title">{today.length ? `Trades at the close of ${daysToIso(day)}` : lastTradeDay !== undefined ? `No trade today; last trades on ${daysToIso(lastTradeDay)}` : "No trade yet"}</strong>
          {shownTrades.length > 0 && (
            <table className="mini-table">
              <thead><tr><th>asset</th><th>held</th><th>target</th><th>traded</th><th>cost</th></tr></thead>
              <tbody>{shownTrades.slice(0, 40).map((r) => (
                <tr key={r.asset} title={`${r.asset}: the target weight ${pct(r.to + r.unfilled)} decided with data up to ${daysToIso(r.date)} moved the holding from ${pct(r.from)}`}>
                  <th>{r.asset}</th><td className="num">{pct(r.from)}</td><td className="num">{pct(r.to + r.unfilled)}</td>
                  <td className={`num ${r.traded >= 0 ? "pos" : "neg"}`}>{r.traded >= 0 ? "+" : ""}{pct(r.traded)}</td><td className="num">{pct(r.cost)}</td>
                </tr>
              ))}</tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}
