/**
 * Min/max decimation of chart lines (studio/outputs/data.ts): fewer points, the same drawing.
 */
import { describe, expect, it } from "vitest";
import { minMaxIndices, panelLines, seriesRows } from "../../../studio/outputs/data";
import type { Panel, Series } from "../../../blocks/core/values";

function walk(n: number, seed = 1): Float64Array {
  let s = seed, v = 100;
  return Float64Array.from({ length: n }, () => { s = (s * 16807) % 2147483647; v += (s / 2147483647 - 0.5) * 3; return v; });
}

/** Per bucket of the x range: [min, max] of the finite values whose index is in `idx`. */
function envelope(x: ArrayLike<number>, y: ArrayLike<number>, idx: number[], buckets: number, x0: number, x1: number): string[] {
  const lo = new Array<number>(buckets).fill(Infinity), hi = new Array<number>(buckets).fill(-Infinity);
  for (const i of idx) {
    if (!Number.isFinite(y[i])) continue;
    const k = Math.min(buckets - 1, Math.floor(((x[i] - x0) / (x1 - x0)) * buckets));
    lo[k] = Math.min(lo[k], y[i]);
    hi[k] = Math.max(hi[k], y[i]);
  }
  return lo.map((l, k) => `${l},${hi[k]}`);
}

describe("minMaxIndices", () => {
  it("keeps every bucket's lowest and highest point, the first and the last, at most 2 per bucket", () => {
    const n = 5000, buckets = 300;
    const x = Int32Array.from({ length: n }, (_, i) => 14000 + i + Math.floor(i / 5) * 2); // trading days: weekend gaps
    const y = walk(n);
    const idx = minMaxIndices(x, y, n, buckets);
    expect(idx.length).toBeLessThanOrEqual(2 * buckets + 2);
    expect(idx.length).toBeGreaterThan(buckets);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
    for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]); // in x order
    const all = Array.from({ length: n }, (_, i) => i);
    expect(envelope(x, y, idx, buckets, x[0], x[n - 1])).toEqual(envelope(x, y, all, buckets, x[0], x[n - 1]));
    // the global extremes survive
    const ymin = Math.min(...y), ymax = Math.max(...y);
    expect(idx.some((i) => y[i] === ymin) && idx.some((i) => y[i] === ymax)).toBe(true);
  });

  it("keeps every finite point when they fit, skips missing ones and leading/trailing gaps", () => {
    const y = [NaN, 1, 2, NaN, 4, NaN];
    expect(minMaxIndices([0, 1, 2, 3, 4, 5], y, y.length, 10)).toEqual([1, 2, 4]);
    expect(minMaxIndices([0, 1], [NaN, NaN], 2, 10)).toEqual([]);
    // a column of a row-major panel: offset and stride
    expect(minMaxIndices([0, 1, 2], [9, 1, 9, 2, 9, NaN], 3, 10, 1, 2)).toEqual([0, 1]);
    const big = walk(1000);
    big[0] = NaN; big[999] = NaN;
    const idx = minMaxIndices(Int32Array.from({ length: 1000 }, (_, i) => i), big, 1000, 50);
    expect(idx[0]).toBe(1);
    expect(idx[idx.length - 1]).toBe(998);
    expect(idx.every((i) => Number.isFinite(big[i]))).toBe(true);
  });

  it("seriesRows and panelLines draw each line from its own extremes", () => {
    const n = 3000, index = Int32Array.from({ length: n }, (_, i) => 15000 + i);
    const s: Series = { kind: "series", index, values: walk(n, 7) };
    const rows = seriesRows(s, 400);
    expect(rows.length).toBeLessThanOrEqual(402);
    expect(Math.max(...rows.map((r) => r.value))).toBe(Math.max(...s.values));
    const m = 3, a = walk(n, 3), b = walk(n, 5), c = walk(n, 9);
    const values = new Float64Array(n * m);
    for (let t = 0; t < n; t++) { values[t * m] = a[t]; values[t * m + 1] = b[t]; values[t * m + 2] = c[t]; }
    const p: Panel = { kind: "panel", index, columns: ["a", "b", "c"], values };
    const pl = panelLines(p, 200);
    expect([pl.date.length, pl.column.length, pl.value.length]).toEqual([pl.length, pl.length, pl.length]);
    expect([(pl.date as unknown as { label: string }).label, (pl.value as unknown as { label: string }).label]).toEqual(["date", "value"]);
    for (const [name, col] of [["a", a], ["b", b], ["c", c]] as const) {
      const mine = Array.from({ length: pl.length }, (_, k) => k).filter((k) => pl.column[k] === name);
      expect(mine.length).toBeLessThanOrEqual(202);
      expect(Math.min(...mine.map((k) => pl.value[k]))).toBe(Math.min(...col));
      expect(Math.max(...mine.map((k) => pl.value[k]))).toBe(Math.max(...col));
      expect(pl.date[mine[0]].getTime()).toBe(15000 * 86_400_000);
      for (let k = 1; k < mine.length; k++) expect(pl.date[mine[k]].getTime()).toBeGreaterThan(pl.date[mine[k - 1]].getTime());
    }
  });
});
