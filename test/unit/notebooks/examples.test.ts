/**
 * The example notebooks in notebooks/, run headless in-process (native DuckDB), one kernel per
 * notebook: every cell must succeed, and a few numbers per notebook are checked against values
 * computed here by hand from the bundled CSV files, closed forms or published examples.
 */
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { notebookDir, readCsv, runNotebook as run } from "./harness";
import { daysToIso } from "../../../blocks/core/dates";
import type { Panel, Series } from "../../../blocks/core/values";

// ml_signals and desk_agents run (and are checked) in ml_agents.test.ts.
const files = readdirSync(notebookDir).filter((f) => f.endsWith(".json") && !["ml_signals.json", "desk_agents.json"].includes(f)).sort();

/** numpy's default (linear) quantile. */
function quantile(x: number[], q: number): number {
  const s = [...x].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
}

function at(p: Panel, iso: string, column: string): number {
  const r = Array.from(p.index, daysToIso).indexOf(iso);
  const j = p.columns.indexOf(column);
  if (r < 0 || j < 0) throw new Error(`no ${column} on ${iso}`);
  return p.values[r * p.columns.length + j];
}

describe("every example notebook runs headless with no cell errors", () => {
  it("finds the example notebooks", () => {
    expect(files).toEqual(expect.arrayContaining(["momentum.json", "walkforward_sma.json", "portfolios.json", "risk_desk.json", "options_desk.json"]));
  });
  for (const file of files) {
    it(`run(${file}) has no errors`, async () => {
      const { errors } = await run(file);
      expect(errors).toEqual([]);
    });
  }
});

describe("momentum.json", () => {
  const csv = readCsv("stock_prices.csv");
  const first = csv.dates.findIndex((d) => d >= "2010-01-01");
  const symbols = csv.header.slice(1);

  it("momentum(AAPL) on 2017-06-30 is close[t-21]/close[t-252] - 1 from the CSV", async () => {
    const { kernel } = await run("momentum.json");
    const scores = (kernel.value("momentum") as { scores: Panel }).scores;
    const close = csv.column("AAPL");
    const t = csv.dates.indexOf("2017-06-30");
    expect(at(scores, "2017-06-30", "AAPL")).toBeCloseTo(close[t - 21] / close[t - 252] - 1, 12);
    // BABA listed on 2014-09-19: fewer than 252 rows of prices by 2015-06-30, so no score.
    expect(Number.isNaN(at(scores, "2015-06-30", "BABA"))).toBe(true);
  });

  it("factor_report drops exactly the pairs without a score (warm-up and pre-listing) plus the last 21 rows", async () => {
    const { kernel } = await run("momentum.json");
    const dropped = (kernel.value("report") as { dropped: { pairs: number; missing_score: number; too_short_history: number; fraction: number; max_drop_fraction: number } }).dropped;
    let missing = 0;
    const cols = symbols.map((s) => csv.column(s));
    const n = csv.dates.length - first;
    for (let t = first; t < csv.dates.length; t++) {
      for (const c of cols) if (t - first < 252 || Number.isNaN(c[t - 21]) || Number.isNaN(c[t - 252])) missing++;
    }
    expect(dropped.pairs).toBe(n * symbols.length);
    expect(dropped.missing_score).toBe(missing);
    expect(dropped.too_short_history).toBe(21 * symbols.length);
    expect(dropped.fraction).toBeLessThan(dropped.max_drop_fraction);
  });

  it("the last rebalance holds the 4 stocks with the highest 12-1 momentum, 25% each", async () => {
    const { kernel } = await run("momentum.json");
    const w = (kernel.value("weights") as { weights: Panel }).weights;
    const last = w.index.length - 1;
    const day = daysToIso(w.index[last]);
    expect(day).toBe("2018-03-29"); // the last month end before the data end (2018-04-11)
    const t = csv.dates.indexOf(day);
    const mom = symbols.map((s) => { const c = csv.column(s); return { s, m: c[t - 21] / c[t - 252] - 1 }; }).sort((a, b) => b.m - a.m);
    const held = w.columns.filter((_c, j) => w.values[last * w.columns.length + j] > 0).sort();
    expect(held).toEqual(mom.slice(0, 4).map((x) => x.s).sort());
    for (const s of held) expect(w.values[last * w.columns.length + w.columns.indexOf(s)]).toBeCloseTo(0.25, 12);
  });
});

describe("walkforward_sma.json", () => {
  const csv = readCsv("sp500-2000.csv");
  const close = csv.column("close");

  it("the stitched out-of-sample run starts at the close of bar in_sample - 1 (756 - 1) of the CSV", async () => {
    const { kernel } = await run("walkforward_sma.json");
    const wf = kernel.value("wf") as { equity: Series; windows: { oos_start: string; params: { fast: number; slow: number } }[] };
    expect(daysToIso(wf.equity.index[0])).toBe(csv.dates[755]);
    expect(wf.windows[0].oos_start).toBe(csv.dates[756]);
    for (const w of wf.windows) {
      expect([10, 20, 50]).toContain(w.params.fast);
      expect([100, 150, 200]).toContain(w.params.slow);
    }
  });

  it("degradation = (is - oos)/|is| and the flag is oos < is - 0.2 |is|; buy-and-hold CAGR from the CSV", async () => {
    const { kernel } = await run("walkforward_sma.json");
    const d = kernel.value("is_vs_oos") as { in_sample_sharpe: number; out_of_sample_sharpe: number; degradation: number; flag: boolean };
    const is = d.in_sample_sharpe, oos = d.out_of_sample_sharpe;
    expect(d.degradation).toBeCloseTo((is - oos) / Math.abs(is), 12);
    expect(d.flag).toBe(oos < is - 0.2 * Math.abs(is));
    const b = kernel.value("baseline") as { from: string; buy_and_hold: { cagr: number } };
    const i0 = csv.dates.indexOf(b.from);
    const n = close.length - 1 - i0; // daily returns after the start date
    expect(b.buy_and_hold.cagr).toBeCloseTo((close[close.length - 1] / close[i0]) ** (252 / n) - 1, 10);
  });
});

describe("portfolios.json", () => {
  type Pf = { weights: Record<string, number>; diagnostics: { risk_contributions: Record<string, number> } };

  it("min-variance weights are long only and sum to 1; risk parity's risk contributions are all 1/20", async () => {
    const { kernel } = await run("portfolios.json");
    const mv = Object.values((kernel.value("min_variance") as Pf).weights);
    expect(mv.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    for (const x of mv) expect(x).toBeGreaterThanOrEqual(-1e-9);
    const rc = Object.values((kernel.value("risk_parity") as Pf).diagnostics.risk_contributions);
    expect(rc.length).toBe(20);
    for (const x of rc) expect(Math.abs(x - 1 / 20)).toBeLessThan(1e-6);
  });

  it("the frontier's min-variance point has the lowest volatility, equal to the min-variance portfolio's", async () => {
    const { kernel } = await run("portfolios.json");
    const chart = kernel.value("chart") as { points: { volatility: number }[]; portfolios: { name: string; volatility: number }[] };
    const fr = kernel.value("frontier") as { min_variance: { volatility: number } };
    const vols = chart.points.map((p) => p.volatility);
    expect(Math.min(...vols)).toBeCloseTo(fr.min_variance.volatility, 9);
    const mv = chart.portfolios.find((p) => p.name === "min_variance")!;
    expect(Math.abs(mv.volatility - fr.min_variance.volatility)).toBeLessThan(1e-6);
    for (const p of chart.portfolios) expect(p.volatility).toBeGreaterThanOrEqual(mv.volatility - 1e-6);
  });

  it("expected return of AAPL is the compounded mean: (last/first)^(252/n) - 1 from the CSV", async () => {
    const { kernel } = await run("portfolios.json");
    const csv = readCsv("stock_prices.csv");
    const c = csv.column("AAPL");
    const i0 = csv.dates.findIndex((d) => d >= "2015-01-01");
    const n = c.length - 1 - i0;
    const mu = (kernel.value("mu") as { expected_returns: Record<string, number> }).expected_returns;
    expect(mu.AAPL).toBeCloseTo((c[c.length - 1] / c[i0]) ** (252 / n) - 1, 10);
  });
});

describe("risk_desk.json", () => {
  it("99% historical VaR of the book equals minus the 1% quantile of sum w_i r_i computed from the CSV", async () => {
    const { kernel } = await run("risk_desk.json");
    const book = kernel.value("book") as { weights: Record<string, number> };
    const csv = readCsv("stock_prices.csv");
    const i0 = csv.dates.findIndex((d) => d >= "2015-01-01");
    const cols = Object.keys(book.weights).map((s) => ({ w: book.weights[s], c: csv.column(s) }));
    const r: number[] = [];
    for (let t = i0 + 1; t < csv.dates.length; t++) r.push(cols.reduce((s, { w, c }) => s + w * (c[t] / c[t - 1] - 1), 0));
    const v = kernel.value("var_historical") as { var: number; es: number };
    const q = quantile(r, 0.01);
    expect(v.var).toBeCloseTo(-q, 10);
    const tail = r.filter((x) => x <= q);
    expect(v.es).toBeCloseTo(-tail.reduce((s, x) => s + x, 0) / tail.length, 10);
  });

  it("liquidity, compliance and the risk gate: SHLD days = w V / (0.2 ADV), proposal BLOCK, only the AAPL buy refused", async () => {
    const { kernel } = await run("risk_desk.json");
    const liq = kernel.value("liquidity") as { days: Record<string, number> };
    expect(liq.days.SHLD).toBeCloseTo((0.03 * 250e6) / (0.2 * 4e6), 12);
    expect((kernel.value("compliance") as { status: string }).status).toBe("BLOCK");
    expect((kernel.value("target") as { status: string }).status).toBe("REVIEW");
    const gate = kernel.value("gate") as { rejected: { order: { symbol: string; side: string } }[] };
    expect(gate.rejected.map((r) => `${r.order.side} ${r.order.symbol}`)).toEqual(["buy AAPL"]);
  });
});

describe("options_desk.json", () => {
  it("Black-Scholes reproduces Hull's Example 15.6 (call 4.76, put 0.81) and put-call parity", async () => {
    const { kernel } = await run("options_desk.json");
    const call = (kernel.value("hull_call") as { price: number }).price;
    const put = (kernel.value("hull_put") as { price: number }).price;
    expect(call).toBeCloseTo(4.76, 2);
    expect(put).toBeCloseTo(0.81, 2);
    expect(call - put).toBeCloseTo(42 - 40 * Math.exp(-0.1 * 0.5), 12);
  });

  it("iron condor 295/305/325/335: breakevens 305 - credit and 325 + credit, max loss 10 - credit; straddle breakevens K -/+ cost", async () => {
    const { kernel } = await run("options_desk.json");
    const ic = kernel.value("iron_condor") as { net_cost: number; breakevens: number[]; max_loss: number; max_profit: number };
    const credit = -ic.net_cost;
    expect(credit).toBeGreaterThan(0);
    expect(ic.breakevens[0]).toBeCloseTo(305 - credit, 9);
    expect(ic.breakevens[1]).toBeCloseTo(325 + credit, 9);
    expect(ic.max_loss).toBeCloseTo(10 - credit, 9);
    expect(ic.max_profit).toBeCloseTo(credit, 12);
    const st = kernel.value("straddle") as { net_cost: number; breakevens: number[] };
    expect(st.breakevens[0]).toBeCloseTo(314 - st.net_cost, 9);
    expect(st.breakevens[1]).toBeCloseTo(314 + st.net_cost, 9);
    const atm = kernel.value("atm") as { chain_price: number };
    expect((kernel.value("atm_call") as { price: number }).price).toBeCloseTo(atm.chain_price, 9);
  });
});
