/**
 * agents.compliance_officer: runs compliance.check with a ruleset, explains each breach
 * (what the rule protects, who breaches it, by how much) and proposes the smallest
 * mechanical remedy, rule by rule in ruleset order: max_weight clips offenders to the limit,
 * min_weight lifts them to it, restricted names go to 0, max_gross and max_net scale the
 * book (max_net: the longs) down, sector_cap scales the group down, max_names keeps the
 * largest |w|, liquidity_days cuts to what sells within the limit. Freed weight stays in
 * cash. The remedy is checked again with compliance.check and its status reported.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import type { Json } from "../core/json";
import { port } from "../core/ports";
import { rulesetSchema, type Rule } from "../compliance/rules";
import { agentOutputs, makeProposal, reportOutputs, type AgentReport } from "./proposal";
import { ROLES } from "./roles";
import { ToolBox } from "./toolbox";

const WHY: Record<string, string> = {
  max_weight: "it limits the loss from any single name",
  min_weight: "it keeps positions on the allowed side (a 0 floor forbids shorts)",
  max_gross: "it caps leverage",
  max_net: "it caps the book's net market exposure",
  sector_cap: "it limits concentration in one sector",
  restricted: "these names may not be held (legal or client restriction)",
  max_names: "it keeps the book to a number of names the desk can follow",
  liquidity_days: "positions must be sellable within that many days",
  max_turnover: "it limits trading costs and churn",
};

export const complianceOfficerParams = z.object({
  ruleset: rulesetSchema.describe("rules [{rule, limit, severity, symbols?}] as compliance.check"),
  portfolio_value: z.number().positive().nullable().default(null).describe("for liquidity_days"),
});

interface Result { rule: string; label: string; severity: string; limit: number | null; passed: boolean; value: number | null; offenders: { name: string; value: number | null }[] }

function remedy(w: Record<string, number>, rules: Rule[], groups: Record<string, string> | undefined, adv: Record<string, number> | undefined, V: number | null): Record<string, number> {
  const out = { ...w };
  const inScope = (r: Rule, a: string) => !r.symbols || r.symbols.includes(a);
  for (const r of rules) {
    const L = r.limit ?? 0;
    const names = Object.keys(out);
    if (r.rule === "max_weight") for (const a of names) { if (inScope(r, a) && out[a] > L) out[a] = L; }
    if (r.rule === "min_weight") for (const a of names) { if (inScope(r, a) && out[a] < L) out[a] = L; }
    if (r.rule === "restricted") for (const a of names) { if (r.symbols!.includes(a)) out[a] = 0; }
    if (r.rule === "max_gross") { const g = names.reduce((s, a) => s + Math.abs(out[a]), 0); if (g > L) for (const a of names) out[a] *= L / g; }
    if (r.rule === "max_net") {
      const net = names.reduce((s, a) => s + out[a], 0), longs = names.reduce((s, a) => s + Math.max(0, out[a]), 0);
      if (net > L && longs > 0) { const f = Math.max(0, 1 - (net - L) / longs); for (const a of names) if (out[a] > 0) out[a] *= f; }
    }
    if (r.rule === "sector_cap" && groups) {
      const sums: Record<string, number> = {};
      for (const a of names) if (groups[a] !== undefined) sums[groups[a]] = (sums[groups[a]] ?? 0) + out[a];
      for (const [g, s] of Object.entries(sums)) if ((!r.symbols || r.symbols.includes(g)) && s > L) for (const a of names) if (groups[a] === g) out[a] *= L / s;
    }
    if (r.rule === "max_names") {
      const heldNames = names.filter((a) => out[a] !== 0).sort((a, b) => Math.abs(out[b]) - Math.abs(out[a]) || a.localeCompare(b));
      for (const a of heldNames.slice(Math.max(0, Math.floor(L)))) out[a] = 0;
    }
    if (r.rule === "liquidity_days" && adv && V) for (const a of names) {
      if (!inScope(r, a) || out[a] === 0) continue;
      const cap = adv[a] > 0 ? (L * adv[a]) / V : 0;
      if (Math.abs(out[a]) > cap) out[a] = Math.sign(out[a]) * cap;
    }
  }
  return out;
}

export const complianceOfficerBlock = defineBlock({
  id: "agents.compliance_officer",
  title: "Agent: compliance officer",
  description: "Runs compliance.check with a ruleset, explains each breach and proposes the smallest mechanical remedy, checked again; never trades.",
  category: "agents",
  params: complianceOfficerParams,
  inputs: {
    weights: port.weights("target weights"),
    groups: port.optional(port.groups("group (sector) by asset")),
    adv: port.optional(port.weights("average daily traded value per asset, in currency")),
  },
  outputs: agentOutputs,
  compute: (params, inputs) => {
    const role = ROLES.compliance_officer;
    const tb = new ToolBox(role);
    const extra = { ...(inputs.groups ? { groups: inputs.groups } : {}), ...(inputs.adv ? { adv: inputs.adv } : {}) };
    const p = { ruleset: params.ruleset, portfolio_value: params.portfolio_value };
    const c = tb.call("compliance.check", p, { weights: inputs.weights, ...extra });
    const results = c.results as unknown as Result[];
    const reasons = c.reasons as string[];
    const findings: string[] = [`Status ${c.status}: ${reasons.length} of ${results.length} rules breached.`];
    let k = 0;
    results.forEach((r) => {
      if (r.passed) return;
      findings.push(`${reasons[k++]} Why it matters: ${WHY[r.rule] ?? "it is a desk rule"}.`);
    });
    if (c.status === "OK") {
      const proposal = makeProposal(role.id, "compliance_remedy", "Compliant: no change.", { status_before: "OK", proposed_weights: null } as Json);
      return reportOutputs({ agent: role.id, role, tool_calls: tb.calls, findings, proposal });
    }
    const proposed = remedy(inputs.weights, params.ruleset, inputs.groups, inputs.adv, params.portfolio_value);
    const after = tb.call("compliance.check", p, { weights: proposed, ...extra });
    const changes = Object.keys(proposed).filter((a) => Math.abs(proposed[a] - inputs.weights[a]) > 1e-15).map((a) => ({ asset: a, from: inputs.weights[a], to: proposed[a] }));
    findings.push(`The remedy changes ${changes.map((x) => x.asset).join(", ")}; checked again, the status is ${after.status}${(after.reasons as string[]).length ? `: ${(after.reasons as string[]).join(" ")}` : ""}.`);
    const payload = { status_before: c.status, status_after: after.status, breaches: reasons, changes, proposed_weights: proposed };
    const summary = `Fix ${reasons.length} breach${reasons.length > 1 ? "es" : ""} by changing ${changes.length} weight${changes.length === 1 ? "" : "s"} (status ${c.status} -> ${after.status}).`;
    const report: AgentReport = { agent: role.id, role, tool_calls: tb.calls, findings, proposal: makeProposal(role.id, "compliance_remedy", summary, payload as unknown as Json) };
    return reportOutputs(report);
  },
});
