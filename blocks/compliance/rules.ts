/**
 * Compliance rules: the ruleset schema (zod, plain data) and the evaluator shared by
 * compliance.check and compliance.pre_trade.
 *
 * Rules (weights are fractions of the portfolio's value; `symbols` narrows a rule):
 * - max_weight: w_i > limit is a breach (signed: a short is bounded by min_weight).
 * - min_weight: w_i < limit is a breach (min_weight 0 forbids shorts).
 * - max_gross: sum |w_i| > limit.
 * - max_net: sum w_i > limit.
 * - sector_cap: sum of w_i by group > limit (needs `groups`; `symbols` lists the groups
 *   to cap, all groups by default). Held assets without a group are reported, not summed.
 * - restricted: any held (w != 0) asset among `symbols` (the limit is not used).
 * - max_names: number of held assets (w != 0) > limit.
 * - liquidity_days: |w_i| x portfolio_value / adv_i > limit days (adv in currency per day);
 *   a held asset without a positive ADV is an offender.
 * - max_turnover: sum |w_i - current_i| over the union of assets > limit (needs the
 *   current weights).
 * Comparisons allow 1e-12 of rounding. Status: BLOCK if any BLOCK rule is breached,
 * else REVIEW if any REVIEW rule is, else OK. One sentence per breached rule names every
 * offender with its value, and the limit.
 */
import { z } from "zod";
import { inputError, paramError } from "../core/errors";
import type { Groups, Weights } from "../core/values";
import { listWords, num, pct } from "../risk/format";

export const ruleNames = ["max_weight", "min_weight", "max_gross", "max_net", "sector_cap", "restricted", "max_names", "liquidity_days", "max_turnover"] as const;
export type RuleName = (typeof ruleNames)[number];
export type Severity = "BLOCK" | "REVIEW";
export type Status = "OK" | "REVIEW" | "BLOCK";

export const ruleSchema = z.object({
  rule: z.enum(ruleNames).describe(`one of ${ruleNames.join(", ")}`),
  limit: z.number().optional().describe("the limit (fraction of the portfolio, a count of names, or days); not used by restricted"),
  severity: z.enum(["BLOCK", "REVIEW"]).default("BLOCK").describe("BLOCK stops the trade; REVIEW asks a person to look"),
  symbols: z.array(z.string()).optional().describe("restricted: the restricted list; max_weight, min_weight, liquidity_days: the assets the rule applies to; sector_cap: the groups capped"),
  name: z.string().optional().describe("a label for the rule in the reasons"),
});
export type Rule = z.infer<typeof ruleSchema>;

export const rulesetSchema = z.array(ruleSchema).superRefine((rules, ctx) => {
  rules.forEach((r, i) => {
    if (r.rule !== "restricted" && r.limit === undefined) ctx.addIssue({ code: "custom", path: [i, "limit"], message: `rule ${r.rule} needs a limit` });
    if (r.rule === "restricted" && !r.symbols) ctx.addIssue({ code: "custom", path: [i, "symbols"], message: "rule restricted needs symbols (the restricted list)" });
    if ((r.rule === "max_names" || r.rule === "liquidity_days") && r.limit !== undefined && r.limit < 0) ctx.addIssue({ code: "custom", path: [i, "limit"], message: `rule ${r.rule} needs a limit >= 0` });
  });
});

export interface RuleContext {
  weights: Weights;
  groups?: Groups;
  adv?: Record<string, number>;
  current?: Weights;
  portfolioValue?: number | null;
}

export interface Offender { name: string; value: number | null }
export interface RuleResult {
  rule: RuleName;
  label: string;
  severity: Severity;
  limit: number | null;
  passed: boolean;
  value: number | null;
  offenders: Offender[];
  reason: string | null;
}

const EPS = 1e-12;
const held = (w: Weights) => Object.keys(w).filter((a) => w[a] !== 0);

function evaluateRule(rule: Rule, i: number, ctx: RuleContext, paramPath: (string | number)[]): RuleResult {
  const w = ctx.weights;
  const limit = rule.limit ?? null;
  const L = limit ?? 0;
  const label = rule.name ?? rule.rule;
  const head = `${label} (${rule.severity})`;
  const scope = (assets: string[]) => (rule.symbols ? assets.filter((a) => rule.symbols!.includes(a)) : assets);
  let offenders: Offender[] = [];
  let value: number | null = null;
  let reason = "";
  switch (rule.rule) {
    case "max_weight": {
      offenders = scope(Object.keys(w)).filter((a) => w[a] > L + EPS).map((a) => ({ name: a, value: w[a] }));
      value = Math.max(...scope(Object.keys(w)).map((a) => w[a]), -Infinity);
      reason = `${head}: ${listWords(offenders.map((o) => `${o.name} at ${pct(o.value!)}`))} ${offenders.length > 1 ? "exceed" : "exceeds"} the maximum weight of ${pct(L)}.`;
      break;
    }
    case "min_weight": {
      offenders = scope(Object.keys(w)).filter((a) => w[a] < L - EPS).map((a) => ({ name: a, value: w[a] }));
      value = Math.min(...scope(Object.keys(w)).map((a) => w[a]), Infinity);
      reason = `${head}: ${listWords(offenders.map((o) => `${o.name} at ${pct(o.value!)}`))} ${offenders.length > 1 ? "are" : "is"} below the minimum weight of ${pct(L)}.`;
      break;
    }
    case "max_gross": {
      value = Object.values(w).reduce((s, x) => s + Math.abs(x), 0);
      if (value > L + EPS) offenders = [{ name: "the portfolio", value }];
      reason = `${head}: the portfolio's gross exposure of ${pct(value)} exceeds the limit of ${pct(L)}.`;
      break;
    }
    case "max_net": {
      value = Object.values(w).reduce((s, x) => s + x, 0);
      if (value > L + EPS) offenders = [{ name: "the portfolio", value }];
      reason = `${head}: the portfolio's net exposure of ${pct(value)} exceeds the limit of ${pct(L)}.`;
      break;
    }
    case "sector_cap": {
      if (!ctx.groups) throw inputError(["inputs", "groups"], `rule ${i} (sector_cap) needs groups: the group (sector) of each asset`);
      const sums = new Map<string, number>();
      const ungrouped: string[] = [];
      for (const a of held(w)) {
        const g = ctx.groups[a];
        if (g === undefined) { ungrouped.push(a); continue; }
        sums.set(g, (sums.get(g) ?? 0) + w[a]);
      }
      const capped = [...sums.keys()].filter((g) => !rule.symbols || rule.symbols.includes(g));
      offenders = capped.filter((g) => sums.get(g)! > L + EPS).map((g) => ({ name: g, value: sums.get(g)! }));
      value = Math.max(...capped.map((g) => sums.get(g)!), -Infinity);
      reason = `${head}: ${listWords(offenders.map((o) => `${o.name} at ${pct(o.value!)}`))} ${offenders.length > 1 ? "exceed" : "exceeds"} the sector cap of ${pct(L)}` +
        (ungrouped.length ? ` (${listWords(ungrouped)} ${ungrouped.length > 1 ? "have" : "has"} no group and ${ungrouped.length > 1 ? "are" : "is"} not counted).` : ".");
      break;
    }
    case "restricted": {
      const list = rule.symbols ?? [];
      offenders = held(w).filter((a) => list.includes(a)).map((a) => ({ name: a, value: w[a] }));
      value = offenders.length;
      reason = `${head}: ${listWords(offenders.map((o) => `${o.name} (${pct(o.value!)})`))} ${offenders.length > 1 ? "are" : "is"} on the restricted list (${listWords(list)}) and must not be held.`;
      break;
    }
    case "max_names": {
      value = held(w).length;
      if (value > L + EPS) offenders = [{ name: "the portfolio", value }];
      reason = `${head}: the portfolio holds ${value} names, more than the limit of ${num(L)}.`;
      break;
    }
    case "liquidity_days": {
      const V = ctx.portfolioValue;
      if (V === undefined || V === null) throw paramError([...paramPath, "portfolio_value"], `rule ${i} (liquidity_days) needs params.portfolio_value, the portfolio's value in the ADV's currency`);
      if (!ctx.adv) throw inputError(["inputs", "adv"], `rule ${i} (liquidity_days) needs adv: average daily traded value per asset, in currency`);
      let worst = 0;
      for (const a of scope(held(w))) {
        const adv = ctx.adv[a];
        const days = adv !== undefined && adv > 0 ? (Math.abs(w[a]) * V) / adv : Infinity;
        worst = Math.max(worst, days);
        if (days > L + EPS) offenders.push({ name: a, value: Number.isFinite(days) ? days : null });
      }
      value = worst;
      reason = `${head}: ${listWords(offenders.map((o) => (o.value === null ? `${o.name} (no ADV)` : `${o.name} needs ${num(o.value, 2)} days`)))} to liquidate at one ADV a day, over the limit of ${num(L)} days.`;
      break;
    }
    case "max_turnover": {
      if (!ctx.current) throw inputError(["inputs", "current"], `rule ${i} (max_turnover) needs the current weights`);
      const names = new Set([...Object.keys(w), ...Object.keys(ctx.current)]);
      value = 0;
      for (const a of names) value += Math.abs((w[a] ?? 0) - (ctx.current[a] ?? 0));
      if (value > L + EPS) offenders = [{ name: "the portfolio", value }];
      reason = `${head}: the turnover of ${pct(value)} (sum of absolute weight changes) exceeds the limit of ${pct(L)}.`;
      break;
    }
  }
  if (value !== null && !Number.isFinite(value)) value = null;
  const passed = offenders.length === 0;
  return { rule: rule.rule, label, severity: rule.severity, limit, passed, value, offenders, reason: passed ? null : reason };
}

export interface Evaluation { status: Status; reasons: string[]; breaches: RuleResult[]; results: RuleResult[] }

/** Evaluate every rule; BLOCK over REVIEW over OK. */
export function evaluateRules(ruleset: Rule[], ctx: RuleContext, paramPath: (string | number)[] = ["params"]): Evaluation {
  const results = ruleset.map((r, i) => evaluateRule(r, i, ctx, paramPath));
  const breaches = results.filter((r) => !r.passed);
  const status: Status = breaches.some((b) => b.severity === "BLOCK") ? "BLOCK" : breaches.length ? "REVIEW" : "OK";
  return { status, reasons: breaches.map((b) => b.reason!), breaches, results };
}
