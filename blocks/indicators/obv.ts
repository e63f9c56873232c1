/**
 * ta.obv: on-balance volume as TA-Lib's TA_OBV (ta_func/ta_OBV.c): OBV[0] = volume[0];
 * then volume is added on an up close, subtracted on a down close, unchanged on a flat one.
 * Reference: J. Granville, New Key to Stock Market Profits (1963).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { runIndicator, seriesOrPanelPort } from "./common";

/** OBV of closes and volumes, defined from index 0. */
export function obv1d(close: Float64Array, volume: Float64Array, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  if (n === 0) return out;
  let prevObv = volume[0], prevReal = close[0];
  for (let i = 0; i < n; i++) {
    const x = close[i];
    if (x > prevReal) prevObv += volume[i];
    else if (x < prevReal) prevObv -= volume[i];
    out[i] = prevObv;
    prevReal = x;
  }
  return out;
}

export const obvBlock = defineBlock({
  id: "ta.obv",
  title: "On-balance volume",
  description: "TA-Lib OBV: cumulative volume signed by the direction of the close, starting at the first volume. Takes Series (no nulls) or Panels.",
  category: "indicators",
  params: z.object({}),
  inputs: { close: seriesOrPanelPort("close prices"), volume: seriesOrPanelPort("volumes, same index") },
  outputs: { values: { kind: "series", description: "OBV in volume units, same index" } },
  compute: (_params, inputs) => {
    const [values] = runIndicator([{ name: "close", value: inputs.close }, { name: "volume", value: inputs.volume }], 1, ([c, v], [o]) => obv1d(c, v, o));
    return { values };
  },
});
