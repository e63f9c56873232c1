/**
 * factor.winsorize: per date, clip the scores at their own cross-sectional `lower` and
 * `upper` quantiles (numpy's default linear interpolation); nulls are ignored and stay null.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { paramError } from "../core/errors";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";
import { RowClipper } from "./crossSection";

/** `out` (n x m) may be scores.values itself: each row is read before it is written. */
export function winsorizePanel(scores: Panel, lower = 0.05, upper = 0.95, out?: Float64Array): Panel {
  if (!(lower <= upper)) throw paramError(["params", "lower"], `lower (${lower}) must not exceed upper (${upper})`);
  const n = scores.index.length, m = scores.columns.length;
  const clipper = new RowClipper(lower, upper, m);
  out ??= new Float64Array(n * m);
  for (let t = 0; t < n; t++) clipper.clip(scores.values.subarray(t * m, t * m + m), out.subarray(t * m, t * m + m));
  return panel(scores.index, scores.columns.slice(), out);
}

export const winsorizeParams = z.object({
  lower: z.number().min(0).max(1).default(0.05).describe("lower quantile, in [0, 1]"),
  upper: z.number().min(0).max(1).default(0.95).describe("upper quantile, in [0, 1], >= lower"),
});

export const winsorizeBlock = defineBlock({
  id: "factor.winsorize",
  title: "Winsorize",
  description: "Clip each date's scores at that date's `lower` and `upper` quantiles (numpy linear); nulls ignored and kept.",
  category: "factors",
  params: winsorizeParams,
  inputs: { scores: port.panel("scores, dates x assets") },
  outputs: { scores: { kind: "panel", description: "clipped scores, same index and columns" } },
  compute: (params, inputs) => ({ scores: winsorizePanel(inputs.scores, params.lower, params.upper) }),
});
