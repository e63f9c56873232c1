/**
 * factor.zscore: per date (x - mean) / std over the non-null scores, std with ddof 1.
 * A date with fewer than two values, or zero deviation, is all null.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";
import { zscoreRow } from "./crossSection";

/** `out` (n x m) may be scores.values itself: each row is read before it is written. */
export function zscorePanel(scores: Panel, out?: Float64Array): Panel {
  const n = scores.index.length, m = scores.columns.length;
  out ??= new Float64Array(n * m);
  for (let t = 0; t < n; t++) zscoreRow(scores.values.subarray(t * m, t * m + m), out.subarray(t * m, t * m + m));
  return panel(scores.index, scores.columns.slice(), out);
}

export const zscoreBlock = defineBlock({
  id: "factor.zscore",
  title: "Cross-sectional z-score",
  description: "Per date (x - mean) / sample std (ddof 1) of the non-null scores; a date with < 2 values or zero std is null.",
  category: "factors",
  params: z.object({}),
  inputs: { scores: port.panel("scores, dates x assets") },
  outputs: { scores: { kind: "panel", description: "z-scores, same index and columns" } },
  compute: (_params, inputs) => ({ scores: zscorePanel(inputs.scores) }),
});
