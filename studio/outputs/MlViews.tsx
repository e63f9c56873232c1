/**
 * A classifier's out-of-sample validation (ml.walk_forward, ml.signal_strategy):
 * pooled metrics as cards, the confusion matrix as a 2x2 grid of counts and
 * rates, the ROC curve (AUC in its title, chance diagonal), the reliability
 * diagram (diagonal = calibrated), feature importance sorted, the predicted
 * probability over time against the threshold, and the per-fold table.
 */
import { useCallback } from "react";
import * as Plot from "@observablehq/plot";
import { tableFromRecords } from "../../blocks/core/ports";
import { isSeries, type Series } from "../../blocks/core/values";
import { tokens } from "../ui/tokens";
import { CalibrationChart, ImportanceBars, RocChart } from "./charts";
import { DataTable, KpiCards } from "./DataTable";
import { seriesRows } from "./data";
import { PlotFigure } from "./PlotFigure";

export interface Confusion { tp: number; fp: number; tn: number; fn: number }

const ML_KEYS = ["metrics", "confusion", "roc", "calibration", "importance", "predictions", "folds", "fold"];

export function isConfusion(v: unknown): v is Confusion {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  return ["tp", "fp", "tn", "fn"].every((k) => typeof o[k] === "number");
}

/** Whether a record carries a classifier's validation (a confusion matrix and a ROC curve). */
export function isMlValidation(v: Record<string, unknown>): boolean {
  return isConfusion(v.confusion) && Array.isArray(v.roc);
}

/** The keys MlDiagnostics draws (the rest of the record is drawn by its caller). */
export function mlKeys(v: Record<string, unknown>): string[] {
  return ML_KEYS.filter((k) => k in v);
}

/** Rates of a confusion matrix; NaN where a denominator is 0. */
export function confusionRates(m: Confusion) {
  const d = (a: number, b: number) => (b > 0 ? a / b : NaN);
  return {
    tpr: d(m.tp, m.tp + m.fn), fnr: d(m.fn, m.tp + m.fn), fpr: d(m.fp, m.fp + m.tn), tnr: d(m.tn, m.fp + m.tn),
    precision: d(m.tp, m.tp + m.fp), accuracy: d(m.tp + m.tn, m.tp + m.tn + m.fp + m.fn),
  };
}

const pct1 = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : "—");

/** Rows: actual (positive, negative); columns: predicted (positive, negative). Each cell: count, its rate within the actual row, share of all. */
export function ConfusionMatrix({ m, title }: { m: Confusion; title: string }) {
  const n = m.tp + m.fp + m.tn + m.fn;
  const r = confusionRates(m);
  const cells = [
    { k: "TP", count: m.tp, rate: r.tpr, rateLabel: "of actual up · TPR", row: 0, col: 0, good: true },
    { k: "FN", count: m.fn, rate: r.fnr, rateLabel: "of actual up · FNR", row: 0, col: 1, good: false },
    { k: "FP", count: m.fp, rate: r.fpr, rateLabel: "of actual down · FPR", row: 1, col: 0, good: false },
    { k: "TN", count: m.tn, rate: r.tnr, rateLabel: "of actual down · TNR", row: 1, col: 1, good: true },
  ];
  const W = 170, H = 74, L = 96, T = 40;
  const c = tokens.color;
  return (
    <div className="confusion-matrix">
      <strong className="chart-title">{title}</strong>
      <svg width={L + 2 * W + 8} height={T + 2 * H + 30} role="img" aria-label={`${title}: TP ${m.tp}, FP ${m.fp}, TN ${m.tn}, FN ${m.fn}`}>
        <text x={L + W} y={14} textAnchor="middle" fontSize={12} fill={c.text}>Predicted</text>
        <text x={L + W / 2} y={32} textAnchor="middle" fontSize={11} fill={c.muted}>up (1)</text>
        <text x={L + 1.5 * W} y={32} textAnchor="middle" fontSize={11} fill={c.muted}>down (0)</text>
        <text x={14} y={T + H} textAnchor="middle" fontSize={12} fill={c.text} transform={`rotate(-90 14 ${T + H})`}>Actual</text>
        <text x={L - 8} y={T + H / 2 + 4} textAnchor="end" fontSize={11} fill={c.muted}>up (1)</text>
        <text x={L - 8} y={T + 1.5 * H + 4} textAnchor="end" fontSize={11} fill={c.muted}>down (0)</text>
        {cells.map((x) => {
          const share = n > 0 ? x.count / n : 0;
          const fill = x.good ? c.accent : c.negative;
          return (
            <g key={x.k} transform={`translate(${L + x.col * W},${T + x.row * H})`}>
              <rect width={W - 4} height={H - 4} rx={4} fill={fill} fillOpacity={0.08 + 0.6 * (Number.isFinite(x.rate) ? x.rate : 0)} stroke={c.border} />
              <text x={8} y={18} fontSize={11} fontWeight={700} fill={c.text}>{x.k}</text>
              <text x={W - 12} y={18} fontSize={10} textAnchor="end" fill={c.muted}>{pct1(share)} of all</text>
              <text x={(W - 4) / 2} y={42} fontSize={18} fontWeight={600} textAnchor="middle" fill={c.text}>{x.count.toLocaleString("en-US")}</text>
              <text x={(W - 4) / 2} y={60} fontSize={10} textAnchor="middle" fill={c.text}>{pct1(x.rate)} {x.rateLabel}</text>
            </g>
          );
        })}
        <text x={L} y={T + 2 * H + 18} fontSize={11} fill={c.muted}>n = {n.toLocaleString("en-US")} · accuracy {pct1(r.accuracy)} · precision {pct1(r.precision)}</text>
      </svg>
    </div>
  );
}

/** The out-of-sample probability of "up" over time, with the decision threshold; days above it are shaded (predicted up). */
export function ProbabilityChart({ series, title, threshold = 0.5 }: { series: Series; title: string; threshold?: number }) {
  const opts = useCallback(() => {
    const c = tokens.color;
    const rows = seriesRows(series, 4000).filter((r) => Number.isFinite(r.value));
    return {
      title, subtitle: `shaded: above the ${threshold} threshold (predicted up); blank outside the test folds`, height: 220, marginLeft: 50,
      x: { type: "utc" as const, label: "Date" },
      y: { label: "P(up) out of sample (%)", percent: true, grid: true },
      marks: [
        Plot.areaY(rows, { x: "date", y1: threshold, y2: (r: { value: number }) => Math.max(threshold, r.value), fill: c.accent, fillOpacity: 0.25 }),
        Plot.lineY(rows, { x: "date", y: "value", stroke: c.accent, strokeWidth: 1, tip: true }),
        Plot.ruleY([threshold], { stroke: c.muted, strokeDasharray: "4,4" }),
      ],
    };
  }, [series, title, threshold]);
  return <PlotFigure options={opts} className="chart-probability" />;
}

/** The close, with the days the model predicted "up" (probability above the threshold) marked on it. */
export function PredictionsOverPrice({ close, predictions, title, threshold = 0.5 }: { close: Series; predictions: Series; title: string; threshold?: number }) {
  const opts = useCallback(() => {
    const c = tokens.color;
    const prices = seriesRows(close, 4000).filter((r) => Number.isFinite(r.value));
    const p = new Map<number, number>();
    predictions.index.forEach((d, i) => p.set(d, predictions.values[i]));
    const up = Array.from(close.index).flatMap((d, i) => {
      const q = p.get(d);
      return q !== undefined && q > threshold && Number.isFinite(close.values[i]) ? [{ date: new Date(d * 864e5), value: close.values[i], p: q }] : [];
    });
    return {
      title, subtitle: `dots: days the model predicted up (P > ${threshold}), out of sample`, height: 240, marginLeft: 55,
      x: { type: "utc" as const, label: "Date" },
      y: { label: "Close", grid: true },
      marks: [
        Plot.lineY(prices, { x: "date", y: "value", stroke: c.muted, strokeWidth: 1 }),
        Plot.dot(up, { x: "date", y: "value", r: 1.5, fill: c.accent, tip: true, title: (r: { p: number }) => `P(up) ${(r.p * 100).toFixed(1)}%` }),
      ],
    };
  }, [close, predictions, title, threshold]);
  return <PlotFigure options={opts} className="chart-predictions-price" />;
}

function flatFold(f: Record<string, unknown>): Record<string, number | string | null | boolean> {
  const out: Record<string, number | string | null | boolean> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [k2, x] of Object.entries(v as Record<string, unknown>)) if (x === null || ["number", "string", "boolean"].includes(typeof x)) out[k2] = x as number | string | boolean | null;
    } else if (v === null || ["number", "string", "boolean"].includes(typeof v)) out[k] = v as number | string | boolean | null;
  }
  return out;
}

export function MlDiagnostics({ record, title }: { record: Record<string, unknown>; title: string }) {
  const metrics = record.metrics as Record<string, number | null> | undefined;
  const auc = typeof metrics?.auc === "number" ? metrics.auc : null;
  const folds = Array.isArray(record.folds) ? (record.folds as Record<string, unknown>[]) : [];
  return (
    <div className="ml-diagnostics">
      {metrics && <KpiCards values={metrics} title={`${title}: pooled out-of-sample metrics`} />}
      <div className="ml-grid">
        {isConfusion(record.confusion) && <ConfusionMatrix m={record.confusion} title={`${title}: confusion matrix`} />}
        {Array.isArray(record.roc) && record.roc.length >= 2 && <div className="ml-cell"><RocChart rows={record.roc as Record<string, unknown>[]} title={`${title}: ROC curve`} auc={auc} /></div>}
        {Array.isArray(record.calibration) && record.calibration.length >= 1 && <div className="ml-cell"><CalibrationChart rows={record.calibration as Record<string, unknown>[]} title={`${title}: calibration`} /></div>}
      </div>
      {Array.isArray(record.importance) && record.importance.length > 0 && <ImportanceBars rows={record.importance as Record<string, unknown>[]} title={`${title}: feature importance`} />}
      {isSeries(record.predictions) && <ProbabilityChart series={record.predictions} title={`${title}: predicted probability of up`} />}
      {isSeries(record.predictions) && isSeries(record.close) && <PredictionsOverPrice close={record.close} predictions={record.predictions} title={`${title}: predictions over price`} />}
      {folds.length > 0 && <DataTable table={tableFromRecords(folds.map(flatFold))} title={`${title}: per-fold metrics`} />}
    </div>
  );
}
