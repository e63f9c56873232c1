/**
 * agents.risk_manager: reads a portfolio's risk against limits and proposes cuts or hedges.
 * - risk.var (method, confidence) on the asset returns with the weights: VaR and ES.
 * - risk.stress on `scenarios` (default: every held asset -20%, and the index -20% when
 *   betas are given), with max_loss = the stress limit.
 * - risk.liquidity (with ADV): days to liquidate at `participation` of ADV.
 * Proposal: scale the whole book by k = min(1, var_limit / VaR, es_limit / ES,
 * stress_limit / worst stress loss) — historical and parametric VaR, ES and the stress P&L
 * are all proportional to the weights, so the scaled book meets each limit — then cut any
 * position whose days to liquidate still exceed the limit to what liquidates within it;
 * with betas, the stress block's index hedge is offered as an alternative. The proposed
 * book is checked again with risk.var. The cut weight goes to cash.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Json } from "../core/json";
import { port } from "../core/ports";
import { scenarioSchema } from "../risk/stress";
import { agentOutputs, makeProposal, reportOutputs, type AgentReport } from "./proposal";
import { fmt } from "./quantAnalyst";
import { ROLES } from "./roles";
import { ToolBox } from "./toolbox";

export const riskManagerParams = z.object({
  method: z.enum(["historical", "parametric", "cornish_fisher"]).default("historical"),
  confidence: z.number().gt(0).lt(1).default(0.95),
  limits: z.object({
    var: z.number().positive().default(0.02).describe("largest one-period VaR (positive fraction)"),
    es: z.number().positive().default(0.03).describe("largest one-period expected shortfall"),
    stress_loss: z.number().positive().default(0.15).describe("largest loss in any scenario"),
    liquidity_days: z.number().positive().default(5).describe("most days to liquidate a position"),
  }).default({ var: 0.02, es: 0.03, stress_loss: 0.15, liquidity_days: 5 }),
  scenarios: z.array(scenarioSchema).nullable().default(null).describe("stress scenarios; null = every held asset -20% (and the index when betas are given)"),
  portfolio_value: z.number().positive().default(10_000_000).describe("book value in the ADV's currency"),
  participation: z.number().gt(0).max(1).default(0.2).describe("share of ADV traded per day"),
});

const pct = (x: number) => `${fmt(x * 100, 2)}%`;

export const riskManagerBlock = defineBlock({
  id: "agents.risk_manager",
  title: "Agent: risk manager",
  description: "Reads VaR, expected shortfall, stress losses and liquidity against limits and proposes a scaled book, liquidity cuts or an index hedge; never trades.",
  category: "agents",
  params: riskManagerParams,
  inputs: {
    weights: port.weights("current or target weights"),
    returns: port.panel("asset returns, dates x assets (no nulls)"),
    groups: port.optional(port.groups("group (sector) by asset, for group shocks")),
    adv: port.optional(port.weights("average daily traded value per asset, in currency")),
    betas: port.optional(port.weights("beta to the index by asset, for a hedge")),
  },
  outputs: agentOutputs,
  compute: (params, inputs) => {
    const role = ROLES.risk_manager;
    const tb = new ToolBox(role);
    const L = params.limits;
    const w = inputs.weights;
    const findings: string[] = [];
    const v = tb.call("risk.var", { method: params.method, confidence: params.confidence }, { returns: inputs.returns, weights: w });
    const VaR = v.var as number, ES = v.es as number;
    findings.push(`${params.method} VaR ${pct(VaR)} (limit ${pct(L.var)}) and ES ${pct(ES)} (limit ${pct(L.es)}) at ${params.confidence * 100}%: ${VaR > L.var || ES > L.es ? "over the limit" : "within the limits"}.`);
    const shocked = Object.keys(w).filter((a) => w[a] !== 0);
    const scenarios = params.scenarios ?? [{ name: "all assets -20%", shocks: { ...Object.fromEntries(shocked.map((a) => [a, -0.2])), ...(inputs.betas ? { index: -0.2 } : {}) } }];
    const st = tb.call("risk.stress", { scenarios, max_loss: L.stress_loss }, { weights: w, ...(inputs.groups ? { groups: inputs.groups } : {}), ...(inputs.betas ? { betas: inputs.betas } : {}) });
    const sc = st.scenarios as { name: string; pnl: number; breached: boolean; hedge?: { instrument: string; weight: number; hedged_pnl: number | null } }[];
    let worst = 0;
    for (const s of sc) {
      worst = Math.max(worst, -s.pnl);
      findings.push(`Stress "${s.name}": P&L ${pct(s.pnl)}${s.breached ? `, beyond the loss limit of ${pct(L.stress_loss)}` : ""}.`);
    }
    let days: Record<string, number | null> = {};
    if (inputs.adv) {
      const lq = tb.call("risk.liquidity", { portfolio_value: params.portfolio_value, participation: params.participation }, { weights: w, adv: inputs.adv });
      days = lq.days as Record<string, number | null>;
      const slow = Object.keys(days).filter((a) => days[a] === null || (days[a] as number) > L.liquidity_days);
      findings.push(slow.length ? `Liquidity: ${slow.map((a) => `${a} (${days[a] === null ? "no ADV" : `${fmt(days[a], 1)} days`})`).join(", ")} ${slow.length === 1 ? "takes" : "take"} longer than ${L.liquidity_days} days to sell at ${pct(params.participation)} of ADV.` : `Liquidity: every position sells within ${L.liquidity_days} days.`);
    }
    const k = Math.min(1, VaR > 0 ? L.var / VaR : 1, ES > 0 ? L.es / ES : 1, worst > 0 ? L.stress_loss / worst : 1);
    const actions: Json[] = [];
    const proposed: Record<string, number> = {};
    for (const a of Object.keys(w)) proposed[a] = w[a] * k;
    if (k < 1) actions.push({ type: "scale", factor: k, reason: `VaR, ES and stress loss scale with the book: x${fmt(k, 4)} brings the binding measure to its limit` });
    for (const a of Object.keys(days)) {
      const d = days[a];
      const cap = inputs.adv && inputs.adv[a] > 0 ? (L.liquidity_days * params.participation * inputs.adv[a]) / params.portfolio_value : 0;
      if ((d === null || d * k > L.liquidity_days) && Math.abs(proposed[a]) > cap) {
        const to = Math.sign(proposed[a]) * cap;
        actions.push({ type: "cut", asset: a, from: proposed[a], to, reason: d === null ? "no ADV: cannot be sold within the limit" : `sells in ${fmt(d * k, 1)} days after scaling; cut to what sells in ${L.liquidity_days}` });
        proposed[a] = to;
      }
    }
    const hedged = sc.find((s) => s.breached && s.hedge);
    if (hedged?.hedge) actions.push({ type: "hedge", alternative_to: "scale", instrument: hedged.hedge.instrument, weight: hedged.hedge.weight, hedged_pnl: hedged.hedge.hedged_pnl, reason: `offsets the portfolio beta in "${hedged.name}"` });
    let summary = "Within every limit: no action.";
    if (actions.length) {
      const after = tb.call("risk.var", { method: params.method, confidence: params.confidence }, { returns: inputs.returns, weights: proposed });
      findings.push(`After the proposed changes: VaR ${pct(after.var as number)}, ES ${pct(after.es as number)}.`);
      summary = [k < 1 ? `Scale the book to ${pct(k)} of its size` : "", actions.filter((x) => (x as { type: string }).type === "cut").length ? "cut illiquid positions" : "", hedged ? `or hedge with ${hedged.hedge!.instrument}` : ""].filter(Boolean).join("; ") + ".";
    }
    const payload = { limits: L, measured: { var: VaR, es: ES, worst_stress_loss: worst, liquidity_days: days }, actions, proposed_weights: actions.length ? proposed : null };
    const report: AgentReport = { agent: role.id, role, tool_calls: tb.calls, findings, proposal: makeProposal(role.id, "risk_actions", summary, payload as unknown as Json) };
    return reportOutputs(report);
  },
});
