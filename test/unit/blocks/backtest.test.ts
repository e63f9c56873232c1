import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { isoToDays } from "../../../blocks/core/dates";
import { BlockError } from "../../../blocks/core/errors";
import { backtestRunBlock } from "../../../blocks/backtest/run";
import { rebalanceMask } from "../../../blocks/backtest/schedule";

const close = (a: number, b: number, rel = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a), Math.abs(b)));
const run = (params: object, inputs: object) => toJson(runBlock(backtestRunBlock, params, inputs as Record<string, unknown>)) as any;

const D = ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06"];
const prices = { index: D, columns: ["A", "B"], values: [[100, 50], [110, 50], [99, 55], [99, 44]] };
const half = { index: ["2020-01-01"], columns: ["A", "B"], values: [[0.5, 0.5]] };

describe("backtest.run", () => {
  it("backtest.run(rebalance once) lets holdings drift: equity = 0.5 pA/pA0 + 0.5 pB/pB0", () => {
    const out = run({ rebalance: ["2020-01-01"] }, { prices, weights: half });
    const expected = D.map((_, t) => 0.5 * prices.values[t][0] / 100 + 0.5 * prices.values[t][1] / 50);
    out.equity.values.forEach((e: number, t: number) => close(e, expected[t]));
    // drifted weight of A on day 2: 0.5*0.99 / (0.5*0.99 + 0.5*1.1)
    close(out.holdings.values[2][0], 0.495 / (0.495 + 0.55));
    expect(out.turnover.values).toEqual([1, 0, 0, 0]);
    expect(out.returns.index).toEqual(D.slice(1));
    close(out.returns.values[0], expected[1] / expected[0] - 1);
  });

  it("backtest.run(daily, cost_bps 10) charges turnover x 10bps at each close, turnover = sum |target - drifted|", () => {
    const out = run({ rebalance: "daily", cost_bps: 10 }, { prices, weights: half });
    // day 0: buy 0.5 + 0.5 -> equity 1 - 1 x 0.001
    close(out.turnover.values[0], 1); close(out.equity.values[0], 0.999);
    // day 1: return 0.5 x 10% = 5%; drifted A = 0.55/1.05, B = 0.5/1.05; turnover = 2 x |0.5 - 0.55/1.05|
    const to1 = 2 * (0.55 / 1.05 - 0.5);
    close(out.turnover.values[1], to1);
    const e1 = 0.999 * 1.05 * (1 - to1 * 0.001);
    close(out.equity.values[1], e1);
    // day 2: A -10%, B +10% -> return 0; drifted A 0.45, B 0.55; turnover 0.1
    close(out.turnover.values[2], 0.1);
    close(out.equity.values[2], e1 * 1 * (1 - 0.1 * 0.001));
    close(out.kpis.total_return, out.equity.values[3] / out.equity.values[0] - 1);
    expect(out.trades.filter((x: any) => x.date === "2020-01-03")).toEqual([
      { date: "2020-01-03", asset: "A", from: expect.closeTo(0.45, 12), to: 0.5, traded: expect.closeTo(0.05, 12), cost: expect.closeTo(0.05e-3, 15), unfilled: 0 },
      { date: "2020-01-03", asset: "B", from: expect.closeTo(0.55, 12), to: 0.5, traded: expect.closeTo(-0.05, 12), cost: expect.closeTo(0.05e-3, 15), unfilled: 0 },
    ]);
  });

  it("slippage fixed_bps adds its bps to cost_bps per unit of turnover", () => {
    const a = run({ cost_bps: 7, slippage: { model: "fixed_bps", bps: 3 } }, { prices, weights: half });
    const b = run({ cost_bps: 10 }, { prices, weights: half });
    a.equity.values.forEach((e: number, t: number) => close(e, b.equity.values[t]));
  });

  it("borrow_bps_per_year 252 costs 1bp a day per unit of short gross held from the previous close", () => {
    const flat = { index: D, columns: ["A", "B"], values: [[100, 50], [100, 50], [100, 50], [110, 50]] };
    const w = { index: ["2020-01-01"], columns: ["A", "B"], values: [[-0.5, 0]] };
    const out = run({ rebalance: ["2020-01-01"], borrow_bps_per_year: 252 }, { prices: flat, weights: w });
    close(out.returns.values[0], -0.5e-4);
    // day 2 short drifted: weight -0.5/(1 - 0.5e-4)
    const w1 = -0.5 / (1 - 0.5e-4);
    close(out.returns.values[1], w1 * 1e-4);
    const w2 = w1 / (1 + w1 * 1e-4);
    close(out.returns.values[2], w2 * 0.1 + w2 * 1e-4);
    expect(out.exposures.columns).toEqual(["gross", "net", "long", "short", "cash"]);
    close(out.exposures.values[0][3], 0.5); close(out.exposures.values[0][4], 1.5); close(out.exposures.values[0][1], -0.5);
  });

  it("the traded target is the latest weights row on or before the rebalance date; with none, nothing trades", () => {
    const w = { index: ["2020-01-02", "2020-01-05"], columns: ["A"], values: [[1], [0.5]] };
    const out = run({ rebalance: "daily" }, { prices, weights: w });
    expect(out.equity.values[0]).toBe(1);
    expect(out.turnover.values[0]).toBe(0);
    close(out.turnover.values[1], 1); // buys A at the close of day 1
    close(out.equity.values[2], 0.9); // earns A's 99/110 - 1 = -10% from day 1 to 2
    close(out.holdings.values[2][0], 1);
    close(out.holdings.values[3][0], 0.5); // the row of 2020-01-05 (a Sunday) is in force on 2020-01-06
    expect(out.holdings.values[3][1]).toBe(0); // B has no weights column: target 0
  });

  it("a price date is weekly / monthly when the next price date is in another ISO week / month, never the last", () => {
    const dates = Int32Array.from(["2020-12-30", "2020-12-31", "2021-01-01", "2021-01-04", "2021-01-29", "2021-02-01", "2021-02-02"], isoToDays);
    // 2021-01-01 is a Friday (ISO week 2020-53), 2021-01-04 Monday of week 1, 2021-01-29 a Friday
    expect(Array.from(rebalanceMask(dates, "weekly"))).toEqual([0, 0, 1, 1, 1, 0, 0]);
    expect(Array.from(rebalanceMask(dates, "monthly"))).toEqual([0, 1, 0, 0, 1, 0, 0]);
    expect(Array.from(rebalanceMask(dates, ["2021-01-02", "2021-03-01"]))).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect(() => rebalanceMask(dates, ["2021-13-01"])).toThrow(/rebalance\[0\]/);
  });

  it("an asset with a missing price cannot trade that day and its holding keeps its value", () => {
    const p = { index: D, columns: ["A", "B"], values: [[100, 50], [110, null], [99, 55], [99, 55]] };
    const w = { index: ["2020-01-01", "2020-01-02"], columns: ["A", "B"], values: [[0.5, 0.5], [0, 1]] };
    const out = run({ rebalance: "daily" }, { prices: p, weights: w });
    // day 1: B has no price: return 0.5 x 10% only; only A trades (to 0), B waits
    close(out.equity.values[1], 1.05);
    close(out.holdings.values[1][0], 0);
    close(out.holdings.values[1][1], 0.5 / 1.05);
    close(out.turnover.values[1], 0.55 / 1.05);
    // day 2: B's 55 compares with its last price 50: +10% on 0.5/1.05
    close(out.equity.values[2], 1.05 * (1 + (0.5 / 1.05) * 0.1));
    close(out.holdings.values[2][1], 1);
  });

  it("a name without prices yet and a target of 0 never trades, and a later target for it fills on its first priced day", () => {
    const p = { index: D, columns: ["A", "C"], values: [[100, null], [110, null], [121, 50], [121, 55]] };
    const w = { index: ["2020-01-01", "2020-01-02"], columns: ["A", "C"], values: [[1, 0], [0.5, 0.5]] };
    const out = run({ rebalance: ["2020-01-01", "2020-01-02"] }, { prices: p, weights: w });
    // day 0: A to 1 (C: nothing held, nothing wanted); day 1: A to 0.5, C waits for a price; day 2: C fills
    expect(out.trades.map((x: any) => [x.date, x.asset])).toEqual([["2020-01-01", "A"], ["2020-01-02", "A"], ["2020-01-03", "C"]]);
    close(out.equity.values[1], 1.1);
    close(out.holdings.values[1][0], 0.5);
    close(out.holdings.values[2][1], 0.5); // C bought to its target at the close
    close(out.holdings.values[2][0], 0.5 * 1.1 / 1.05); // A drifted: +10% on 0.5 of the book
    expect(out.holdings.values[0][1]).toBe(0);
  });

  it("max_participation fills at most that share of the day's volume and carries the rest to the next day", () => {
    const p = { index: D, columns: ["A"], values: [[100], [100], [100], [100]] };
    const v = { index: D, columns: ["A"], values: [[1000], [1000], [1000], [1000]] };
    const w = { index: ["2020-01-01"], columns: ["A"], values: [[1]] };
    // capital 1e5: a day's cap = 0.5 x 1000 x 100 = 5e4 currency = 0.5 of equity
    const out = run({ rebalance: ["2020-01-01"], max_participation: 0.5, capital: 1e5 }, { prices: p, weights: w, volumes: v });
    expect(out.turnover.values).toEqual([0.5, 0.5, 0, 0]);
    expect(out.holdings.values.map((r: number[]) => r[0])).toEqual([0.5, 1, 1, 1]);
    expect(out.trades.map((x: any) => x.unfilled)).toEqual([0.5, 0]);
  });

  it("slippage participation costs impact x (traded value / day's traded value)^2 per unit traded (zipline VolumeShareSlippage)", () => {
    const p = { index: D.slice(0, 2), columns: ["A"], values: [[100], [100]] };
    const v = { index: D.slice(0, 2), columns: ["A"], values: [[10000], [10000]] };
    const w = { index: ["2020-01-01"], columns: ["A"], values: [[1]] };
    // traded value 1e4 / (1e4 x 100 = 1e6) = 1% share -> impact 0.1 x 1e-4 = 1e-5 of the traded value
    const out = run({ rebalance: ["2020-01-01"], cost_bps: 5, slippage: { model: "participation", impact_coeff: 0.1 }, capital: 1e4 }, { prices: p, weights: w, volumes: v });
    close(out.equity.values[0], 1 - (5e-4 + 1e-5));
    // zipline preset: same impact, cap 2.5% of the bar = 2.5e4 currency: with capital 1e6 only 0.025 fills
    const z = run({ rebalance: ["2020-01-01"], slippage: { model: "zipline" }, capital: 1e6 }, { prices: p, weights: w, volumes: v });
    close(z.turnover.values[0], 0.025);
    close(z.equity.values[0], 1 - 0.025 * 0.1 * 0.025 ** 2);
  });

  it("changing prices, volumes or weights dated after t never changes equity, turnover or trades up to t (no look-ahead)", () => {
    const n = 90;
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const index: string[] = [];
    for (let d = isoToDays("2021-01-04"), k = 0; k < n; d++) { const wd = new Date(d * 864e5).getUTCDay(); if (wd !== 0 && wd !== 6) { index.push(new Date(d * 864e5).toISOString().slice(0, 10)); k++; } }
    const px: number[][] = [], vol: number[][] = [], wt: number[][] = [];
    let row = [100, 50, 20, 80];
    for (let t = 0; t < n; t++) {
      row = row.map((x) => x * (1 + (rnd() - 0.5) * 0.04));
      px.push(row.slice()); vol.push(row.map(() => 200 + rnd() * 2000)); wt.push(row.map(() => rnd() - 0.3));
    }
    const cut = 50;
    const perturb = (a: number[][]) => a.map((r, t) => (t > cut ? r.map((x) => x * (0.5 + rnd())) : r.slice()));
    for (const rebalance of ["daily", "weekly", "monthly"]) {
      const params = { rebalance, cost_bps: 10, slippage: { model: "participation", volume_window: 5 }, borrow_bps_per_year: 50, max_participation: 0.1, capital: 1e5 };
      const a = run(params, { prices: { index, columns: ["A", "B", "C", "D"], values: px }, weights: { index, columns: ["A", "B", "C", "D"], values: wt }, volumes: { index, columns: ["A", "B", "C", "D"], values: vol } });
      const b = run(params, { prices: { index, columns: ["A", "B", "C", "D"], values: perturb(px) }, weights: { index, columns: ["A", "B", "C", "D"], values: perturb(wt) }, volumes: { index, columns: ["A", "B", "C", "D"], values: perturb(vol) } });
      expect(b.equity.values.slice(0, cut + 1)).toEqual(a.equity.values.slice(0, cut + 1));
      expect(b.turnover.values.slice(0, cut + 1)).toEqual(a.turnover.values.slice(0, cut + 1));
      expect(b.trades.filter((x: any) => x.date <= index[cut])).toEqual(a.trades.filter((x: any) => x.date <= index[cut]));
      expect(b.equity.values[n - 1]).not.toEqual(a.equity.values[n - 1]);
    }
  });

  it("bad inputs: a weights column missing from prices, volumes missing for participation", () => {
    const w = { index: ["2020-01-01"], columns: ["Z"], values: [[1]] };
    expect(() => runBlock(backtestRunBlock, {}, { prices, weights: w })).toThrow(/inputs\.weights\.columns\[0\].*"Z"/);
    expect(() => runBlock(backtestRunBlock, { slippage: { model: "zipline" } }, { prices, weights: half })).toThrow(/inputs\.volumes.*zipline/);
    expect(() => runBlock(backtestRunBlock, { slippage: { model: "magic" } }, { prices, weights: half })).toThrow(BlockError);
  });
});
