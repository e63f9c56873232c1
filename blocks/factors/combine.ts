/**
 * factor.combine: a weighted sum of named factor panels, score = sum_k w_k factor_k.
 * The panels share index and columns and every weight names a given factor and every
 * factor has a weight (exit 2 otherwise); a null in any factor gives null.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError, paramError } from "../core/errors";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";
import { requireSameShape } from "./shape";

export function combinePanels(factors: Record<string, Panel>, weights: Record<string, number>): Panel {
  const names = Object.keys(factors);
  if (names.length === 0) throw inputError(["inputs", "factors"], "give at least one factor panel");
  for (const w of Object.keys(weights)) {
    if (!(w in factors)) throw paramError(["params", "weights", w], `weight for "${w}" but there is no such factor (factors: ${names.join(", ")})`);
  }
  for (const f of names) {
    if (!(f in weights)) throw paramError(["params", "weights"], `factor "${f}" has no weight (weights: ${Object.keys(weights).join(", ") || "none"})`);
  }
  const first = factors[names[0]];
  for (const f of names.slice(1)) requireSameShape(first, `factors.${names[0]}`, factors[f], `factors.${f}`);
  const out = new Float64Array(first.values.length);
  for (const f of names) {
    const w = weights[f], v = factors[f].values;
    for (let i = 0; i < out.length; i++) out[i] += w * v[i]; // NaN propagates
  }
  return panel(first.index, first.columns.slice(), out);
}

export const combineParams = z.object({
  weights: z.record(z.string(), z.number()).describe("weight of each factor by name, e.g. {\"momentum\": 0.5, \"value\": 0.5}"),
});

export const combineBlock = defineBlock({
  id: "factor.combine",
  title: "Combine factors",
  description: "Weighted sum of named factor panels sharing index and columns; a null in any factor gives null.",
  category: "factors",
  params: combineParams,
  inputs: { factors: port.panels("factor panels by name, same index and columns") },
  outputs: { scores: { kind: "panel", description: "combined scores, same index and columns" } },
  compute: (params, inputs) => ({ scores: combinePanels(inputs.factors, params.weights) }),
});
