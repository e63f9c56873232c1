/**
 * factor.decay: exponentially weighted mean over time per asset, exactly as pandas
 * `df.ewm(halflife=h, adjust=True, ignore_na=False).mean()` (min_periods 0;
 * pandas/_libs/window/aggregations.pyx `ewm`):
 * alpha = 1 - exp(ln(0.5) / h); the mean at t is sum_i w_i x_i / sum_i w_i over the
 * observations so far, w_i = (1 - alpha)^(t - i), where t - i counts rows, NaN rows
 * included (ignore_na=False: the weights of earlier points keep decaying across a gap).
 * Before an asset's first observation the output is null; at a null input after it, the
 * output is the mean of the earlier observations (pandas returns a value there, not NaN).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { panel, type Panel } from "../core/values";

/** pandas' alpha for a halflife: via its centre of mass, as pandas computes it. */
export function alphaFromHalflife(halflife: number): number {
  const decay = 1 - Math.exp(Math.log(0.5) / halflife);
  const com = 1 / decay - 1;
  return 1 / (1 + com);
}

/** pandas ewm(alpha, adjust=True, ignore_na=False).mean() of a column with stride. */
export function ewmMeanStrided(x: Float64Array, n: number, stride: number, offset: number, alpha: number, out: Float64Array): void {
  const oldWtFactor = 1 - alpha;
  const newWt = 1;
  let weighted = x[offset];
  let oldWt = 1;
  let nobs = Number.isNaN(weighted) ? 0 : 1;
  out[offset] = nobs >= 1 ? weighted : NaN;
  for (let t = 1; t < n; t++) {
    const cur = x[offset + t * stride];
    const isObs = !Number.isNaN(cur);
    if (isObs) nobs++;
    if (!Number.isNaN(weighted)) {
      oldWt *= oldWtFactor;
      if (isObs) {
        if (weighted !== cur) {
          weighted = oldWt * weighted + newWt * cur;
          weighted /= oldWt + newWt;
        }
        oldWt += newWt;
      }
    } else if (isObs) {
      weighted = cur;
    }
    out[offset + t * stride] = nobs >= 1 ? weighted : NaN;
  }
}

/** Column-wise 1-D variant: `ewm1d(values, halflife)`. */
export function decay1d(values: Float64Array, halflife: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  if (values.length) ewmMeanStrided(values, values.length, 1, 0, alphaFromHalflife(halflife), out);
  return out;
}

export function decayPanel(scores: Panel, halflife: number): Panel {
  const n = scores.index.length, m = scores.columns.length;
  const out = new Float64Array(n * m);
  const alpha = alphaFromHalflife(halflife);
  if (n > 0) for (let j = 0; j < m; j++) ewmMeanStrided(scores.values, n, m, j, alpha, out);
  return panel(scores.index, scores.columns.slice(), out);
}

export const decayParams = z.object({
  halflife: z.number().positive().describe("half-life in rows: a score's weight halves every `halflife` rows (no default)"),
});

export const decayBlock = defineBlock({
  id: "factor.decay",
  title: "Exponential decay",
  description: "Per asset, the exponentially weighted mean over time of the scores, as pandas ewm(halflife, adjust=True, ignore_na=False).mean(): null before the first value, the running mean at a null.",
  category: "factors",
  params: decayParams,
  inputs: { scores: port.panel("scores, dates x assets") },
  outputs: { scores: { kind: "panel", description: "smoothed scores, same index and columns" } },
  compute: (params, inputs) => ({ scores: decayPanel(inputs.scores, params.halflife) }),
});
