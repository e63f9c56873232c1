import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { toJson } from "../../../blocks/core/json";
import { isoToDays } from "../../../blocks/core/dates";
import { walkForward, walkForwardBlock, walkForwardParams } from "../../../blocks/backtest/walkforward";
import { smaCrossoverBlock } from "../../../blocks/backtest/strategies/blocks";
import { runSignalBacktest } from "../../../blocks/backtest/strategies/signal";
import { smaCrossoverSignals } from "../../../blocks/backtest/strategies/rules";

const N = 400;
let seed = 11;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const px: number[] = [];
for (let t = 0, p = 100; t < N; t++) { p *= 1 + (rnd() - 0.48) * 0.04 + 0.01 * Math.sin(t / 15); px.push(p); }
const index = Array.from({ length: N }, (_, i) => new Date((isoToDays("2020-01-01") + i) * 864e5).toISOString().slice(0, 10));
const closeSeries = { index, values: px };
const base = { strategy: "sma_crossover", grid: { fast: [3, 5, 10], slow: [20, 30] }, in_sample: 100, out_of_sample: 50, commission_bps: 5 };
const wf = (params: object, values = px) => toJson(runBlock(walkForwardBlock, params, { close: { index, values } })) as any;

describe("backtest.walk_forward", () => {
  it("walk_forward(rolling, 100, 50) lays windows of 100 in-sample and 50 out-of-sample bars, stepping 50", () => {
    const out = wf(base);
    expect(out.windows).toHaveLength(6); // out-of-sample starts 100, 150, ..., 350
    expect(out.windows.map((w: any) => w.oos_start)).toEqual([100, 150, 200, 250, 300, 350].map((t) => index[t]));
    expect(out.windows.map((w: any) => w.is_start)).toEqual([0, 50, 100, 150, 200, 250].map((t) => index[t]));
    expect(out.windows[5].oos_end).toBe(index[N - 1]);
    expect(out.grid_size).toBe(6);
    const anchored = wf({ ...base, mode: "anchored" });
    expect(anchored.windows.every((w: any) => w.is_start === index[0])).toBe(true);
  });

  it("each window's choice is the in-sample best: its objective equals strategy.sma_crossover's Sharpe on the in-sample bars and beats every other set", () => {
    const out = wf(base);
    const w = out.windows[1]; // in-sample bars 50..149
    // signals come from the whole series (causal indicators), scored on the in-sample bars alone
    const c = Float64Array.from(px);
    let bestOther = -Infinity;
    for (const fast of [3, 5, 10]) for (const slow of [20, 30]) {
      const sig = smaCrossoverSignals(c, { fast, slow, allow_short: false });
      const s = runSignalBacktest(c.subarray(50, 150), sig.subarray(50, 150), { commission_bps: 5, slippage_bps: 0 }).kpis;
      if (fast === w.params.fast && slow === w.params.slow) expect(s.sharpe).toBe(w.is_objective);
      else if (s.num_trades >= 1) bestOther = Math.max(bestOther, s.sharpe);
    }
    expect(w.is_objective).toBeGreaterThanOrEqual(bestOther);
    // and the block agrees with the same kernel when run on a whole series
    const blk = toJson(runBlock(smaCrossoverBlock, { fast: w.params.fast, slow: w.params.slow, commission_bps: 5 }, { close: closeSeries })) as any;
    const full = runSignalBacktest(c, smaCrossoverSignals(c, { fast: w.params.fast, slow: w.params.slow, allow_short: false }), { commission_bps: 5, slippage_bps: 0 });
    expect(blk.kpis.sharpe).toBe(full.kpis.sharpe);
  });

  it("no window's choice uses its out-of-sample data: perturbing bars from its out-of-sample start leaves its (and earlier) choices unchanged", () => {
    const out = wf(base);
    const starts = [100, 150, 200, 250, 300, 350];
    starts.forEach((b, k) => {
      const perturbed = px.map((x, t) => (t >= b ? x * (t % 2 ? 1.07 : 0.94) : x));
      const other = wf(base, perturbed);
      for (let j = 0; j <= k; j++) {
        expect(other.windows[j].params).toEqual(out.windows[j].params);
        expect(other.windows[j].is_objective).toEqual(out.windows[j].is_objective);
      }
    });
  });

  it("with one parameter set the stitched out-of-sample run is that set's signal backtest from the close before the first out-of-sample bar", () => {
    const out = wf({ ...base, grid: { fast: [5], slow: [20] } });
    const c = Float64Array.from(px);
    const sig = smaCrossoverSignals(c, { fast: 5, slow: 20, allow_short: false });
    const bt = runSignalBacktest(c.subarray(99), sig.subarray(99), { commission_bps: 5, slippage_bps: 0 });
    expect(out.equity.index[0]).toBe(index[99]);
    expect(out.equity.values).toEqual(Array.from(bt.equity));
    expect(out.returns.index[0]).toBe(index[100]);
  });

  it("min_trades above any count leaves every window without parameters and the stitched run flat", () => {
    const out = wf({ ...base, min_trades: 10_000 });
    expect(out.windows.every((w: any) => w.params === null)).toBe(true);
    expect(out.equity.values.every((e: number) => e === 1)).toBe(true);
  });

  it("stability, sensitivity (+-10%, +-20%, integers rounded) and the degradation flag follow their definitions", () => {
    const out = wf(base);
    const fasts = out.windows.map((w: any) => w.params.fast);
    expect(out.stability.fast.values).toEqual(fasts);
    expect(out.stability.fast.mean).toBeCloseTo(fasts.reduce((a: number, b: number) => a + b, 0) / fasts.length, 12);
    const rows = out.sensitivity.rows.filter((r: any) => r.param === "slow");
    const s = out.sensitivity.params.slow;
    expect(rows.map((r: any) => r.value)).toEqual([0.8, 0.9, 1.1, 1.2].map((f) => Math.round(s * f)));
    expect(out.sensitivity.rows).toHaveLength(8);
    expect(out.flag).toBe(out.oos_sharpe < out.is_sharpe - 0.2 * Math.abs(out.is_sharpe));
    expect(out.degradation).toBeCloseTo((out.is_sharpe - out.oos_sharpe) / Math.abs(out.is_sharpe), 12);
    expect(out.split.train.end).toBe(index[279]); expect(out.split.validation.start).toBe(index[280]);
    expect(out.split.test.start).toBe(index[340]);
    expect(out.split.flag).toBe(
      out.split.validation.sharpe < out.split.train.sharpe - 0.2 * Math.abs(out.split.train.sharpe) ||
      out.split.test.sharpe < out.split.train.sharpe - 0.2 * Math.abs(out.split.train.sharpe));
  });

  it("reports progress up to 1 and stops when the signal is aborted", () => {
    const seen: number[] = [];
    const p = walkForwardParams.parse(base);
    walkForward(Int32Array.from(index, isoToDays), Float64Array.from(px), p, { progress: (f) => seen.push(f) });
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
    const ac = new AbortController();
    ac.abort();
    expect(() => walkForward(Int32Array.from(index, isoToDays), Float64Array.from(px), p, { signal: ac.signal })).toThrow(/cancelled/);
  });

  it("an unknown grid parameter or a series shorter than the in-sample window is a clear error", () => {
    expect(() => wf({ ...base, grid: { speed: [1] } })).toThrow(/grid\.speed.*fast, slow/);
    expect(() => wf({ ...base, in_sample: 500 })).toThrow(/too few/);
  });
});
