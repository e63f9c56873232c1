/**
 * compliance.check: a ruleset (plain data, see rules.ts) applied to target weights.
 * Status BLOCK over REVIEW over OK; `reasons` has one sentence per breached rule, in
 * ruleset order, naming every offender (asset, group or the portfolio) and the limit;
 * `results` has every rule with its measured value, passed or not.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { evaluateRules, rulesetSchema } from "./rules";

export const checkParams = z.object({
  ruleset: rulesetSchema.describe("rules [{rule, limit, severity: BLOCK|REVIEW, symbols?}]"),
  portfolio_value: z.number().positive().nullable().default(null).describe("portfolio value in the ADV's currency (needed by liquidity_days)"),
});

export const checkBlock = defineBlock({
  id: "compliance.check",
  title: "Compliance check",
  description: "Check weights against a ruleset (max/min weight, gross, net, sector caps, restricted list, names, liquidity days, turnover): OK, REVIEW or BLOCK with one reason per breach.",
  category: "compliance",
  params: checkParams,
  inputs: {
    weights: port.weights("target weights"),
    groups: port.optional(port.groups("group (sector) by asset, for sector_cap")),
    adv: port.optional(port.weights("average daily traded value per asset, in currency, for liquidity_days")),
    current: port.optional(port.weights("current weights, for max_turnover")),
  },
  outputs: {
    status: { kind: "text", description: "OK, REVIEW or BLOCK" },
    reasons: { kind: "list", description: "one sentence per breached rule" },
    results: { kind: "list", description: "every rule: {rule, severity, limit, passed, value, offenders}" },
  },
  compute(params, inputs) {
    const e = evaluateRules(params.ruleset, { weights: inputs.weights, groups: inputs.groups, adv: inputs.adv, current: inputs.current, portfolioValue: params.portfolio_value });
    return { status: e.status, reasons: e.reasons, results: e.results.map(({ reason: _r, ...rest }) => rest) };
  },
});
