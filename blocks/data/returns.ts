/**
 * data.returns: simple or log returns of a price panel, first row dropped.
 * A return is NaN (null in JSON) when either price is missing; a price <= 0 is bad input.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";

export const returnsParams = z.object({
  method: z.enum(["simple", "log"]).default("simple").describe("simple: p1/p0 - 1; log: ln(p1/p0)"),
});

/** Returns of a row-major price buffer (n dates x m assets) into (n-1) x m. */
export function returnsKernel(prices: Float64Array, n: number, m: number, method: "simple" | "log", out = new Float64Array(Math.max(0, n - 1) * m)): Float64Array {
  for (let t = 1; t < n; t++) {
    const a = (t - 1) * m, b = t * m, o = (t - 1) * m;
    for (let j = 0; j < m; j++) {
      const p0 = prices[a + j], p1 = prices[b + j];
      out[o + j] = method === "log" ? Math.log(p1 / p0) : p1 / p0 - 1; // NaN propagates from a missing price
    }
  }
  return out;
}

export function returnsPanel(prices: Panel, method: "simple" | "log" = "simple"): Panel {
  const n = prices.index.length, m = prices.columns.length;
  for (let i = 0; i < prices.values.length; i++) {
    if (prices.values[i] <= 0) {
      const t = Math.floor(i / m), j = i % m;
      throw inputError(["inputs", "prices", "values", t, j], `price of ${prices.columns[j]} is ${prices.values[i]} on row ${t}: prices must be > 0`);
    }
  }
  return panel(prices.index.slice(1), prices.columns.slice(), returnsKernel(prices.values, n, m, method));
}

export const returnsBlock = defineBlock({
  id: "data.returns",
  title: "Returns",
  description: "Simple or log returns of a price panel; the first row is dropped and a return is null when either price is null.",
  category: "data",
  params: returnsParams,
  inputs: { prices: port.panel("prices, dates x assets") },
  outputs: { returns: { kind: "panel", description: "returns, dates x assets" } },
  compute: (params, inputs) => ({ returns: returnsPanel(inputs.prices, params.method) }),
});
