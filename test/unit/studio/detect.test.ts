// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { detectOutput, formatNumber, isFlatNumbers, MAX_LINES } from "../../../studio/outputs/detect";
import { drawdownOf, historicalVarEs, quantile, strideIndices } from "../../../studio/outputs/data";
import { matrix, panel, series, type Table } from "../../../blocks/core/values";

const days = (n: number) => Int32Array.from({ length: n }, (_, i) => 18262 + i);
const s = (vals: number[], name?: string) => series(days(vals.length), Float64Array.from(vals), name);
const table = (cols: Record<string, number[] | string[]>, dates = "date"): Table => {
  const columns: Table["columns"] = {};
  const types: Table["types"] = {};
  let rows = 0;
  for (const [k, v] of Object.entries(cols)) {
    rows = v.length;
    if (k === dates) { columns[k] = Int32Array.from(v as number[]); types[k] = "date"; }
    else if (typeof v[0] === "string") { columns[k] = v as string[]; types[k] = "string"; }
    else { columns[k] = Float64Array.from(v as number[]); types[k] = "number"; }
  }
  return { kind: "table", columns, types, rowCount: rows };
};

describe("detectOutput(value, ctx)", () => {
  it("detectOutput(series named equity) is an equity curve with drawdown", () => {
    expect(detectOutput(s([1, 1.1, 1.05], "equity")).type).toBe("equity");
    expect(detectOutput(s([1, 1.1]), { name: "equity" }).type).toBe("equity");
    expect(detectOutput(s([1, 1.1]), { name: "strategy_equity" }).type).toBe("equity");
  });

  it("detectOutput(series) is a line; one named returns is a histogram", () => {
    expect(detectOutput(s([1, 2, 3]), { name: "px" }).type).toBe("series");
    expect(detectOutput(s([0.01, -0.02]), { name: "returns" }).type).toBe("returns");
  });

  it(`detectOutput(panel) is lines up to ${MAX_LINES} columns and a heatmap beyond`, () => {
    const p = (m: number) => panel(days(2), Array.from({ length: m }, (_, j) => `A${j}`), new Float64Array(2 * m));
    expect(detectOutput(p(MAX_LINES)).type).toBe("panel-lines");
    expect(detectOutput(p(MAX_LINES + 1)).type).toBe("panel-heatmap");
  });

  it("detectOutput(matrix) is a heatmap", () => {
    expect(detectOutput(matrix(["a", "b"], Float64Array.from([1, 0.5, 0.5, 1]))).type).toBe("matrix");
  });

  it("detectOutput(table with date, open, high, low, close) is candlesticks; a monthly table is a month grid", () => {
    const ohlc = table({ date: [1, 2], open: [1, 2], high: [2, 3], low: [0.5, 1], close: [1.5, 2.5] });
    expect(detectOutput(ohlc).type).toBe("ohlc");
    const upper = table({ Date: [1], Open: [1], High: [1], Low: [1], Close: [1] }, "Date");
    expect(detectOutput(upper).type).toBe("ohlc");
    const months = Object.fromEntries(["year", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Year"].map((k) => [k, [k === "year" ? 2020 : 0.01]]));
    expect(detectOutput(table(months, "none")).type).toBe("monthly");
    expect(detectOutput(table({ date: [1, 2], close: [1, 2] })).type).toBe("table");
  });

  it("detectOutput({points: [{volatility, return}]}) is an efficient frontier", () => {
    const pts = [{ volatility: 0.1, return: 0.05 }, { volatility: 0.2, return: 0.08 }];
    expect(detectOutput({ points: pts }).type).toBe("frontier");
    expect(detectOutput(pts).type).toBe("frontier");
  });

  it("detectOutput(options strategy points) is a payoff diagram", () => {
    const d = detectOutput({ points: [{ spot: 90, payoff: -5 }, { spot: 110, payoff: 5 }] });
    expect(d).toEqual({ type: "payoff", points: [{ spot: 90, payoff: -5 }, { spot: 110, payoff: 5 }] });
  });

  it("detectOutput(risk.stress output) is a tornado", () => {
    const d = detectOutput({ scenarios: [{ name: "crash", pnl: -0.2, contributions: {}, worst: [] }] });
    expect(d.type).toBe("stress");
  });

  it("detectOutput(flat numbers) is KPI cards, or weight bars when named or typed as weights", () => {
    const kpis = { sharpe: 1.2, max_drawdown: -0.3, calmar: null };
    expect(detectOutput(kpis, { name: "kpis" }).type).toBe("kpis");
    expect(detectOutput({ AAA: 0.6, BBB: 0.4 }, { name: "weights" }).type).toBe("weights");
    expect(detectOutput({ AAA: 0.6, BBB: 0.4 }, { name: "w", outputKind: "weights" }).type).toBe("weights");
    expect(detectOutput({ AAA: 0.7, BBB: 0.3 }, { name: "risk_contributions" }).type).toBe("weights");
  });

  it("detectOutput(backtest.run output) is a backtest with replay", () => {
    const bt = { equity: s([1, 1.01], "equity"), returns: s([0.01]), trades: table({ date: [18262], asset: ["A"], from: [0], to: [1] }), kpis: { sharpe: 1 } };
    expect(detectOutput(bt).type).toBe("backtest");
  });

  it("detectOutput({values: Series}) unwraps a block's single output", () => {
    const d = detectOutput({ values: s([1, 2]) }, { name: "rsi" });
    expect(d.type).toBe("series");
  });

  it("detectOutput(record of several outputs) is a record; strings by cell kind", () => {
    expect(detectOutput({ upper: s([1]), lower: s([0]) }).type).toBe("record");
    expect(detectOutput("# hi", { cellKind: "markdown" }).type).toBe("markdown");
    expect(detectOutput("# hi", { cellKind: "code" }).type).toBe("text");
    expect(detectOutput(["a breach", "another"]).type).toBe("list");
    expect(detectOutput(undefined).type).toBe("empty");
    expect(detectOutput(NaN)).toEqual({ type: "number", value: null, label: "" });
  });

  it("isFlatNumbers needs at least one number", () => {
    expect(isFlatNumbers({ a: null })).toBe(false);
    expect(isFlatNumbers({ a: 1, b: "x" })).toBe(false);
    expect(isFlatNumbers({ a: 1, b: null })).toBe(true);
  });
});

describe("chart data helpers", () => {
  it("drawdownOf([1, 2, 1, 3]) is [0, 0, -0.5, 0]", () => {
    expect(Array.from(drawdownOf(Float64Array.from([1, 2, 1, 3])))).toEqual([0, 0, -0.5, 0]);
  });

  it("quantile interpolates linearly as numpy: quantile([1, 2, 3, 4], 0.5) = 2.5, 0.05 of 1..5 = 1.2", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.05)).toBeCloseTo(1.2, 12);
  });

  it("historicalVarEs(returns, 0.95): VaR = -q(0.05), ES = -mean of returns <= q", () => {
    // 1..20 scaled: q(0.05) of -0.10..0.09 at h = 19*0.05 = 0.95 -> -0.10 + 0.95*0.01 = -0.0905
    const r = Array.from({ length: 20 }, (_, i) => -0.1 + i * 0.01);
    const { var: v, es } = historicalVarEs(r, 0.95);
    expect(v).toBeCloseTo(0.0905, 12);
    expect(es).toBeCloseTo(0.1, 12); // only -0.10 is <= -0.0905
  });

  it("strideIndices(n, max) keeps at most max+1 indices with the first and the last", () => {
    const idx = strideIndices(10_000, 100);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(9999);
    expect(idx.length).toBeLessThanOrEqual(101);
    expect(strideIndices(3, 100)).toEqual([0, 1, 2]);
  });

  it("formatNumber: missing as a dash, integers grouped", () => {
    expect(formatNumber(NaN)).toBe("—");
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(12345)).toBe("12,345");
    expect(formatNumber(0.123456789)).toBe("0.12346");
  });
});

describe("detectOutput for the example notebooks' shapes", () => {
  const w = { AAA: 0.6, BBB: 0.4 };

  it("detectOutput({weights, diagnostics: {risk_contributions}}) is an optimizer portfolio", () => {
    const d = detectOutput({ weights: w, diagnostics: { volatility: 0.12, sharpe: null, risk_contributions: { AAA: 0.7, BBB: 0.3 } } });
    expect(d.type).toBe("portfolio");
    if (d.type !== "portfolio") return;
    expect(d.risk).toEqual({ AAA: 0.7, BBB: 0.3 });
    expect(d.kpis).toEqual({ volatility: 0.12, sharpe: null });
  });

  it("detectOutput({points, portfolios, frontier_max_sharpe}) is a frontier with every portfolio marked", () => {
    const points = [{ volatility: 0.1, return: 0.05 }, { volatility: 0.2, return: 0.09 }];
    const d = detectOutput({ points, portfolios: [{ name: "hrp", volatility: 0.15, return: 0.06 }], frontier_max_sharpe: { volatility: 0.2, return: 0.09, sharpe: 0.45 } });
    expect(d.type).toBe("frontier");
    if (d.type !== "frontier") return;
    expect(d.markers?.map((m) => m.name)).toEqual(["hrp", "frontier_max_sharpe"]);
  });

  it("detectOutput(optimize.frontier output with min_variance and max_sharpe portfolios) marks both", () => {
    const points = [{ volatility: 0.1, return: 0.05 }, { volatility: 0.2, return: 0.09 }];
    const d = detectOutput({ points, min_variance: { volatility: 0.1, return: 0.05, weights: w }, max_sharpe: { volatility: 0.2, return: 0.09, sharpe: 0.45, weights: w } });
    expect(d.type === "frontier" && d.markers?.map((m) => m.name)).toEqual(["min_variance", "max_sharpe"]);
  });

  it("detectOutput(market caps named market_weights) is bars without a percent axis", () => {
    const d = detectOutput({ AAPL: 880, GOOG: 760 }, { name: "market_weights" });
    expect(d.type === "weights" && d.percent).toBe(false);
    const e = detectOutput(w, { name: "weights" });
    expect(e.type === "weights" && e.percent).toBe(true);
  });

  it("detectOutput(record of records with shared fields) is one keyed table", () => {
    const d = detectOutput({ "1D": { mean: 0.03, std: 0.3 }, "5D": { mean: 0.05, std: 0.3 } });
    expect(d.type).toBe("keyed");
    expect(detectOutput({ a: { x: 1 }, b: { y: 2, z: 3, q: 4 } }).type).toBe("record");
  });

  it("detectOutput(number lists) are numbers, lists of number lists a grid, many flat numbers bars", () => {
    expect(detectOutput([304.0, 325.9]).type).toBe("numbers");
    expect(detectOutput([[0, 1, -1], [1, 0, 0]]).type).toBe("grid");
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`S${i}`, i / 100]));
    expect(detectOutput(many, { name: "expected_returns" }).type).toBe("bars");
    expect(detectOutput({ a: 1, b: 2 }, { name: "stats" }).type).toBe("kpis");
  });

  it("detectOutput(strategy points with pnl_expiry and pnl_before) draws P&L at expiry and before it", () => {
    const d = detectOutput({ points: [{ spot: 90, payoff: -10, pnl_expiry: -9, pnl_before: -8 }, { spot: 110, payoff: 0, pnl_expiry: 1, pnl_before: 0.5 }] });
    expect(d).toEqual({ type: "payoff", points: [{ spot: 90, payoff: -9, before: -8 }, { spot: 110, payoff: 1, before: 0.5 }] });
  });

  it("detectOutput(series named book_returns) is a return distribution", () => {
    expect(detectOutput(s([0.01, -0.02], "book_returns")).type).toBe("returns");
    expect(detectOutput(s([0.01, -0.02]), { name: "book_returns" }).type).toBe("returns");
  });
});

describe("detectOutput: cards or bars, factor quantiles", () => {
  it("detectOutput(many metrics in snake_case) stays KPI cards; many tickers are bars", () => {
    const kpis = Object.fromEntries(["total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "calmar", "win_rate", "profit_factor", "best", "worst", "avg_win", "avg_loss"].map((k, i) => [k, i / 10]));
    expect(detectOutput(kpis, { name: "kpis" }).type).toBe("kpis");
    const tickers = Object.fromEntries(["AAPL", "MSFT", "GOOG", "AMZN", "META", "NVDA", "TSLA", "JPM", "BAC", "XOM", "CVX", "WMT", "BRK.B"].map((k, i) => [k, i]));
    expect(detectOutput(tickers, { name: "adv" }).type).toBe("bars");
  });

  it("detectOutput({1D: [{quantile, mean, std_error}], 5D: [...]}) is quantile bars by horizon", () => {
    const q = (m: number) => [1, 2].map((k) => ({ quantile: k, mean: m * k, std_error: 0.001, dates: 10 }));
    const d = detectOutput({ "1D": q(0.001), "5D": q(0.004) }, { name: "quantile_returns" });
    expect(d.type).toBe("quantiles");
    expect(d.type === "quantiles" && d.rows.map((r) => `${r.horizon}:${r.quantile}`)).toEqual(["1D:1", "1D:2", "5D:1", "5D:2"]);
  });
});

describe("detectOutput: classifier diagnostics and dated text", () => {
  it("detectOutput(records with fpr, tpr) is a ROC curve; mean_predicted/fraction_positive a calibration; feature/importance bars", () => {
    expect(detectOutput([{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }]).type).toBe("roc");
    expect(detectOutput([{ mean_predicted: 0.2, fraction_positive: 0.1, count: 3 }, { mean_predicted: 0.8, fraction_positive: 0.9, count: 4 }]).type).toBe("calibration");
    expect(detectOutput([{ feature: "mom_10", importance: 0.01, std: 0.002 }]).type).toBe("importance");
  });

  it("detectOutput({index: days, values: ISO strings}) is a two-column table, not thousands of chips", () => {
    const d = detectOutput({ index: Int32Array.from([18262, 18263]), values: ["2020-01-10", null] }, { name: "t1" });
    expect(d.type).toBe("table");
    expect(d.type === "table" && d.table.types).toEqual({ date: "date", value: "string" });
  });
});
