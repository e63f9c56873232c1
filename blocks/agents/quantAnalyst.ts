/**
 * agents.quant_analyst: screens candidate factors computed from a prices Panel —
 * momentum (factor.momentum), short-term reversal (factor.reversal), low volatility
 * (factor.low_volatility) — each z-scored per date (factor.zscore) and judged by its
 * Spearman information coefficient at `horizon` rows (analysis.factor_report, alphalens
 * semantics). A factor is kept when its mean IC > `min_ic` and its IC t-stat > `min_t`.
 * The proposed recipe weights the kept factors by mean IC / sum of kept mean ICs (weights
 * sum to 1) for factor.combine on the z-scored factors; the combined factor is then built
 * (factor.combine) and judged the same way, so the proposal states its own IC.
 * Deterministic: the same prices and params give the same report.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Json } from "../core/json";
import { port } from "../core/ports";
import { agentOutputs, makeProposal, reportOutputs, type AgentReport } from "./proposal";
import { ROLES } from "./roles";
import { ToolBox } from "./toolbox";

export const quantAnalystParams = z.object({
  momentum: z.object({ lookback: z.number().int().min(1).default(126), skip: z.number().int().min(0).default(21) }).default({ lookback: 126, skip: 21 }).describe("factor.momentum params"),
  reversal: z.object({ lookback: z.number().int().min(1).default(21) }).default({ lookback: 21 }).describe("factor.reversal params"),
  low_volatility: z.object({ window: z.number().int().min(2).default(63) }).default({ window: 63 }).describe("factor.low_volatility params"),
  horizon: z.number().int().min(1).default(21).describe("IC horizon in rows"),
  quantiles: z.number().int().min(2).default(3).describe("quantiles of the factor report"),
  min_ic: z.number().default(0).describe("keep a factor whose mean IC is above this"),
  min_t: z.number().default(0).describe("and whose IC t-stat is above this"),
});

type Ic = { mean: number | null; std: number | null; t_stat: number | null; dates: number };

/** The IC t-stat, +/-infinity when every date has the same IC (std 0), -infinity when undefined. */
function tStat(s: Ic): number {
  if (s.t_stat !== null) return s.t_stat;
  return s.std === 0 && s.mean !== null && s.mean !== 0 ? Math.sign(s.mean) * Infinity : -Infinity;
}

export const quantAnalystBlock = defineBlock({
  id: "agents.quant_analyst",
  title: "Agent: quant analyst",
  description: "Screens momentum, reversal and low-volatility factors by information coefficient and proposes a factor.combine recipe (IC-weighted); never trades.",
  category: "agents",
  params: quantAnalystParams,
  inputs: { prices: port.panel("prices, dates x assets") },
  outputs: agentOutputs,
  compute: (params, inputs) => {
    const role = ROLES.quant_analyst;
    const tb = new ToolBox(role);
    const prices = inputs.prices;
    const h = params.horizon, label = `${h}D`;
    const reportParams = { horizons: [h], quantiles: Math.min(params.quantiles, prices.columns.length), max_drop_fraction: 1 };
    const candidates: [string, string, Record<string, unknown>][] = [
      ["momentum", "factor.momentum", params.momentum],
      ["reversal", "factor.reversal", params.reversal],
      ["low_volatility", "factor.low_volatility", params.low_volatility],
    ];
    const findings: string[] = [];
    const zscored: Record<string, Json> = {};
    const ics: Record<string, Ic> = {};
    for (const [name, id, p] of candidates) {
      const raw = tb.call(id, p, { prices });
      const z = tb.call("factor.zscore", {}, { scores: raw.scores });
      zscored[name] = z.scores;
      const rep = tb.call("analysis.factor_report", reportParams, { scores: z.scores, prices });
      const s = (rep.ic_summary as Record<string, Ic>)[label];
      ics[name] = { mean: s.mean, std: s.std, t_stat: s.t_stat, dates: s.dates };
      findings.push(`${name}: mean ${label} IC ${fmt(s.mean)} (${s.std === 0 ? "the same on every date" : `t-stat ${fmt(s.t_stat, 2)}`}, ${s.dates} dates).`);
    }
    const kept = candidates.map(([n]) => n).filter((n) => (ics[n].mean ?? -Infinity) > params.min_ic && tStat(ics[n]) > params.min_t);
    const total = kept.reduce((a, n) => a + (ics[n].mean as number), 0);
    const weights: Record<string, number> = {};
    for (const n of kept) weights[n] = (ics[n].mean as number) / total;
    let combinedIc: Ic | null = null;
    if (kept.length) {
      const factors: Record<string, Json> = {};
      for (const n of kept) factors[n] = zscored[n];
      const comb = tb.call("factor.combine", { weights }, { factors });
      const rep = tb.call("analysis.factor_report", reportParams, { scores: comb.scores, prices });
      const s = (rep.ic_summary as Record<string, Ic>)[label];
      combinedIc = { mean: s.mean, std: s.std, t_stat: s.t_stat, dates: s.dates };
      findings.push(`Kept ${kept.join(", ")} (mean IC > ${params.min_ic}, t-stat > ${params.min_t}); dropped ${candidates.map(([n]) => n).filter((n) => !kept.includes(n)).join(", ") || "none"}.`);
      findings.push(`The IC-weighted combination (${kept.map((n) => `${n} ${fmt(weights[n], 3)}`).join(", ")}) has a mean ${label} IC of ${fmt(s.mean)} (t-stat ${fmt(s.t_stat, 2)}).`);
    } else {
      findings.push(`No candidate has a mean IC above ${params.min_ic} with a t-stat above ${params.min_t}: no recipe is proposed.`);
    }
    const recipe = {
      steps: candidates.filter(([n]) => kept.includes(n)).map(([n, id, p]) => ({ name: n, block: id, params: p, then: { block: "factor.zscore", params: {} } })),
      combine: { block: "factor.combine", params: { weights } },
      evidence: { horizon: h, ic: ics, combined_ic: combinedIc },
    };
    const summary = kept.length ? `Combine ${kept.join(", ")} with IC weights ${kept.map((n) => fmt(weights[n], 3)).join(", ")}.` : "No factor passes the IC screen; keep the current recipe.";
    const report: AgentReport = { agent: role.id, role, tool_calls: tb.calls, findings, proposal: makeProposal(role.id, "factor_recipe", summary, recipe as unknown as Json) };
    return reportOutputs(report);
  },
});

export function fmt(x: number | null | undefined, digits = 4): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "n/a" : `${+x.toFixed(digits)}`;
}
