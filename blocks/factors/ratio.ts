/**
 * factor.ratio: a value-style ratio of two panels, e.g. book / price (Fama & French 1992)
 * or earnings / price: score = numerator / denominator cell by cell. Null when either is
 * null or the denominator is 0. Both panels share index and columns (else exit 2).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";
import { requireSameShape } from "./shape";

export function ratioPanel(numerator: Panel, denominator: Panel): Panel {
  requireSameShape(numerator, "numerator", denominator, "denominator");
  const out = new Float64Array(numerator.values.length);
  for (let i = 0; i < out.length; i++) {
    const d = denominator.values[i];
    out[i] = d === 0 ? NaN : numerator.values[i] / d;
  }
  return panel(numerator.index, numerator.columns.slice(), out);
}

export const ratioBlock = defineBlock({
  id: "factor.ratio",
  title: "Value ratio",
  description: "numerator / denominator per date and asset (e.g. book / price); null when either is null or the denominator is 0.",
  category: "factors",
  params: z.object({}),
  inputs: {
    numerator: port.panel("numerator, e.g. book value per share"),
    denominator: port.panel("denominator, e.g. price; same index and columns"),
  },
  outputs: { scores: { kind: "panel", description: "the ratio, same index and columns" } },
  compute: (_params, inputs) => ({ scores: ratioPanel(inputs.numerator, inputs.denominator) }),
});
