import { describe, expect, it } from "vitest";
import { quantileSelect, quantileSorted } from "../../../blocks/factors/crossSection";

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
