/**
 * analysis.forward_returns: the return from the close of row t to the close of row t + h,
 * price[t + h] / price[t] - 1 (alphalens compute_forward_returns). It looks ahead on
 * purpose: it is the LABEL a factor is evaluated against, never an input to a decision.
 * Null for the last h rows and when either price is null.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";
import { checkPositivePrices } from "../factors/momentum";

export function forwardReturnsKernel(prices: Float64Array, n: number, m: number, h: number, out: Float64Array = new Float64Array(n * m)): Float64Array {
  out.fill(NaN);
  for (let t = 0; t + h < n; t++) {
    const a = t * m, b = (t + h) * m;
    for (let j = 0; j < m; j++) out[a + j] = prices[b + j] / prices[a + j] - 1;
  }
  return out;
}

export function forwardReturnsPanel(prices: Panel, h: number): Panel {
  checkPositivePrices(prices);
  const n = prices.index.length, m = prices.columns.length;
  return panel(prices.index, prices.columns.slice(), forwardReturnsKernel(prices.values, n, m, h));
}

export const forwardReturnsBlock = defineBlock({
  id: "analysis.forward_returns",
  title: "Forward returns",
  description: "price[t + h] / price[t] - 1 per asset: the future return used as the label when evaluating a factor (it looks ahead by design; never feed it to a decision). Null for the last h rows.",
  category: "analysis",
  params: z.object({ horizon: z.number().int().min(1).default(1).describe("rows ahead") }),
  inputs: { prices: port.panel("prices, dates x assets") },
  outputs: { returns: { kind: "panel", description: "forward returns, same index and columns" } },
  compute: (params, inputs) => ({ returns: forwardReturnsPanel(inputs.prices, params.horizon) }),
});
