/**
 * factor.neutralize_size: size neutralization. Per date, the residual of the
 * cross-sectional OLS regression score = a + b * x + e with x = ln(size) (or size itself
 * when `log` is false), fitted on the assets where both are non-null; those assets get
 * e, the others null. A date with fewer than 3 such assets is null; when x does not vary
 * on a date the slope is 0 and the residual is the score minus its mean.
 * Sizes must be > 0 when `log` is true (exit 2 otherwise).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";
import { requireSameShape } from "./shape";

/** OLS residuals of y on [1, x] over the cells where both are finite; NaN elsewhere. */
export function sizeResidualRow(y: Float64Array, x: Float64Array, out: Float64Array): void {
  out.fill(NaN);
  let n = 0, sx = 0, sy = 0;
  for (let j = 0; j < y.length; j++) if (!Number.isNaN(y[j]) && !Number.isNaN(x[j])) { n++; sx += x[j]; sy += y[j]; }
  if (n < 3) return;
  const mx = sx / n, my = sy / n;
  let sxx = 0, sxy = 0;
  for (let j = 0; j < y.length; j++) {
    if (Number.isNaN(y[j]) || Number.isNaN(x[j])) continue;
    const dx = x[j] - mx;
    sxx += dx * dx; sxy += dx * (y[j] - my);
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  for (let j = 0; j < y.length; j++) {
    if (Number.isNaN(y[j]) || Number.isNaN(x[j])) continue;
    out[j] = y[j] - my - b * (x[j] - mx);
  }
}

export function neutralizeSizePanel(scores: Panel, size: Panel, log = true): Panel {
  requireSameShape(scores, "scores", size, "size");
  const n = scores.index.length, m = scores.columns.length;
  const x = new Float64Array(size.values.length);
  for (let i = 0; i < x.length; i++) {
    const s = size.values[i];
    if (log && s <= 0) {
      const t = Math.floor(i / m), j = i % m;
      throw inputError(["inputs", "size", "values", t, j], `size of ${scores.columns[j]} is ${s} on row ${t}: sizes must be > 0 to take their log`);
    }
    x[i] = log ? Math.log(s) : s;
  }
  const out = new Float64Array(n * m);
  for (let t = 0; t < n; t++) {
    sizeResidualRow(scores.values.subarray(t * m, (t + 1) * m), x.subarray(t * m, (t + 1) * m), out.subarray(t * m, (t + 1) * m));
  }
  return panel(scores.index, scores.columns.slice(), out);
}

export const neutralizeSizeParams = z.object({
  log: z.boolean().default(true).describe("regress on ln(size) (true, e.g. size = market cap) or on size as given"),
});

export const neutralizeSizeBlock = defineBlock({
  id: "factor.neutralize_size",
  title: "Size neutralize",
  description: "Per date, the residual of the cross-sectional OLS regression of the scores on ln(size) with an intercept; null where score or size is null, or when a date has < 3 assets.",
  category: "factors",
  params: neutralizeSizeParams,
  inputs: {
    scores: port.panel("scores, dates x assets"),
    size: port.panel("size (e.g. market capitalisation), same index and columns"),
  },
  outputs: { scores: { kind: "panel", description: "size-neutral scores, same index and columns" } },
  compute: (params, inputs) => ({ scores: neutralizeSizePanel(inputs.scores, inputs.size, params.log) }),
});
