/**
 * factor.rank: per date, (r - 1) / (n - 1) with r the 1-based average rank (ties share
 * their mean rank) among the date's n non-null scores; a lone value scores 0.5, nulls stay null.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { mapRows, type Panel } from "../core/values";
import { rankRow } from "./crossSection";

export function rankPanel(scores: Panel): Panel {
  return mapRows(scores, (row, out) => rankRow(row, out));
}

export const rankBlock = defineBlock({
  id: "factor.rank",
  title: "Cross-sectional rank",
  description: "Per date rank scaled to [0, 1], (r - 1)/(n - 1) with average ties; a lone value is 0.5; nulls stay null.",
  category: "factors",
  params: z.object({}),
  inputs: { scores: port.panel("scores, dates x assets") },
  outputs: { scores: { kind: "panel", description: "ranks in [0, 1], same index and columns" } },
  compute: (_params, inputs) => ({ scores: rankPanel(inputs.scores) }),
});
