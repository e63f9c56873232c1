import { describe, expect, it } from "vitest";
import { crossProduct, demean, ledoitWolfCovariance, ledoitWolfIntensity, shrunkCovariance } from "../../../blocks/riskmodels/covariance";
import { columnReturns, WindowCrossProducts } from "../../../blocks/riskmodels/windowCross";
import { mulberry32 } from "../../../blocks/core/random";
import { WasmGram } from "../../../blocks/riskmodels/gramWasm";

/** Row-major T x N window of column-major returns, for the direct computation. */
function windowRows(x: Float64Array, rows: number, start: number, end: number, assets: number[]): Float64Array {
  const out = new Float64Array((end - start) * assets.length);
  for (let r = start; r < end; r++) assets.forEach((j, a) => { out[(r - start) * assets.length + a] = x[j * rows + r]; });
  return out;
}

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let scale = 0, d = 0;
  for (let i = 0; i < a.length; i++) { scale = Math.max(scale, Math.abs(b[i])); d = Math.max(d, Math.abs(a[i] - b[i])); }
  return d / scale;
}

const rows = 900, n = 40;
const rand = mulberry32(11);
const x = new Float64Array(rows * n);
for (let i = 0; i < x.length; i++) x[i] = 0.0005 + 0.02 * (rand() - 0.5);

/** The JavaScript kernel, and the WebAssembly SIMD one with the returns copied into its memory. */
const kernels: [string, () => WindowCrossProducts][] = [
  ["javascript", () => new WindowCrossProducts(x, rows, n)],
  ["wasm simd", () => {
    const g = WasmGram.create(rows * n, n);
    if (!g) throw new Error("WebAssembly SIMD is unavailable");
    g.x.set(x);
    return new WindowCrossProducts(g.x, rows, n, g);
  }],
];

describe.each(kernels)("WindowCrossProducts (%s kernel)", (_name, make) => {
  it("moments(start, end, assets) equal the demeaned window's X'X along 60 overlapping steps with a changing asset set", () => {
    const wc = make();
    const window = 120;
    let worst = 0, steps = 0;
    for (let end = window; end <= rows; end += 13) {
      // about a fifth of the assets change at each step, sometimes all of them
      const assets = Array.from({ length: n }, (_, j) => j).filter((j) => (j * 7 + end * (end % 5 === 0 ? 3 : 1)) % 10 < 6);
      const start = end - window;
      const got = wc.moments(start, end, Int32Array.from(assets));
      const xc = demean(windowRows(x, rows, start, end, assets), window, assets.length);
      const want = crossProduct(xc, window, assets.length, 1);
      worst = Math.max(worst, maxRelDiff(got.xtx, want));
      // row squares: sum over assets of the squared centered value
      for (let r = 0; r < window; r++) {
        let s = 0;
        for (let a = 0; a < assets.length; a++) s += xc[r * assets.length + a] ** 2;
        expect(got.rowSquares[r]).toBeCloseTo(s, 14);
      }
      steps++;
    }
    expect(steps).toBeGreaterThan(55);
    expect(worst).toBeLessThan(1e-12);
  });

  it("a window that jumps past the previous one (no overlap) is summed afresh", () => {
    const wc = make();
    const assets = [0, 3, 4, 9, 20, 31];
    wc.moments(0, 100, Int32Array.from(assets));
    const got = wc.moments(500, 600, Int32Array.from(assets));
    const want = crossProduct(demean(windowRows(x, rows, 500, 600, assets), 100, 6), 100, 6, 1);
    expect(maxRelDiff(got.xtx, want)).toBeLessThan(1e-13);
  });

  it("Ledoit-Wolf from the window moments equals ledoitWolfCovariance of the same rows", () => {
    const wc = make();
    const assets = [1, 2, 5, 8, 13, 21, 34];
    wc.moments(0, 252, Int32Array.from(assets));
    const m = wc.moments(21, 273, Int32Array.from(assets));
    const s = ledoitWolfIntensity(m.xtx, m.rowSquares, 252, assets.length);
    const direct = ledoitWolfCovariance(windowRows(x, rows, 21, 273, assets), 252, assets.length);
    expect(s).toBeGreaterThan(0);
    expect(Math.abs(s - direct.shrinkage)).toBeLessThan(1e-12);
    expect(maxRelDiff(shrunkCovariance(m.xtx, 252, assets.length, s), direct.covariance)).toBeLessThan(1e-12);
  });
});

describe("columnReturns", () => {
  it("columnReturns(prices) is p_t / p_(t-1) - 1 per asset, NaN on the first row and around a missing price", () => {
    // rows: 100/50, 110/NaN, 99/55 (row-major, 2 assets)
    const r = columnReturns(Float64Array.of(100, 50, 110, NaN, 99, 55), 3, 2);
    expect(r[0]).toBeNaN();
    expect(r[1]).toBeCloseTo(0.1, 15);
    expect(r[2]).toBeCloseTo(-0.1, 15);
    expect(r[3]).toBeNaN();
    expect(r[4]).toBeNaN();
    expect(r[5]).toBeNaN();
  });
});
