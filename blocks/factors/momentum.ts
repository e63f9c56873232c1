/**
 * factor.momentum: price momentum with a skip, the classic "12-1" factor
 * (Jegadeesh & Titman 1993; Fama-French UMD): score[t] = price[t - skip] / price[t - lookback] - 1,
 * where t - k counts rows, not calendar days. The first `lookback` rows are null, and a
 * score is null when either price is null. A price <= 0 is bad input.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError, paramError } from "../core/errors";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";

/**
 * Row-major momentum of an n x m price buffer; NaN for t < lookback or a missing price.
 * Only rows [from, to) of `out` are written (two threads can each fill a part of one buffer).
 */
export function momentumKernel(prices: Float64Array, n: number, m: number, lookback: number, skip: number, out: Float64Array = new Float64Array(n * m), from = 0, to = n): Float64Array {
  out.fill(NaN, from * m, Math.max(from, Math.min(lookback, to)) * m);
  for (let t = Math.max(lookback, from); t < to; t++) {
    const a = (t - skip) * m, b = (t - lookback) * m, o = t * m;
    for (let j = 0; j < m; j++) out[o + j] = prices[a + j] / prices[b + j] - 1;
  }
  return out;
}

/** Refuse a non-positive price (on rows [from, to)), naming its cell. */
export function checkPositivePrices(p: Panel, name = "prices", from = 0, to = p.index.length): void {
  const m = p.columns.length, v = p.values;
  for (let i = from * m; i < to * m; i++) {
    if (v[i] <= 0) {
      const t = Math.floor(i / m), j = i % m;
      throw inputError(["inputs", name, "values", t, j], `price of ${p.columns[j]} is ${v[i]} on row ${t}: prices must be > 0`);
    }
  }
}

export function momentumPanel(prices: Panel, lookback = 252, skip = 21): Panel {
  if (skip >= lookback) throw paramError(["params", "skip"], `skip (${skip}) must be smaller than lookback (${lookback})`);
  checkPositivePrices(prices);
  const n = prices.index.length, m = prices.columns.length;
  return panel(prices.index, prices.columns.slice(), momentumKernel(prices.values, n, m, lookback, skip));
}

export const momentumParams = z.object({
  lookback: z.number().int().min(1).default(252).describe("rows back to the start price (252 = one year of trading days)"),
  skip: z.number().int().min(0).default(21).describe("most recent rows left out (21 = one month), 0 <= skip < lookback"),
});

export const momentumBlock = defineBlock({
  id: "factor.momentum",
  title: "Momentum",
  description: "price[t - skip] / price[t - lookback] - 1 per asset (rows, not days); the first `lookback` rows are null, and a missing price gives null.",
  category: "factors",
  params: momentumParams,
  inputs: { prices: port.panel("prices, dates x assets") },
  outputs: { scores: { kind: "panel", description: "momentum scores, same index and columns as prices" } },
  compute: (params, inputs) => ({ scores: momentumPanel(inputs.prices, params.lookback, params.skip) }),
});
