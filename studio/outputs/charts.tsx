/**
 * One small wrapper per chart kind over @observablehq/plot. Each has a title,
 * axis labels with units and tooltips (`tip: true`). Long lines are min/max-decimated
 * (data.ts minMaxIndices) so they draw as every point would, in less time.
 */
import { useCallback } from "react";
import * as Plot from "@observablehq/plot";
import type { Matrix, Panel, Series, Table } from "../../blocks/core/values";
import { daysToIso } from "../../blocks/core/dates";
import { tokens } from "../ui/tokens";
import { PlotFigure, type PlotOptions } from "./PlotFigure";
import { tooltipOnly, type SteppedLines } from "./steppedPlot";
import { dayToDate, drawdownOf, historicalVarEs, panelLines, seriesRows, strideIndices, type PanelLineData } from "./data";
import type { FrontierMarker, FrontierPoint, PayoffPoint, QuantileRow, StressScenario } from "./detect";

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
/** Tooltip format on a `percent: true` scale: Plot hands the value already multiplied by 100. */
const pctTip = (v: number) => `${v.toFixed(2)}%`;
const c = tokens.color;

function useOptions<T extends PlotOptions | SteppedLines>(make: (width: number) => T, deps: unknown[]) {
  return useCallback(make, deps);
}

/** Points of a line that draw it as every point would: min and max per pixel column of the plot area (minMaxIndices). */
export function linePoints(width: number): number {
  return 2 * Math.max(100, width - 70);
}

/** Whether every defined value is -1, 0 or 1 (a signal or a position). */
export function isDiscrete(values: ArrayLike<number>): boolean {
  let seen = 0;
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (Number.isNaN(v)) continue; if (v !== -1 && v !== 0 && v !== 1) return false; seen++; }
  return seen > 0;
}

/** A dated series as a line; a -1/0/1 signal or position as a short step chart. */
export function SeriesChart({ series, title, yLabel, subtitle, percent }: { series: Series; title: string; yLabel?: string; subtitle?: string; percent?: boolean }) {
  const opts = useOptions((width) => {
    const discrete = isDiscrete(series.values);
    const rows = seriesRows(series, discrete ? 20000 : linePoints(width));
    return {
      title, subtitle, height: discrete ? 130 : 220, marginLeft: 50,
      x: { type: "utc", label: "Date" },
      y: discrete
        ? { label: `${yLabel ?? series.name ?? "value"} (1 long, 0 flat, -1 short)`, grid: true, ticks: [-1, 0, 1], domain: [Math.min(0, ...rows.map((r) => r.value)), 1] }
        : { label: `${yLabel ?? series.name ?? "value"}${percent ? " (%)" : ""}`, grid: true, percent: !!percent },
      marks: discrete
        ? [Plot.areaY(rows, { x: "date", y: "value", curve: "step-after", fill: c.accent, fillOpacity: 0.15 }), Plot.lineY(rows, { x: "date", y: "value", curve: "step-after", stroke: c.accent, tip: true })]
        : [Plot.lineY(rows, { x: "date", y: "value", stroke: c.accent, tip: true })],
    };
  }, [series, title, yLabel, subtitle, percent]);
  return <PlotFigure options={opts} className="chart-series" />;
}

/** An equity curve with its drawdown underneath. */
export function EquityChart({ series, title }: { series: Series; title: string }) {
  const top = useOptions((width) => equityOptions(series, title, width), [series, title]);
  const bottom = useOptions((width) => drawdownOptions(series, width), [series]);
  return <div className="chart-equity"><PlotFigure options={top} /><PlotFigure options={bottom} /></div>;
}

/** The equity curve's chart (EquityChart's top). */
export function equityOptions(series: Series, title: string, width: number): PlotOptions {
  return {
    title, height: 200, marginLeft: 50,
    x: { type: "utc", label: null, axis: null },
    y: { label: "Equity (× start)", grid: true },
    marks: [Plot.ruleY([1], { stroke: c.border }), Plot.lineY(seriesRows(series, linePoints(width)), { x: "date", y: "value", stroke: c.accent, tip: true })],
  };
}

/** The drawdown of an equity curve, as an area under zero (EquityChart's bottom). */
export function drawdownOptions(series: Series, width: number): PlotOptions {
  const dd = drawdownOf(series.values);
  const rows = seriesRows({ kind: "series", index: series.index, values: dd }, linePoints(width));
  return {
    height: 110, marginLeft: 50,
    x: { type: "utc", label: "Date" },
    y: { label: "Drawdown (%)", percent: true, grid: true },
    marks: [Plot.areaY(rows, { x: "date", y: "value", fill: c.negative, fillOpacity: 0.35 }), Plot.lineY(rows, { x: "date", y: "value", stroke: c.negative, strokeWidth: 1, tip: true }), Plot.ruleY([0])],
  };
}

export interface PanelLinesProps { panel: Panel; title: string; yLabel?: string; subtitle?: string; percent?: boolean; height?: number }

export function PanelLines({ panel, title, yLabel, subtitle, percent, height = 240 }: PanelLinesProps) {
  const opts = useOptions((width) => panelLinesChart({ panel, title, yLabel, subtitle, percent, height }, width), [panel, title, yLabel, subtitle, percent, height]);
  return <PlotFigure options={opts} className="chart-panel" />;
}

/** A panel's columns as lines, one colour each, as one Plot call (the test's reference for the domains and for the steps). */
export function panelLinesOptions(props: PanelLinesProps, width: number): PlotOptions {
  const { options, d } = panelLinesParts(props, width);
  return { ...options, marks: [lines(d, 0, d.length, true)] };
}

/** Points above which a line chart is drawn in steps (steppedPlot.ts): ~10 ms of Plot on an idle machine, 25-40 under load. */
export const POINTS_PER_STEP = 1500;

/**
 * The same chart, drawn in steps (steppedPlot.ts) when it has more points than one step holds:
 * the axes and the first line by Plot, the other lines written as Plot writes them, then the
 * tooltip; the SVG is the one panelLinesOptions draws.
 */
export function panelLinesChart(props: PanelLinesProps, width: number): PlotOptions | SteppedLines {
  const { options, d } = panelLinesParts(props, width);
  if (d.length <= POINTS_PER_STEP || d.columnStarts.length < 2) return { ...options, marks: [lines(d, 0, d.length, true)] };
  // The first step's mark: the columns up to the first with points (its path is the model of the others').
  let k = 1;
  while (k < d.columnStarts.length && d.columnStarts[k] === 0) k++;
  const firstEnd = k < d.columnStarts.length ? d.columnStarts[k] : d.length;
  return {
    options,
    first: lines(d, 0, firstEnd, false),
    more: { x: d.date, y: d.value, z: d.column, starts: d.columnStarts.slice(k), end: d.length },
    tipped: Plot.lineY({ length: d.length }, tooltipOnly(lineChannels(d, 0, d.length))),
  };
}

function panelLinesParts({ panel, title, yLabel, subtitle, percent, height = 240 }: PanelLinesProps, width: number): { options: PlotOptions; d: PanelLineData } {
  // Min/max per pixel column (linePoints); many lines share ~12,000 points (Plot's time grows with
  // points): 20 lines of 600, i.e. min/max per ~3-4 px, where 20 overlapping lines look the same.
  const d = panelLines(panel, Math.min(linePoints(width), Math.max(600, Math.floor(12000 / Math.max(1, panel.columns.length)))));
  // The domains Plot would infer (min and max of the points; x100 on a percent scale), given so that
  // it does not scan every point of the line and of its tip again: the same SVG (test/unit/studio/charts.test.ts).
  const yDomain = d.valueExtent && (percent ? d.valueExtent.map((v) => v * 100) : d.valueExtent);
  const options: PlotOptions = {
    title, subtitle, height, marginLeft: 50,
    x: { type: "utc", label: "Date", ...(d.dateExtent ? { domain: d.dateExtent } : {}) },
    y: { label: `${yLabel ?? "value"}${percent ? " (%)" : ""}`, grid: true, percent: !!percent, ...(yDomain ? { domain: yDomain } : {}) },
    color: { legend: panel.columns.length > 1, range: c.series as unknown as string[], domain: panel.columns },
  };
  return { options, d };
}

/** The points from..to-1 (whole columns) as line channels, each array labelled as the whole one (tooltips read the same). */
function lineChannels(d: PanelLineData, from: number, to: number) {
  const part = <T extends { slice(a: number, b: number): T; label?: string }>(a: T): T => (from === 0 && to === d.length ? a : Object.assign(a.slice(from, to), { label: a.label }));
  return { x: part(d.date), y: part(d.value), stroke: part(d.column), z: part(d.column) };
}

function lines(d: PanelLineData, from: number, to: number, tip: boolean) {
  return Plot.lineY({ length: to - from }, { ...lineChannels(d, from, to), tip });
}

/** A panel too wide for lines: dates (thinned) x columns, coloured by value. */
export function PanelHeatmap({ panel, title }: { panel: Panel; title: string }) {
  const opts = useOptions(() => {
    const m = panel.columns.length;
    const ts = strideIndices(panel.index.length, 120);
    const rows: { date: string; column: string; value: number }[] = [];
    for (const t of ts) for (let j = 0; j < m; j++) {
      const v = panel.values[t * m + j];
      if (Number.isFinite(v)) rows.push({ date: daysToIso(panel.index[t]), column: panel.columns[j], value: v });
    }
    const dates = ts.map((t) => daysToIso(panel.index[t]));
    const every = Math.max(1, Math.ceil(dates.length / 8));
    return {
      title, height: Math.min(600, 40 + m * 12), marginLeft: 70, marginBottom: 40,
      x: { label: "Date", domain: dates, ticks: dates.filter((_, i) => i % every === 0), tickRotate: 0 },
      y: { label: "Column", domain: panel.columns, tickSize: 0 },
      color: { scheme: "RdBu", pivot: 0, legend: true, label: "value" },
      marks: [Plot.cell(rows, { x: "date", y: "column", fill: "value", inset: 0, tip: true })],
    };
  }, [panel, title]);
  return <PlotFigure options={opts} className="chart-heatmap" />;
}

/**
 * A covariance or correlation matrix. Colour is the correlation (a covariance's
 * own variances would drown every other cell), the tooltip gives both assets,
 * the correlation and the covariance.
 */
export function MatrixHeatmap({ matrix, title }: { matrix: Matrix; title: string }) {
  const opts = useOptions((width) => {
    const n = matrix.columns.length;
    const diag = Array.from({ length: n }, (_, i) => matrix.values[i * n + i]);
    const isCorr = diag.every((d) => Math.abs(d - 1) < 1e-9);
    const rows: { row: string; col: string; corr: number; cov: number }[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const v = matrix.values[i * n + j];
      const corr = isCorr ? v : v / Math.sqrt(diag[i] * diag[j]);
      rows.push({ row: matrix.columns[i], col: matrix.columns[j], corr: Number.isFinite(corr) ? corr : NaN, cov: v });
    }
    const size = Math.min(width, 90 + n * 30, 660);
    return {
      title: `${title}: ${isCorr ? "correlation" : "covariance"} matrix`,
      subtitle: isCorr ? undefined : "coloured by correlation; the tooltip has the covariance (return² per period)",
      width: size + 80, height: size, marginLeft: 60, marginBottom: 50, marginRight: 80,
      x: { label: "Asset", domain: matrix.columns, tickRotate: n > 8 ? -45 : 0 },
      y: { label: "Asset", domain: matrix.columns },
      color: { type: "linear", scheme: "RdBu", domain: [-1, 1], legend: true, label: "Correlation" },
      marks: [
        Plot.cell(rows, {
          x: "col", y: "row", fill: "corr", inset: 0.5,
          tip: { format: { x: false, y: false, fill: false }, channels: { asset: "row", with: "col", correlation: (d: { corr: number }) => d.corr.toFixed(3), ...(isCorr ? {} : { covariance: (d: { cov: number }) => d.cov.toPrecision(4) }) } } as never,
        }),
        ...(n <= 12 ? [Plot.text(rows, { x: "col", y: "row", text: (d: { corr: number }) => d.corr.toFixed(2), fontSize: 9, fill: (d: { corr: number }) => (Math.abs(d.corr) > 0.6 ? "white" : "black") })] : []),
      ],
    };
  }, [matrix, title]);
  return <PlotFigure options={opts} className="chart-matrix" />;
}

/** The efficient frontier, with named portfolios (min variance, max Sharpe, ...) marked and labelled on it. */
export function FrontierChart({ points, title, markers = [] }: { points: FrontierPoint[]; title: string; markers?: FrontierMarker[] }) {
  const opts = useOptions(() => {
    const sorted = points.slice().sort((a, b) => a.volatility - b.volatility);
    const best = points.reduce((a, b) => (b.return / b.volatility > a.return / a.volatility ? b : a), points[0]);
    const named = markers.length ? markers : [{ name: "max Sharpe (rf = 0)", volatility: best.volatility, return: best.return }];
    const rows = named.map((m) => ({ ...m, label: m.name.replace(/_/g, " ") }));
    return {
      title, height: 320, marginLeft: 55, marginRight: 20,
      x: { label: "Volatility (annualized, %)", percent: true, grid: true },
      y: { label: "Expected return (annualized, %)", percent: true, grid: true },
      color: { domain: rows.map((r) => r.label), range: c.series as unknown as string[] },
      marks: [
        Plot.line(sorted, { x: "volatility", y: "return", stroke: c.muted, strokeWidth: 1.5 }),
        Plot.dot(sorted, { x: "volatility", y: "return", fill: c.muted, r: 2.5, tip: { format: { x: pctTip, y: pctTip } } as never }),
        Plot.dot(rows, { x: "volatility", y: "return", fill: "label", r: 6, stroke: "white", strokeWidth: 1.5, tip: { channels: { portfolio: "label" }, format: { fill: false, x: pctTip, y: pctTip } } as never }),
        Plot.text(rows, { x: "volatility", y: "return", text: "label", dx: 9, textAnchor: "start", fill: "label", fontWeight: 600, stroke: "white", strokeWidth: 3, paintOrder: "stroke" } as never),
      ],
    };
  }, [points, title, markers]);
  return <PlotFigure options={opts} className="chart-frontier" />;
}

/** Weights (or any amount) by asset, as horizontal bars sorted by size; percent when they are fractions. */
export function WeightsBar({ weights, title, xLabel = "Weight (%)", percent = true }: { weights: Record<string, number>; title: string; xLabel?: string; percent?: boolean }) {
  const opts = useOptions(() => {
    const rows = Object.entries(weights).filter(([, w]) => Number.isFinite(w)).map(([asset, w]) => ({ asset, w })).sort((a, b) => b.w - a.w);
    return {
      title, height: Math.max(90, 40 + rows.length * 15), marginLeft: 80,
      x: { label: xLabel, percent, grid: true },
      y: { label: null, domain: rows.map((r) => r.asset) },
      marks: [Plot.barX(rows, { x: "w", y: "asset", fill: (d: { w: number }) => (d.w >= 0 ? c.accent : c.negative), inset: 1, tip: { format: { x: percent ? pctTip : true } } as never }), Plot.ruleX([0])],
    };
  }, [weights, title, xLabel, percent]);
  return <PlotFigure options={opts} className="chart-weights" />;
}

/** An optimizer's weights beside each asset's share of the portfolio's risk, asset by asset. */
export function PortfolioBars({ weights, risk, title }: { weights: Record<string, number>; risk: Record<string, number> | null; title: string }) {
  const opts = useOptions(() => {
    const assets = Object.keys(weights).filter((a) => Number.isFinite(weights[a])).sort((a, b) => weights[b] - weights[a]);
    const rows = assets.flatMap((asset) => [
      { asset, measure: "weight", value: weights[asset] },
      ...(risk && Number.isFinite(risk[asset]) ? [{ asset, measure: "risk contribution", value: risk[asset] }] : []),
    ]);
    return {
      title, subtitle: risk ? "weight and share of the portfolio's variance, by asset" : undefined,
      height: Math.max(100, 50 + assets.length * (risk ? 22 : 15)), marginLeft: 70, marginRight: 10,
      x: { label: "Share of the portfolio (%)", percent: true, grid: true },
      fy: { label: null, domain: assets, axis: "left", tickSize: 0, padding: 0.12 },
      y: { axis: null, domain: ["weight", "risk contribution"] },
      color: { domain: ["weight", "risk contribution"], range: [c.accent, c.series[1]], legend: !!risk },
      marks: [
        Plot.barX(rows, { x: "value", fy: "asset", y: "measure", fill: "measure", tip: { channels: { asset: "asset" }, format: { x: pctTip, fy: false, y: true, fill: false } } } as never),
        Plot.ruleX([0]),
      ],
    };
  }, [weights, risk, title]);
  return <PlotFigure options={opts} className="chart-portfolio" />;
}

/** Mean forward return by score quantile, one panel per horizon, with ±2 standard errors. */
export function QuantileBars({ rows, title }: { rows: QuantileRow[]; title: string }) {
  const opts = useOptions(() => {
    const horizons = [...new Set(rows.map((r) => r.horizon))];
    const err = rows.filter((r) => r.std_error !== undefined).map((r) => ({ ...r, lo: r.mean - 2 * r.std_error!, hi: r.mean + 2 * r.std_error! }));
    return {
      title, subtitle: "mean forward return of each score quantile (1 = lowest scores); whiskers ±2 standard errors",
      height: 240, marginLeft: 55,
      fx: { label: "Horizon", domain: horizons },
      x: { label: "Quantile", tickFormat: (q: number) => String(q) },
      y: { label: "Mean forward return (%)", percent: true, grid: true },
      marks: [
        Plot.barY(rows, { fx: "horizon", x: "quantile", y: "mean", fill: (r: QuantileRow) => (r.mean >= 0 ? c.positive : c.negative), fillOpacity: 0.8, tip: { format: { y: pctTip } } } as never),
        ...(err.length ? [Plot.ruleX(err, { fx: "horizon", x: "quantile", y1: "lo", y2: "hi", stroke: c.text })] : []),
        Plot.ruleY([0]),
      ],
    };
  }, [rows, title]);
  return <PlotFigure options={opts} className="chart-quantiles" />;
}

/** A classifier's ROC curve (false vs true positive rate) against the diagonal of a coin flip. */
export function RocChart({ rows, title, auc }: { rows: Record<string, unknown>[]; title: string; auc?: number | null }) {
  const opts = useOptions((width) => {
    const pts = rows.filter((r) => Number.isFinite(r.fpr as number) && Number.isFinite(r.tpr as number));
    const size = Math.min(width, 380);
    const a = typeof auc === "number" && Number.isFinite(auc) ? auc : rocAuc(pts);
    const full = Number.isFinite(a) ? `${title} (AUC ${a.toFixed(3)})` : title;
    return {
      title: full, ariaLabel: full, subtitle: "above the dashed diagonal = better than chance", width: size, height: size, marginLeft: 50,
      x: { label: "False positive rate (%)", percent: true, domain: [0, 100], grid: true },
      y: { label: "True positive rate (%)", percent: true, domain: [0, 100], grid: true },
      marks: [
        Plot.line([[0, 0], [1, 1]], { stroke: c.muted, strokeDasharray: "4,4" }),
        Plot.line(pts, { x: "fpr", y: "tpr", stroke: c.accent, strokeWidth: 2 }),
        Plot.dot(pts, { x: "fpr", y: "tpr", r: 1.5, fill: c.accent, tip: { format: { x: pctTip, y: pctTip } } } as never),
      ],
    };
  }, [rows, title, auc]);
  return <PlotFigure options={opts} className="chart-roc" />;
}

/** Area under a ROC curve given as points from (0, 0): trapezoids between consecutive points (NaN for fewer than 2). */
export function rocAuc(pts: Record<string, unknown>[]): number {
  if (pts.length < 2) return NaN;
  let a = 0;
  for (let i = 1; i < pts.length; i++) {
    const x0 = pts[i - 1].fpr as number, x1 = pts[i].fpr as number, y0 = pts[i - 1].tpr as number, y1 = pts[i].tpr as number;
    a += (x1 - x0) * (y0 + y1) / 2;
  }
  return a;
}

/** A reliability diagram: the share of positives against the mean predicted probability, per bin. */
export function CalibrationChart({ rows, title }: { rows: Record<string, unknown>[]; title: string }) {
  const opts = useOptions((width) => {
    const pts = rows.filter((r) => Number.isFinite(r.mean_predicted as number) && Number.isFinite(r.fraction_positive as number));
    const size = Math.min(width, 380);
    return {
      title, subtitle: "on the diagonal = calibrated; dot size = observations in the bin", width: size, height: size, marginLeft: 50, clip: true,
      x: { label: "Mean predicted probability (%)", percent: true, domain: [0, 100], grid: true },
      y: { label: "Observed share of positives (%)", percent: true, domain: [0, 100], grid: true },
      r: { range: [2, 12] },
      marks: [
        Plot.line([[0, 0], [1, 1]], { stroke: c.muted, strokeDasharray: "4,4" }),
        Plot.line(pts, { x: "mean_predicted", y: "fraction_positive", stroke: c.accent }),
        Plot.dot(pts, { x: "mean_predicted", y: "fraction_positive", r: "count", fill: c.accent, fillOpacity: 0.6, tip: { format: { x: pctTip, y: pctTip } } } as never),
      ],
    };
  }, [rows, title]);
  return <PlotFigure options={opts} className="chart-calibration" />;
}

/** Feature importances, largest first, with ±1 standard deviation when given. */
export function ImportanceBars({ rows, title }: { rows: Record<string, unknown>[]; title: string }) {
  const opts = useOptions(() => {
    const pts = rows.filter((r) => Number.isFinite(r.importance as number)).slice().sort((a, b) => (b.importance as number) - (a.importance as number));
    const err = pts.filter((r) => Number.isFinite(r.std as number)).map((r) => ({ feature: r.feature, lo: (r.importance as number) - (r.std as number), hi: (r.importance as number) + (r.std as number) }));
    return {
      title, subtitle: err.length ? "drop in score when the feature is shuffled; whiskers ±1 sd" : undefined,
      height: Math.max(100, 40 + pts.length * 18), marginLeft: 110,
      x: { label: "Importance (score drop)", grid: true },
      y: { label: null, domain: pts.map((r) => r.feature as string) },
      marks: [
        Plot.barX(pts, { x: "importance", y: "feature", fill: (r: { importance: number }) => (r.importance >= 0 ? c.accent : c.negative), inset: 2, tip: true }),
        ...(err.length ? [Plot.ruleY(err, { y: "feature", x1: "lo", x2: "hi", stroke: c.text })] : []),
        Plot.ruleX([0]),
      ],
    };
  }, [rows, title]);
  return <PlotFigure options={opts} className="chart-importance" />;
}

/** Stress scenarios sorted by P&L, a tornado around zero. */
export function StressTornado({ scenarios, title }: { scenarios: StressScenario[]; title: string }) {
  const opts = useOptions(() => {
    const rows = scenarios.slice().sort((a, b) => Math.abs(b.pnl) - Math.abs(a.pnl));
    return {
      title, height: Math.max(100, 40 + rows.length * 26), marginLeft: 140, marginRight: 60,
      x: { label: "P&L (% of portfolio)", percent: true, grid: true },
      y: { label: null, domain: rows.map((r) => r.name) },
      marks: [
        Plot.barX(rows, { x: "pnl", y: "name", fill: (d: StressScenario) => (d.pnl >= 0 ? c.positive : c.negative), inset: 3, tip: { format: { x: pctTip } } } as never),
        Plot.text(rows, { x: "pnl", y: "name", text: (d: StressScenario) => pct(d.pnl), textAnchor: (d: StressScenario) => (d.pnl >= 0 ? "start" : "end"), dx: (d: StressScenario) => (d.pnl >= 0 ? 4 : -4), fill: c.text } as never),
        Plot.ruleX([0]),
      ],
    };
  }, [scenarios, title]);
  return <PlotFigure options={opts} className="chart-stress" />;
}

/** Histogram of returns with the 95% historical VaR and ES marked. */
export function ReturnsHistogram({ series, title, confidence = 0.95 }: { series: Series; title: string; confidence?: number }) {
  const opts = useOptions(() => returnsHistogramOptions(series, title, confidence), [series, title, confidence]);
  return <PlotFigure options={opts} className="chart-returns" />;
}

/** ReturnsHistogram's chart: the returns binned (Freedman-Diaconis), VaR and ES as dashed rules with their labels. */
export function returnsHistogramOptions(series: Series, title: string, confidence = 0.95): PlotOptions {
  const rows = Array.from(series.values).filter(Number.isFinite).map((r) => ({ r }));
  const { var: v, es } = historicalVarEs(series.values, confidence);
  const marks = [
    { x: -v, label: `VaR ${Math.round(confidence * 100)}% ${pct(v)}`, color: c.warn, dy: 4 },
    { x: -es, label: `ES ${pct(es)}`, color: c.negative, dy: 20 },
  ].filter((m) => Number.isFinite(m.x));
  return {
    title, height: 220, marginLeft: 50,
    x: { label: "Return per period (%)", percent: true },
    y: { label: "Periods", grid: true },
    marks: [
      Plot.rectY(rows, { ...Plot.binX({ y: "count" }, { x: "r", thresholds: "freedman-diaconis" }), fill: c.accent, fillOpacity: 0.7, tip: true }),
      Plot.ruleY([0]),
      Plot.ruleX(marks, { x: "x", stroke: "color", strokeWidth: 2, strokeDasharray: "4,3" }),
      ...marks.map((m) => Plot.text([m], { x: "x", text: "label", frameAnchor: "top", dy: m.dy, dx: -4, textAnchor: "end", fill: m.color })),
    ],
  };
}

/** Candlesticks of an OHLC table (the last `last` rows), with other numeric columns as overlays and signals as markers. */
export function Candles({ table, title, last = 250 }: { table: Table; title: string; last?: number }) {
  const opts = useOptions(() => {
    const key = (n: string) => Object.keys(table.columns).find((k) => k.toLowerCase() === n)!;
    const [kd, ko, kh, kl, kc] = ["date", "open", "high", "low", "close"].map(key);
    const from = Math.max(0, table.rowCount - last);
    const rows: { date: Date; open: number; high: number; low: number; close: number }[] = [];
    const d = table.columns[kd] as Int32Array;
    const get = (k: string, i: number) => (table.columns[k] as Float64Array)[i];
    for (let i = from; i < table.rowCount; i++) rows.push({ date: dayToDate(d[i]), open: get(ko, i), high: get(kh, i), low: get(kl, i), close: get(kc, i) });
    const skip = new Set([kd, ko, kh, kl, kc, "adjclose", "volume"].map((x) => x?.toLowerCase()));
    const extra = Object.keys(table.columns).filter((k) => table.types[k] === "number" && !skip.has(k.toLowerCase()));
    const signalCols = extra.filter((k) => /signal|position|entry|buy|sell/i.test(k));
    const lineCols = extra.filter((k) => !signalCols.includes(k));
    const overlay = lineCols.flatMap((k) => {
      const pts: { date: Date; value: number; name: string }[] = [];
      for (let i = from; i < table.rowCount; i++) { const v = get(k, i); if (Number.isFinite(v)) pts.push({ date: dayToDate(d[i]), value: v, name: k }); }
      return pts;
    });
    // A signal or position that rises is a buy (a triangle under the low), one that falls a sell (a diamond over the high).
    const signals: { date: Date; price: number; side: string; signal: string }[] = [];
    for (const k of signalCols) for (let i = Math.max(from, 1); i < table.rowCount; i++) {
      const prev = get(k, i - 1), cur = get(k, i);
      if (!Number.isFinite(cur) || !Number.isFinite(prev) || cur === prev) continue;
      const up = cur > prev;
      signals.push({ date: dayToDate(d[i]), price: up ? get(kl, i) * 0.985 : get(kh, i) * 1.015, side: up ? "buy" : "sell", signal: `${k} ${prev} → ${cur}` });
    }
    return {
      title: `${title}${from > 0 ? ` (last ${table.rowCount - from} of ${table.rowCount} days)` : ""}`,
      subtitle: signals.length ? "▲ buy (signal rises) · ◆ sell (signal falls)" : undefined,
      height: 300, marginLeft: 55, marginRight: 50,
      x: { type: "utc", label: "Date" },
      y: { label: "Price (as quoted)", grid: true },
      color: { domain: [-1, 0, 1], range: [c.negative, c.muted, c.positive] },
      marks: [
        Plot.ruleX(rows, { x: "date", y1: "low", y2: "high", stroke: (r: { open: number; close: number }) => Math.sign(r.close - r.open) }),
        Plot.ruleX(rows, { x: "date", y1: "open", y2: "close", strokeWidth: 4, stroke: (r: { open: number; close: number }) => Math.sign(r.close - r.open), tip: { channels: { open: "open", high: "high", low: "low", close: "close" } } as never }),
        ...(overlay.length ? [
          Plot.lineY(overlay, { x: "date", y: "value", z: "name", stroke: (p: { name: string }) => c.series[(lineCols.indexOf(p.name) + 1) % c.series.length], strokeWidth: 1.3, tip: { channels: { line: "name" } } } as never),
          Plot.text(lineCols.map((k) => overlay.filter((p) => p.name === k).pop()!).filter(Boolean), { x: "date", y: "value", text: "name", dx: 4, textAnchor: "start", fill: (p: { name: string }) => c.series[(lineCols.indexOf(p.name) + 1) % c.series.length] } as never),
        ] : []),
        ...(signals.length ? [Plot.dot(signals, { x: "date", y: "price", symbol: (s: { side: string }) => (s.side === "buy" ? "triangle" : "diamond"), fill: (s: { side: string }) => (s.side === "buy" ? 1 : -1), r: 5, stroke: "white", tip: { channels: { side: "side", signal: "signal" }, format: { fill: false, symbol: false } } } as never)] : []),
      ],
    };
  }, [table, title, last]);
  return <PlotFigure options={opts} className="chart-candles" />;
}

/**
 * Profit or payoff at expiry against the underlying's price, green above zero and
 * red below; the value before expiry dashed when given; breakevens marked.
 */
export function PayoffChart({ points, title, yLabel = "Payoff at expiry (per unit)", breakevens = [] }: { points: PayoffPoint[]; title: string; yLabel?: string; breakevens?: number[] }) {
  const opts = useOptions(() => {
    const rows = points.slice().sort((a, b) => a.spot - b.spot);
    const hasBefore = rows.some((r) => r.before !== undefined && Number.isFinite(r.before));
    const bes = breakevens.filter(Number.isFinite).map((x) => ({ x, label: `breakeven ${x.toFixed(2)}` }));
    return {
      title, subtitle: hasBefore ? "solid: at expiry · dashed: today, before expiry" : undefined,
      height: 260, marginLeft: 55,
      x: { label: "Underlying price", grid: true },
      y: { label: yLabel, grid: true },
      marks: [
        Plot.areaY(rows, { x: "spot", y: (r: PayoffPoint) => Math.max(0, r.payoff), fill: c.positive, fillOpacity: 0.18 }),
        Plot.areaY(rows, { x: "spot", y: (r: PayoffPoint) => Math.min(0, r.payoff), fill: c.negative, fillOpacity: 0.18 }),
        ...(hasBefore ? [Plot.lineY(rows, { x: "spot", y: "before", stroke: c.accent, strokeDasharray: "5,4", tip: { channels: { before_expiry: "before" } } as never })] : []),
        Plot.lineY(rows, { x: "spot", y: "payoff", stroke: c.text, strokeWidth: 1.8, tip: true }),
        Plot.ruleY([0]),
        ...(bes.length ? [
          Plot.ruleX(bes, { x: "x", stroke: c.warn, strokeDasharray: "3,3" }),
          Plot.text(bes, { x: "x", text: "label", frameAnchor: "top", dy: 4, dx: 4, textAnchor: "start", fill: c.warn }),
        ] : []),
      ],
    };
  }, [points, title, yLabel, breakevens]);
  return <PlotFigure options={opts} className="chart-payoff" />;
}

/** A tiny line for previews (graph nodes): an inline SVG, no axes. */
export function Sparkline({ values, width = 160, height = 36 }: { values: ArrayLike<number>; width?: number; height?: number }) {
  const idx = strideIndices(values.length, 200);
  const pts = idx.map((i) => values[i]).filter(Number.isFinite);
  if (pts.length < 2) return null;
  const lo = Math.min(...pts), hi = Math.max(...pts);
  const span = hi - lo || 1;
  const d = pts.map((v, i) => `${((i / (pts.length - 1)) * width).toFixed(1)},${(height - 2 - ((v - lo) / span) * (height - 4)).toFixed(1)}`).join(" ");
  return <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`}><polyline points={d} fill="none" stroke={c.accent} strokeWidth="1.5" /></svg>;
}
