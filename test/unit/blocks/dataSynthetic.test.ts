import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { dayParts, isoToDays } from "../../../blocks/core/dates";
import { toJson } from "../../../blocks/core/json";
import type { Panel } from "../../../blocks/core/values";
import { businessDays, generateUniverse, longCsvChunks, mulberry32, normalSampler, studentTSampler, syntheticBlock } from "../../../blocks/data/synthetic";

function moments(xs: Float64Array | number[]): { mean: number; variance: number; excessKurtosis: number } {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let m2 = 0, m4 = 0;
  for (const x of xs) { const d = (x - m) ** 2; m2 += d; m4 += d * d; }
  m2 /= xs.length; m4 /= xs.length;
  return { mean: m, variance: m2, excessKurtosis: m4 / (m2 * m2) - 3 };
}

/** Log returns of column j where both prices exist. */
function logReturns(p: Panel, j: number): Float64Array {
  const m = p.columns.length, out: number[] = [];
  for (let t = 1; t < p.index.length; t++) {
    const a = p.values[(t - 1) * m + j], b = p.values[t * m + j];
    out.push(Math.log(b / a));
  }
  return Float64Array.from(out);
}

function correlation(x: Float64Array, y: Float64Array): number {
  let sx = 0, sy = 0, n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i] + y[i])) { sx += x[i]; sy += y[i]; n++; }
  const mx = sx / n, my = sy / n;
  let cxy = 0, cxx = 0, cyy = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i] + y[i])) { cxy += (x[i] - mx) * (y[i] - my); cxx += (x[i] - mx) ** 2; cyy += (y[i] - my) ** 2; }
  return cxy / Math.sqrt(cxx * cyy);
}

describe("data.synthetic", () => {
  it("generateUniverse(seed) is deterministic: same seed same numbers, other seed other numbers", () => {
    const a = generateUniverse({ assets: 30, days: 300, seed: 7 });
    const b = generateUniverse({ assets: 30, days: 300, seed: 7 });
    const c = generateUniverse({ assets: 30, days: 300, seed: 8 });
    expect(Array.from(a.prices.values)).toEqual(Array.from(b.prices.values));
    expect(Array.from(a.volumes.values)).toEqual(Array.from(b.volumes.values));
    expect(a.adv).toEqual(b.adv);
    expect(Array.from(a.prices.values)).not.toEqual(Array.from(c.prices.values));
  });

  it("generateUniverse(N=40, T=250) has N x T panels on business days, sectors and positive finite adv", () => {
    const u = generateUniverse({ assets: 40, days: 250, sectors: 4, start: "2021-01-02" });
    expect(u.prices.columns.length).toBe(40);
    expect(u.prices.index.length).toBe(250);
    expect(u.volumes.values.length).toBe(40 * 250);
    expect(u.prices.index[0]).toBe(isoToDays("2021-01-04")); // 2021-01-02 is a Saturday
    for (let t = 1; t < 250; t++) {
      expect(u.prices.index[t]).toBeGreaterThan(u.prices.index[t - 1]);
      const wd = dayParts(u.prices.index[t]).weekday;
      expect(wd >= 1 && wd <= 5).toBe(true);
    }
    expect(new Set(Object.values(u.groups)).size).toBe(4);
    expect(Object.keys(u.groups)).toEqual(u.prices.columns);
    for (const [sym, v] of Object.entries(u.adv)) {
      // adv = mean of price x volume over the asset's available days, computed here from the panels.
      const j = u.prices.columns.indexOf(sym);
      let s = 0, k = 0;
      for (let t = 0; t < 250; t++) { const x = u.prices.values[t * 40 + j] * u.volumes.values[t * 40 + j]; if (!Number.isNaN(x)) { s += x; k++; } }
      expect(v).toBeCloseTo(s / k, 6);
      expect(v).toBeGreaterThan(0);
    }
    for (const x of u.prices.values) if (!Number.isNaN(x)) expect(x).toBeGreaterThan(0);
  });

  it("businessDays(Friday, 3) skips the weekend", () => {
    expect(Array.from(businessDays(isoToDays("2024-03-01"), 3))).toEqual(["2024-03-01", "2024-03-04", "2024-03-05"].map(isoToDays));
  });

  it("gap_prob = 0.05 leaves about 5% of live cells missing", () => {
    const u = generateUniverse({ assets: 200, days: 500, late_listing: 0, delisting: 0, gap_prob: 0.05 });
    let missing = 0;
    for (const x of u.prices.values) if (Number.isNaN(x)) missing++;
    // Gaps never fall on the listing day (row 0 here): expected 0.05 x 499/500; binomial sd ~0.0007.
    expect(missing / u.prices.values.length).toBeCloseTo(0.05 * 499 / 500, 2);
    for (let j = 0; j < 200; j++) expect(Number.isNaN(u.prices.values[j])).toBe(false);
  });

  it("late_listing = 0.5 and delisting = 0.25: about those fractions of assets start late / stop early, contiguously", () => {
    const N = 400, T = 200;
    const u = generateUniverse({ assets: N, days: T, late_listing: 0.5, delisting: 0.25, gap_prob: 0 });
    let late = 0, early = 0, holes = 0;
    for (let j = 0; j < N; j++) {
      const col = Array.from({ length: T }, (_, t) => u.prices.values[t * N + j]);
      const first = col.findIndex((x) => !Number.isNaN(x));
      const last = T - 1 - [...col].reverse().findIndex((x) => !Number.isNaN(x));
      if (first > 0) { late++; expect(first).toBeLessThan(T / 2); }
      if (last < T - 1) { early++; expect(last).toBeGreaterThanOrEqual(Math.floor(T / 2)); }
      for (let t = first; t <= last; t++) if (Number.isNaN(col[t])) holes++;
    }
    expect(holes).toBe(0); // no gaps asked
    expect(late / N).toBeGreaterThan(0.4);
    expect(late / N).toBeLessThan(0.6);
    expect(early / N).toBeGreaterThan(0.17);
    expect(early / N).toBeLessThan(0.33);
  });

  it("returns are positively correlated across assets (market factor), more within a sector", () => {
    const u = generateUniverse({ assets: 40, days: 1000, sectors: 4, seed: 3, late_listing: 0, delisting: 0, gap_prob: 0 });
    const r = u.prices.columns.map((_, j) => logReturns(u.prices, j));
    let same = 0, ns = 0, other = 0, no = 0;
    for (let i = 0; i < 40; i++) for (let j = i + 1; j < 40; j++) {
      const c = correlation(r[i], r[j]);
      if (u.groups[u.prices.columns[i]] === u.groups[u.prices.columns[j]]) { same += c; ns++; } else { other += c; no++; }
    }
    expect(other / no).toBeGreaterThan(0.1);
    expect(same / ns).toBeGreaterThan(other / no + 0.03);
  });

  it("tail_dof = 4 gives fat tails; tail_dof = 0 gives normal ones", () => {
    const fat = generateUniverse({ assets: 50, days: 2000, tail_dof: 4, seed: 11, late_listing: 0, delisting: 0, gap_prob: 0 });
    const thin = generateUniverse({ assets: 50, days: 2000, tail_dof: 0, seed: 11, late_listing: 0, delisting: 0, gap_prob: 0 });
    // Each asset's returns standardized by its own sd, then pooled (vols differ across assets).
    const standardized = (p: Panel) => p.columns.flatMap((_, j) => {
      const r = logReturns(p, j), { mean, variance } = moments(r);
      return Array.from(r, (x) => (x - mean) / Math.sqrt(variance));
    });
    const k = (p: Panel) => moments(Float64Array.from(standardized(p))).excessKurtosis;
    expect(k(fat.prices)).toBeGreaterThan(1);
    expect(Math.abs(k(thin.prices))).toBeLessThan(0.1); // sd of the estimate ~0.02
  });

  it("normalSampler and studentTSampler(dof 6) have mean 0 and variance 1", () => {
    const u = mulberry32(123);
    const nrm = normalSampler(u), t6 = studentTSampler(u, 6);
    const a = moments(Float64Array.from({ length: 200_000 }, nrm));
    const b = moments(Float64Array.from({ length: 200_000 }, t6));
    expect(Math.abs(a.mean)).toBeLessThan(0.01);
    expect(a.variance).toBeCloseTo(1, 1);
    expect(Math.abs(a.excessKurtosis)).toBeLessThan(0.06);
    expect(Math.abs(b.mean)).toBeLessThan(0.01);
    expect(Math.abs(b.variance - 1)).toBeLessThan(0.03);
    expect(b.excessKurtosis).toBeGreaterThan(1.5); // t6: 6/(6-4) = 3
  });

  it("longCsvChunks writes one row per present price, in chunks, that parse back", () => {
    const u = generateUniverse({ assets: 30, days: 100, gap_prob: 0.05 });
    const chunks = [...longCsvChunks(u.prices, u.volumes, 500)];
    expect(chunks.length).toBeGreaterThan(3);
    const lines = chunks.join("").trimEnd().split("\n");
    expect(lines[0]).toBe("date,symbol,close,volume");
    const present = u.prices.values.filter((x) => !Number.isNaN(x)).length;
    expect(lines.length - 1).toBe(present);
    const [date, sym, close, vol] = lines[1].split(",");
    const j = u.prices.columns.indexOf(sym), t = Array.from(u.prices.index).indexOf(isoToDays(date));
    expect(Number(close)).toBeCloseTo(u.prices.values[t * 30 + j], 6);
    expect(Number(vol)).toBe(u.volumes.values[t * 30 + j]);
  });

  it("data.synthetic block: JSON outputs with null where missing, groups and adv", () => {
    const out = toJson(runBlock(syntheticBlock, { assets: 5, days: 10, late_listing: 1, seed: 1 }, {})) as any;
    expect(out.prices.columns).toEqual(["S0001", "S0002", "S0003", "S0004", "S0005"]);
    expect(out.prices.values.length).toBe(10);
    expect(out.prices.values[0].every((x: unknown) => x === null)).toBe(true); // all list late
    expect(Object.keys(out.groups)).toHaveLength(5);
    expect(Object.values(out.adv).every((x) => typeof x === "number" && x > 0)).toBe(true);
  });

  it("data.synthetic refuses tail_dof in (0, 2] and a bad start date, naming the parameter", () => {
    expect(() => runBlock(syntheticBlock, { tail_dof: 2 }, {})).toThrow(/params\.tail_dof/);
    expect(() => runBlock(syntheticBlock, { start: "2020-02-31" }, {})).toThrow(/params\.start/);
  });

  it("generateUniverse(2000 assets x 5040 days) runs in seconds", () => {
    const t0 = performance.now();
    const u = generateUniverse({ assets: 2000, days: 5040 });
    const ms = performance.now() - t0;
    expect(u.prices.values.length).toBe(2000 * 5040);
    expect(ms).toBeLessThan(8000); // ~0.6-1.3 s measured on 2 shared cores
  });
});
