import type { Panel } from "../../../blocks/core/values";

/**
 * A panel of `columns` smooth, distinct lines over `dates` days for chart tests; with `gaps`, nulls
 * scattered through it, a column missing its first 200 dates and one column all null.
 */
export function wavyPanel(columns: number, dates: number, gaps: boolean): Panel {
  const index = Int32Array.from({ length: dates }, (_, t) => 16_000 + t);
  const values = new Float64Array(columns * dates);
  for (let t = 0; t < dates; t++) for (let j = 0; j < columns; j++) {
    const missing = gaps && ((t + j) % 17 === 0 || (j === 3 && t < 200) || j === 5);
    values[t * columns + j] = missing ? NaN : Math.sin(t / (9 + j)) * (0.02 + j / 300) + (t % 7) * 1e-3 - j * 1e-4;
  }
  return { kind: "panel", index, columns: Array.from({ length: columns }, (_, j) => `c${j}`), values };
}
