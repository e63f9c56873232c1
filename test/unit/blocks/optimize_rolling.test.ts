import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { panel } from "../../../blocks/core/values";
import { rollingBlock, rollingParams, rollingRows, rollingWeights } from "../../../blocks/optimize/rolling";
import { monthKey } from "../../../blocks/core/dates";

function rng(seed: number) { let s = seed; return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; }; }

function makePrices(n: number, m: number, seed = 1) {
  const r = rng(seed);
  const index = new Int32Array(n);
  let d = 18262; // 2020-01-01
  for (let t = 0; t < n; t++) { while (new Date(d * 864e5).getUTCDay() % 6 === 0) d++; index[t] = d++; }
  const v = new Float64Array(n * m);
  for (let j = 0; j < m; j++) v[j] = 100;
  for (let t = 1; t < n; t++) { const f = r() - 0.5; for (let j = 0; j < m; j++) v[t * m + j] = v[(t - 1) * m + j] * (1 + 0.01 * (f + (r() - 0.5) * (1 + j % 3))); }
  const cols = Array.from({ length: m }, (_, j) => `S${j}`);
  const scores = new Float64Array(n * m);
  for (let i = 0; i < scores.length; i++) scores[i] = r();
  return { prices: panel(index, cols, v), scores: panel(index.slice(), cols.slice(), scores) };
}

describe("optimize.rolling", () => {
  const params = { window: 60, top_quantile: 0.5, method: "min_variance", covariance: "ledoit_wolf" };
  it("rolling(prices, scores, monthly) emits rows at month ends, weights summing to net over the top quantile", () => {
    const { prices, scores } = makePrices(200, 10);
    const out = runBlock(rollingBlock, params, { prices, scores }) as any;
    const w = out.weights;
    expect(w.index.length).toBeGreaterThan(3);
    for (let k = 0; k < w.index.length; k++) {
      const t = Array.from(prices.index).indexOf(w.index[k]);
      expect(monthKey(prices.index[t + 1])).not.toBe(monthKey(prices.index[t]));
      const row = Array.from(w.values.subarray(k * 10, k * 10 + 10)) as number[];
      expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
      expect(row.filter((x) => x > 1e-12).length).toBeLessThanOrEqual(5);
      // held assets are among the top half of scores at t
      const sc = Array.from(scores.values.subarray(t * 10, t * 10 + 10));
      const cut = [...sc].sort((a, b) => b - a)[4];
      row.forEach((x, j) => { if (x > 1e-12) expect(sc[j]).toBeGreaterThanOrEqual(cut); });
    }
  });
  it("rolling(...) has no look-ahead: changing data after t leaves the weights at t unchanged", () => {
    const { prices, scores } = makePrices(200, 10);
    const base = runBlock(rollingBlock, params, { prices, scores }) as any;
    const k = 2, day = base.weights.index[k];
    const t = Array.from(prices.index).indexOf(day);
    const p2 = prices.values.slice(), s2 = scores.values.slice();
    for (let i = (t + 1) * 10; i < p2.length; i++) { p2[i] *= 1.5 + (i % 7) / 10; s2[i] = -s2[i]; }
    const other = runBlock(rollingBlock, params, { prices: panel(prices.index, prices.columns, p2), scores: panel(scores.index, scores.columns, s2) }) as any;
    for (let kk = 0; kk <= k; kk++) for (let j = 0; j < 10; j++) expect(other.weights.values[kk * 10 + j]).toBe(base.weights.values[kk * 10 + j]);
    const later = Array.from(base.weights.values.subarray((k + 1) * 10, (k + 2) * 10));
    expect(Array.from(other.weights.values.subarray((k + 1) * 10, (k + 2) * 10))).not.toEqual(later);
  });
  it("rollingWeights(part 0..h) and (part h..end) concatenated equal one call's rows, up to the QP's convergence", () => {
    const { prices, scores } = makePrices(400, 12, 3);
    // A missing price early on: each part must judge windows from its own first row.
    prices.values[70 * 12 + 4] = NaN;
    const p = rollingParams.parse(params);
    const rows = rollingRows(prices.index, p);
    expect(rows.length).toBeGreaterThan(8);
    const whole = rollingWeights(prices, scores, p);
    const h = rows.length >> 1;
    const a = rollingWeights(prices, scores, p, undefined, undefined, { from: 0, to: h });
    const b = rollingWeights(prices, scores, p, undefined, undefined, { from: h, to: rows.length });
    expect([...a.index, ...b.index]).toEqual([...whole.index]);
    const joined = [...a.values, ...b.values];
    expect(joined.length).toBe(whole.values.length);
    joined.forEach((x, i) => expect(Math.abs(x - whole.values[i])).toBeLessThan(1e-9));
    // The first part is the same computation as the first rows of the whole call: bit for bit.
    expect([...a.values]).toEqual([...whole.values.subarray(0, a.values.length)]);
  });
  it("rolling(...) reports progress up to 1", () => {
    const { prices, scores } = makePrices(150, 6);
    const seen: number[] = [];
    runBlock(rollingBlock, params, { prices, scores }, { progress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
  });
  it("rolling(...) leaves out an asset while a missing price lies in its trailing window, and takes it back once the window is clean", () => {
    const { prices, scores } = makePrices(200, 6);
    const v = prices.values.slice(), sc = scores.values.slice();
    for (let t = 0; t < 200; t++) sc[t * 6 + 2] = 10; // asset 2 always scores highest
    const gap = 100;
    v[gap * 6 + 2] = NaN;
    const out = runBlock(rollingBlock, { ...params, top_quantile: 0.5 }, { prices: panel(prices.index, prices.columns, v), scores: panel(scores.index, scores.columns, sc) }) as any;
    const w = out.weights;
    let excluded = 0, included = 0;
    for (let k = 0; k < w.index.length; k++) {
      const t = Array.from(prices.index).indexOf(w.index[k]);
      const held = w.values[k * 6 + 2];
      // window rows t - 60 .. t must all have a price: the gap row is inside when t - 60 <= gap <= t
      if (t - 60 <= gap && gap <= t) { expect(held).toBe(0); excluded++; } else if (held > 0) included++;
    }
    expect(excluded).toBeGreaterThan(1);
    expect(included).toBeGreaterThan(1);
  });
});
