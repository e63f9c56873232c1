/**
 * risk.liquidity: how long the book takes to sell, trading at most `participation` of
 * each asset's average daily traded value (ADV, in currency).
 *
 *   days_i = |w_i| x portfolio_value / (participation x adv_i)
 *   liquid share within d days = sum_i min(|w_i| V, d x participation x adv_i) / sum_i |w_i| V
 * A held asset without a positive ADV never liquidates (days null) and counts as illiquid.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { listWords, num, pct } from "./format";

export const liquidityParams = z.object({
  portfolio_value: z.number().positive().describe("portfolio value, in the ADV's currency"),
  participation: z.number().gt(0).max(1).default(0.2).describe("largest share of ADV traded per day (0.2 = 20%)"),
  horizons: z.array(z.number().positive()).default([1, 5, 20]).describe("days at which to report the liquid share of the book"),
});

export const liquidityBlock = defineBlock({
  id: "risk.liquidity",
  title: "Liquidity",
  description: "Days to liquidate each position at a share of its average daily traded value, and the share of the book liquid within 1, 5 and 20 days.",
  category: "risk",
  params: liquidityParams,
  inputs: {
    weights: port.weights("portfolio weights"),
    adv: port.weights("average daily traded value per asset, in currency"),
  },
  outputs: {
    days: { kind: "object", description: "{asset: days to liquidate} (null without ADV)" },
    liquid_share: { kind: "object", description: "{days: share of gross value liquid within that many days}" },
    explanation: { kind: "text", description: "the answer in words" },
  },
  compute(params, inputs) {
    const V = params.portfolio_value, p = params.participation;
    const held = Object.keys(inputs.weights).filter((a) => inputs.weights[a] !== 0);
    if (!held.length) throw inputError(["inputs", "weights"], "no asset has a non-zero weight");
    const days: Record<string, number | null> = {};
    const noAdv: string[] = [];
    let total = 0;
    for (const a of held) {
      const adv = inputs.adv[a];
      const value = Math.abs(inputs.weights[a]) * V;
      total += value;
      if (adv === undefined || !(adv > 0)) { days[a] = null; noAdv.push(a); continue; }
      days[a] = value / (p * adv);
    }
    const liquid: Record<string, number> = {};
    for (const d of params.horizons) {
      let s = 0;
      for (const a of held) {
        const adv = inputs.adv[a];
        if (adv === undefined || !(adv > 0)) continue;
        s += Math.min(Math.abs(inputs.weights[a]) * V, d * p * adv);
      }
      liquid[String(d)] = s / total;
    }
    const slow = held.filter((a) => days[a] !== null).sort((a, b) => (days[b] as number) - (days[a] as number));
    const explanation = `At ${pct(p)} of ADV a day, ` +
      params.horizons.map((d) => `${pct(liquid[String(d)], 1)} of the book is liquid within ${d} day${d === 1 ? "" : "s"}`).join(", ") + "." +
      (slow.length ? ` Slowest: ${listWords(slow.slice(0, 3).map((a) => `${a} (${num(days[a] as number, 1)} days)`))}.` : "") +
      (noAdv.length ? ` No ADV for ${listWords(noAdv)}: treated as illiquid.` : "");
    return { days, liquid_share: liquid, max_days: noAdv.length ? null : Math.max(...slow.map((a) => days[a] as number)), no_adv: noAdv, explanation };
  },
});
