import { describe, expect, it } from "vitest";
import { quantileSelect, quantileSorted } from "../../../blocks/factors/crossSection";
import { winsorizePanel } from "../../../blocks/factors/winsorize";
import { zscorePanel } from "../../../blocks/factors/zscore";
import { panel } from "../../../blocks/core/values";

/** A seeded stream of small integers (many ties) and reals. */
function sample(seed: number, n: number, ties: boolean): Float64Array {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Float64Array.from({ length: n }, () => (ties ? Math.floor(next() * 7) - 3 : next() * 200 - 100));
}

describe("quantileSelect(values, n, q)", () => {
  it("equals the sorted linear quantile exactly, with and without ties, for every q", () => {
    for (let seed = 1; seed <= 60; seed++) {
      for (const n of [1, 2, 3, 10, 57, 500]) {
        const x = sample(seed * 31 + n, n, seed % 2 === 0);
        const sorted = Float64Array.from(x).sort();
        for (const q of [0, 0.01, 0.05, 0.25, 0.5, 0.73, 0.95, 0.99, 1]) {
          expect(quantileSelect(Float64Array.from(x), n, q)).toBe(quantileSorted(sorted, q));
        }
      }
    }
  });
  it("of nothing is NaN", () => {
    expect(quantileSelect(new Float64Array(0), 0, 0.5)).toBeNaN();
  });
});

describe("winsorizePanel(scores, lower, upper) with row-to-row brackets", () => {
  /** Each row clipped at quantiles of its sorted non-null values: the plain definition. */
  function plainWinsorize(x: Float64Array, rows: number, m: number, lower: number, upper: number): Float64Array {
    const out = new Float64Array(rows * m);
    for (let t = 0; t < rows; t++) {
      const row = x.subarray(t * m, t * m + m);
      const sorted = Float64Array.from(row.filter((v) => !Number.isNaN(v))).sort();
      const lo = quantileSorted(sorted, lower), hi = quantileSorted(sorted, upper);
      for (let j = 0; j < m; j++) out[t * m + j] = Number.isNaN(row[j]) ? NaN : Math.min(hi, Math.max(lo, row[j]));
    }
    return out;
  }
  const idx = (n: number) => Int32Array.from({ length: n }, (_, i) => 18000 + i);
  const cols = (m: number) => Array.from({ length: m }, (_, j) => `A${j}`);

  it("equals the plain per-row sort exactly on slowly moving rows, jumping rows, ties, nulls and short rows", () => {
    const cases: { name: string; rows: number; m: number; at: (t: number, j: number, base: Float64Array) => number }[] = [
      { name: "walk", rows: 300, m: 400, at: (t, j, b) => (b[j] += 0.01 * Math.sin(t * 7.1 + j * 3.3)) },
      { name: "iid", rows: 200, m: 300, at: (t, j) => sample(t * 1000 + j, 1, false)[0] },
      { name: "ties", rows: 100, m: 250, at: (t, j) => sample(t * 977 + j, 1, true)[0] },
      { name: "nulls", rows: 150, m: 300, at: (t, j, b) => ((t + j) % 7 === 0 || t % 40 === 0 ? NaN : (b[j] += 0.02 * Math.cos(t + j * j))) },
      { name: "regime jump", rows: 120, m: 200, at: (t, j) => (t < 60 ? j : 1e6 - j * 3) + (t % 3) },
      { name: "short", rows: 50, m: 5, at: (t, j) => (t * 13 + j * 7) % 11 },
    ];
    for (const c of cases) {
      const base = sample(99, c.m, false);
      const x = new Float64Array(c.rows * c.m);
      for (let t = 0; t < c.rows; t++) for (let j = 0; j < c.m; j++) x[t * c.m + j] = c.at(t, j, base);
      for (const [lower, upper] of [[0.05, 0.95], [0.01, 0.99], [0.25, 0.5], [0.3, 0.3], [0, 1]]) {
        const got = winsorizePanel(panel(idx(c.rows), cols(c.m), x), lower, upper).values;
        const want = plainWinsorize(x, c.rows, c.m, lower, upper);
        for (let i = 0; i < got.length; i++) {
          if (!Object.is(got[i], want[i])) throw new Error(`${c.name} [${lower}, ${upper}] at ${i}: ${got[i]} != ${want[i]}`);
        }
      }
    }
  });

  it("winsorizePanel and zscorePanel written into their input's buffer give the same values as into fresh ones", () => {
    const rows = 80, m = 300, x = new Float64Array(rows * m);
    for (let i = 0; i < x.length; i++) x[i] = i % 37 === 0 ? NaN : Math.sin(i * 0.37) + (i % m) * 1e-3;
    const p = panel(idx(rows), cols(m), x);
    const fresh = zscorePanel(winsorizePanel(p, 0.05, 0.95)).values;
    const buf = x.slice();
    const inPlace = zscorePanel(winsorizePanel(panel(idx(rows), cols(m), buf), 0.05, 0.95, buf), buf).values;
    expect(inPlace).toBe(buf);
    for (let i = 0; i < fresh.length; i++) expect(Object.is(inPlace[i], fresh[i])).toBe(true);
  });
});
