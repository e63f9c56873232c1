/**
 * risk.stress: hypothetical shock scenarios applied to today's weights.
 *
 * Each scenario is {name, shocks: {asset or group: return}}. An asset's own shock wins
 * over its group's; unshocked assets contribute 0. Contribution_i = w_i shock_i and
 * pnl = sum_i contribution_i (a fraction of the portfolio's value). `worst` lists the
 * assets with a negative contribution, most negative first (ties in weight order).
 *
 * Extras (all optional):
 * - a loss limit (`max_loss`, or a scenario's own `limit`, positive fractions):
 *   `breached` is true when pnl < -limit;
 * - exposure change: weights after the shock, w_i (1 + s_i) / (1 + pnl), with gross
 *   and net before and after;
 * - a suggested hedge when `betas` are given: short beta_p = sum w_i beta_i of the
 *   portfolio's value in the index; when the scenario shocks the index (the shock keyed
 *   by `hedge_instrument`), the hedge's P&L is -beta_p x that shock.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import type { Groups, Weights } from "../core/values";
import { listWords, num, pct } from "./format";

export const scenarioSchema = z.object({
  name: z.string().min(1).describe("scenario name"),
  shocks: z.record(z.string(), z.number()).describe("return by asset or by group; an asset's own shock wins over its group's"),
  limit: z.number().positive().optional().describe("largest acceptable loss for this scenario (positive fraction); overrides max_loss"),
});
export type Scenario = z.infer<typeof scenarioSchema>;

export interface StressResult {
  name: string;
  pnl: number;
  contributions: Record<string, number>;
  worst: string[];
  shocks_applied: Record<string, number>;
  unshocked: string[];
  unmatched_shocks: string[];
}

/** Shock by asset (own shock, else its group's, else undefined). */
export function assetShock(asset: string, shocks: Record<string, number>, groups?: Groups): number | undefined {
  if (Object.prototype.hasOwnProperty.call(shocks, asset)) return shocks[asset];
  const g = groups?.[asset];
  if (g !== undefined && Object.prototype.hasOwnProperty.call(shocks, g)) return shocks[g];
  return undefined;
}

/** The core of risk.stress for one scenario. `ignoreKeys` are shock keys that are not assets or groups (the hedge index). */
export function stressScenario(weights: Weights, scenario: Scenario, groups?: Groups, ignoreKeys: string[] = []): StressResult {
  const assets = Object.keys(weights);
  const contributions: Record<string, number> = {};
  const applied: Record<string, number> = {};
  const unshocked: string[] = [];
  let pnl = 0;
  for (const a of assets) {
    const s = assetShock(a, scenario.shocks, groups);
    if (s === undefined) { contributions[a] = 0; if (weights[a] !== 0) unshocked.push(a); continue; }
    applied[a] = s;
    const c = weights[a] * s;
    contributions[a] = c;
    pnl += c;
  }
  const groupNames = new Set(Object.values(groups ?? {}));
  const unmatched = Object.keys(scenario.shocks).filter((k) => !(k in weights) && !groupNames.has(k) && !ignoreKeys.includes(k));
  const worst = assets.filter((a) => contributions[a] < 0).sort((a, b) => contributions[a] - contributions[b]);
  return { name: scenario.name, pnl, contributions, worst, shocks_applied: applied, unshocked, unmatched_shocks: unmatched };
}

export const stressParams = z.object({
  scenarios: z.array(scenarioSchema).min(1).describe("scenarios [{name, shocks: {asset or group: return}, limit?}]"),
  max_loss: z.number().positive().nullable().default(null).describe("loss limit for every scenario (positive fraction, e.g. 0.1 = 10%); null = no limit"),
  hedge_instrument: z.string().default("index").describe("the shock key of the hedging index (used with betas)"),
});

function grossNet(w: Record<string, number>): { gross: number; net: number } {
  let gross = 0, net = 0;
  for (const x of Object.values(w)) { gross += Math.abs(x); net += x; }
  return { gross, net };
}

export const stressBlock = defineBlock({
  id: "risk.stress",
  title: "Stress scenarios",
  description: "P&L of today's weights under hypothetical shocks by asset or group, with worst contributors, loss-limit breaches, exposure change and a beta hedge.",
  category: "risk",
  params: stressParams,
  inputs: {
    weights: port.weights("portfolio weights (fractions of the portfolio's value)"),
    groups: port.optional(port.groups("group (sector) by asset, for group shocks")),
    betas: port.optional(port.weights("beta to the index by asset, for a suggested hedge")),
  },
  outputs: {
    scenarios: { kind: "list", description: "[{name, pnl, contributions, worst, breached, limit, exposure, hedge, explanation}]" },
  },
  compute(params, inputs) {
    const w = inputs.weights;
    const before = grossNet(w);
    let betaP = NaN;
    const noBeta: string[] = [];
    if (inputs.betas) {
      betaP = 0;
      for (const [a, x] of Object.entries(w)) {
        const b = inputs.betas[a];
        if (b === undefined) { if (x !== 0) noBeta.push(a); } else betaP += x * b;
      }
    }
    const hedgeKey = params.hedge_instrument;
    const scenarios = params.scenarios.map((sc) => {
      const r = stressScenario(w, sc, inputs.groups, inputs.betas ? [hedgeKey] : []);
      const limit = sc.limit ?? params.max_loss ?? null;
      const breached = limit !== null && r.pnl < -limit;
      const afterW: Record<string, number> = {};
      for (const a of Object.keys(w)) afterW[a] = (w[a] * (1 + (r.shocks_applied[a] ?? 0))) / (1 + r.pnl);
      const after = grossNet(afterW);
      const words: string[] = [];
      const worstWords = r.worst.slice(0, 5).map((a) => `${a} (${pct(r.contributions[a])})`);
      words.push(`${sc.name}: P&L ${pct(r.pnl)} of the portfolio's value${worstWords.length ? `; worst contributors ${listWords(worstWords)}` : "; no position loses"}.`);
      if (limit !== null) words.push(breached ? `This breaches the loss limit of ${pct(limit)} by ${pct(-r.pnl - limit)}.` : `Within the loss limit of ${pct(limit)}.`);
      if (r.unshocked.length) words.push(`Not shocked (contribute 0): ${listWords(r.unshocked)}.`);
      if (r.unmatched_shocks.length) words.push(`Shocks that match no asset or group: ${listWords(r.unmatched_shocks)}.`);
      let hedge: Record<string, unknown> | undefined;
      if (inputs.betas) {
        const idx = sc.shocks[hedgeKey];
        const hedgePnl = idx === undefined ? NaN : -betaP * idx;
        hedge = {
          instrument: hedgeKey,
          portfolio_beta: betaP,
          weight: -betaP,
          hedge_pnl: hedgePnl,
          hedged_pnl: r.pnl + hedgePnl,
          assets_without_beta: noBeta,
          explanation: `Short ${pct(betaP)} of the portfolio's value in ${hedgeKey} to cancel the portfolio beta of ${num(betaP, 3)}` +
            (idx === undefined ? `; the scenario gives no shock for ${hedgeKey}, so the hedged P&L is unknown.` : `: under a ${pct(idx)} move of ${hedgeKey} the hedge makes ${pct(hedgePnl)} and the hedged P&L is ${pct(r.pnl + hedgePnl)}.`) +
            (noBeta.length ? ` No beta for ${listWords(noBeta)} (left out of the portfolio beta).` : ""),
        };
        if (breached) words.push(hedge.explanation as string);
      }
      return {
        name: r.name,
        pnl: r.pnl,
        contributions: r.contributions,
        worst: r.worst,
        breached,
        limit,
        unshocked: r.unshocked,
        unmatched_shocks: r.unmatched_shocks,
        exposure: { before, after, change: { gross: after.gross - before.gross, net: after.net - before.net }, weights_after: afterW },
        ...(hedge ? { hedge } : {}),
        explanation: words.join(" "),
      };
    });
    return { scenarios };
  },
});
