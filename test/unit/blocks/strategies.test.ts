import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { isoToDays } from "../../../blocks/core/dates";
import { runSignalBacktest } from "../../../blocks/backtest/strategies/signal";
import { bollingerBreakoutSignals, rsiReversionSignals, smaCrossoverSignals } from "../../../blocks/backtest/strategies/rules";
import { bollingerBreakoutBlock, rsiReversionBlock, smaCrossoverBlock } from "../../../blocks/backtest/strategies/blocks";
import { runStrategy, type Strategy } from "../../../blocks/backtest/strategies/strategy";

const close = (a: number, b: number, rel = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a), Math.abs(b)));
const f64 = (x: number[]) => Float64Array.from(x);
const dates = (n: number) => Array.from({ length: n }, (_, i) => new Date((isoToDays("2021-01-01") + i) * 864e5).toISOString().slice(0, 10));

describe("runSignalBacktest", () => {
  it("runSignalBacktest(close, signals, 10bps) trades at the signal close and earns from the next bar", () => {
    const c = f64([10, 11, 12, 11, 10, 12]);
    const bt = runSignalBacktest(c, f64([0, 0, 1, 1, 0, 0]), { commission_bps: 7, slippage_bps: 3 });
    // buy at 12 (cost 0.1%), hold 12 -> 11 -> 10, sell at 10 (cost 0.1%)
    const e = [1, 1, 0.999, 0.999 * 11 / 12, 0.999 * 10 / 12 * 0.999, 0.999 * 10 / 12 * 0.999];
    e.forEach((x, t) => close(bt.equity[t], x));
    expect(bt.trades.pnl).toHaveLength(1);
    close(bt.trades.pnl[0], e[4] - 1);
    close(bt.trades.priceReturn[0], 10 / 12 - 1);
    expect(bt.trades.entryIndex[0]).toBe(2); expect(bt.trades.exitIndex[0]).toBe(4);
    expect(bt.kpis.num_trades).toBe(1);
    close(bt.kpis.exposure, 2 / 6);
  });
  it("a flip from long to short closes one trade and opens the next at the same close, paying both legs", () => {
    const c = f64([100, 100, 110, 99, 99]);
    const bt = runSignalBacktest(c, f64([1, 1, -1, -1, 0]), { commission_bps: 10, slippage_bps: 0 });
    // t0 buy 1 (cost .001); t2 +10%, flip: trade 2 units (cost .002); t3 short -1 earns +10%, weight drifts to -0.9/1.1
    const e0 = 0.999, pre2 = e0 * 1.1, e2 = pre2 * (1 - 0.002);
    close(bt.equity[2], e2);
    const pre3 = e2 * 1.1, w3 = -0.9 / 1.1;
    close(bt.equity[3], pre3);
    close(bt.equity[4], pre3 * 1 * (1 + w3 * 0.001));
    expect(bt.trades.direction).toEqual([1, -1]);
    close(bt.trades.pnl[0], pre2 * (1 - 0.001) - 1); // own exit leg only
    close(bt.trades.pnl[0] + bt.trades.pnl[1], bt.equity[4] - 1);
    expect(bt.trades.open).toEqual([false, false]);
  });
  it("a signal outside [-1, 1] is bad input", () => {
    expect(() => runSignalBacktest(f64([1, 2]), f64([0, 2]))).toThrow(/\[-1, 1\]/);
  });
});

describe("signal rules", () => {
  it("smaCrossoverSignals(close, 2, 3) is long while SMA2 > SMA3", () => {
    // SMA2: -, 10.5, 11.5, 11.5, 10.5, 11; SMA3: -, -, 11, 11.333, 11, 11
    expect(Array.from(smaCrossoverSignals(f64([10, 11, 12, 11, 10, 12]), { fast: 2, slow: 3, allow_short: false }))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(Array.from(smaCrossoverSignals(f64([10, 11, 12, 11, 10, 12]), { fast: 2, slow: 3, allow_short: true }))).toEqual([0, 0, 1, 1, -1, -1]);
  });
  it("rsiReversionSignals(close, 2, 30, 70) enters below 30 and leaves above 70", () => {
    // Wilder RSI(2): t2 0 (two losses), t3 0, t4 gain .5 loss .5 -> 50, t5 gain .75 loss .25 -> 75
    expect(Array.from(rsiReversionSignals(f64([10, 9, 8, 7, 8, 9, 10]), { period: 2, lower: 30, upper: 70, allow_short: false }))).toEqual([0, 0, 1, 1, 1, 0, 0]);
    expect(Array.from(rsiReversionSignals(f64([10, 9, 8, 7, 8, 9, 10]), { period: 2, lower: 30, upper: 70, allow_short: true }))).toEqual([0, 0, 1, 1, 1, -1, -1]);
  });
  it("bollingerBreakoutSignals(close, 3, 1) goes long above the upper band and out below the middle", () => {
    // t3 window 10,10,13: mean 11, population sd sqrt(2): upper 12.41 < 13 -> long; t4 window 10,13,11: middle 11.33 > 11 -> out
    expect(Array.from(bollingerBreakoutSignals(f64([10, 10, 10, 13, 11]), { period: 3, k: 1, allow_short: false }))).toEqual([0, 0, 0, 1, 0]);
  });
});

describe("strategy blocks and code strategies", () => {
  const n = 120;
  let seed = 3;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const px: number[] = [];
  for (let t = 0, p = 100; t < n; t++) { p *= 1 + (rnd() - 0.5) * 0.05; px.push(p); }
  const series = { index: dates(n), values: px };

  it("strategy blocks never use closes after t: perturbing the future leaves signals and equity up to t unchanged", () => {
    const cut = 70;
    const future = { index: series.index, values: px.map((x, t) => (t > cut ? x * (0.7 + 0.6 * rnd()) : x)) };
    for (const [block, params] of [[smaCrossoverBlock, { fast: 5, slow: 20, allow_short: true, commission_bps: 5 }], [rsiReversionBlock, { period: 5, allow_short: true }], [bollingerBreakoutBlock, { period: 10, k: 1, allow_short: true }]] as const) {
      const a = toJson(runBlock(block, params, { close: series })) as any;
      const b = toJson(runBlock(block, params, { close: future })) as any;
      expect(b.signal.values.slice(0, cut + 1)).toEqual(a.signal.values.slice(0, cut + 1));
      expect(b.equity.values.slice(0, cut + 1)).toEqual(a.equity.values.slice(0, cut + 1));
    }
  });
  it("a code Strategy with the same rule as strategy.sma_crossover gives the same equity; ctx.closes ends at the bar", () => {
    const c = Float64Array.from(px);
    const s: Strategy = {
      onBar(bar, ctx) {
        expect(ctx.closes.length).toBe(bar.index + 1);
        if (bar.index < 19) return;
        const mean = (k: number) => { let x = 0; for (let i = bar.index - k + 1; i <= bar.index; i++) x += ctx.closes[i]; return x / k; };
        return [{ target: mean(5) > mean(20) ? 1 : 0 }];
      },
    };
    const bt = runStrategy(s, { index: Int32Array.from(series.index, isoToDays), close: c }, { commission_bps: 5, slippage_bps: 0 });
    const blk = toJson(runBlock(smaCrossoverBlock, { fast: 5, slow: 20, commission_bps: 5 }, { close: series })) as any;
    expect(Array.from(bt.signals)).toEqual(blk.signal.values);
    Array.from(bt.equity).forEach((e, t) => close(e, blk.equity.values[t], 1e-12));
    expect(bt.kpis.num_trades).toBe(blk.kpis.num_trades);
  });
  it("strategy.sma_crossover(fast >= slow) is a parameter error; a null close is an input error", () => {
    expect(() => runBlock(smaCrossoverBlock, { fast: 20, slow: 10 }, { close: series })).toThrow(/fast/);
    expect(() => runBlock(smaCrossoverBlock, {}, { close: { index: dates(3), values: [1, null, 2] } })).toThrow(/inputs\.close\.values\[1\]/);
  });
});
