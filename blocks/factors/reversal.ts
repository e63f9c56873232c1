/**
 * factor.reversal: short-term reversal (Jegadeesh 1990; Lehmann 1990):
 * score[t] = -(price[t] / price[t - lookback] - 1), rows not days; the first `lookback`
 * rows are null, a missing price gives null, a price <= 0 is bad input.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";
import { checkPositivePrices, momentumKernel } from "./momentum";

export function reversalPanel(prices: Panel, lookback = 21): Panel {
  checkPositivePrices(prices);
  const n = prices.index.length, m = prices.columns.length;
  const out = momentumKernel(prices.values, n, m, lookback, 0);
  for (let i = 0; i < out.length; i++) out[i] = -out[i];
  return panel(prices.index, prices.columns.slice(), out);
}

export const reversalParams = z.object({
  lookback: z.number().int().min(1).default(21).describe("rows of the past return that is reversed (21 = one month)"),
});

export const reversalBlock = defineBlock({
  id: "factor.reversal",
  title: "Short-term reversal",
  description: "-(price[t] / price[t - lookback] - 1): recent losers score high. The first `lookback` rows are null.",
  category: "factors",
  params: reversalParams,
  inputs: { prices: port.panel("prices, dates x assets") },
  outputs: { scores: { kind: "panel", description: "reversal scores, same index and columns" } },
  compute: (params, inputs) => ({ scores: reversalPanel(inputs.prices, params.lookback) }),
});
