/**
 * PathText writes a path's numbers as d3-path does with 3 digits (d3.line in Plot):
 * String(Math.round(v * 1000) / 1000). Checked against that formula on a sweep of every
 * thousandth in [-300, 300], random pixels, and the edges (-0, halves, large and non-finite values).
 */
import { describe, expect, it } from "vitest";
import { PathText } from "../../../studio/outputs/pathText";

const d3Number = (v: number) => String(Math.round(v * 1000) / 1000);

function written(values: number[]): string {
  const t = new PathText();
  for (let i = 0; i < values.length; i += 2) t.point(i === 0, values[i], values[i + 1] ?? 0);
  return t.take();
}

function expected(values: number[]): string {
  let s = "";
  for (let i = 0; i < values.length; i += 2) s += `${i === 0 ? "M" : "L"}${d3Number(values[i])},${d3Number(values[i + 1] ?? 0)}`;
  return s;
}

describe("PathText", () => {
  it("writes every thousandth in [-300, 300] as d3-path does", () => {
    const values: number[] = [];
    for (let k = -300_000; k <= 300_000; k++) values.push(k / 1000);
    expect(written(values)).toBe(expected(values)); // also grows its buffer many times over
  });

  it("writes random pixel coordinates (rounded half up, trailing zeros dropped) as d3-path does", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 200_000 }, (_, i) => (i % 3 === 0 ? -1 : 1) * rand() * 10 ** Math.floor(rand() * 7));
    expect(written(values)).toBe(expected(values));
  });

  it("writes the edge cases as d3-path does", () => {
    const edges = [0, -0, -0.0004, 0.0005, -0.0005, 1.0005, 2.5e-4, 0.1 + 0.2, 999_999_999.9996, 1e9, 1e12, -1e13, 1e21, 1.5e300, Infinity, -Infinity, 123456.789, 7.1, 7.01, 7.001, 7.0001];
    expect(written(edges)).toBe(expected(edges));
    expect(written([-0.0001, 3])).toBe("M0,3"); // -0 is "0"
  });

  it("closes a lone point with Z and starts empty after each path taken", () => {
    const t = new PathText();
    expect(t.empty).toBe(true);
    t.point(true, 1.23456, 2);
    t.close();
    expect(t.take()).toBe("M1.235,2Z");
    expect(t.empty).toBe(true);
    t.point(true, 0, 0); t.point(false, 10, 20.5);
    expect(t.take()).toBe("M0,0L10,20.5");
  });
});
