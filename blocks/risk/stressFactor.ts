/**
 * risk.stress_factor: hypothetical factor shocks mapped through each asset's factor betas.
 *
 * Asset return under a scenario: r_i = sum_k B_ik s_k + (sector shock of the asset's group)
 * + residual_i, with B from an exposures table (one row per asset, one numeric column per
 * factor: e.g. market, rates, volatility). Contribution w_i r_i; pnl their sum; the P&L is
 * also split by factor (sum_i w_i B_ik s_k), sector and residual parts.
 * Default scenarios: market -20% (market), rates +1% (rates: a beta per 1.00 of rate
 * change, e.g. minus the duration), volatility +10 points (volatility), and sector -30%
 * when `sector` names a group. A factor the table lacks has zero exposure (said in `notes`);
 * a held asset missing from the table has zero betas (listed).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { readExposureTable } from "./exposures";
import { listWords, pct } from "./format";

const factorScenario = z.object({
  name: z.string().min(1),
  shocks: z.record(z.string(), z.number()).default({}).describe("shock by factor column, e.g. {market: -0.2}"),
  sector_shocks: z.record(z.string(), z.number()).optional().describe("return added to every asset of a group, e.g. {Tech: -0.3}"),
  residual: z.union([z.number(), z.record(z.string(), z.number())]).optional().describe("idiosyncratic return: one number for every asset or one per asset"),
});
type FactorScenario = z.infer<typeof factorScenario>;

export const stressFactorParams = z.object({
  scenarios: z.array(factorScenario).nullable().default(null).describe("null = the defaults (market -20%, rates +1%, volatility +10 points, sector -30% when `sector` is set)"),
  sector: z.string().nullable().default(null).describe("group hit by the default sector -30% scenario"),
});

export function defaultFactorScenarios(sector: string | null): FactorScenario[] {
  const out: FactorScenario[] = [
    { name: "market -20%", shocks: { market: -0.2 } },
    { name: "rates +1%", shocks: { rates: 0.01 } },
    { name: "volatility +10 points", shocks: { volatility: 0.1 } },
  ];
  if (sector) out.push({ name: `${sector} -30%`, shocks: {}, sector_shocks: { [sector]: -0.3 } });
  return out;
}

export const stressFactorBlock = defineBlock({
  id: "risk.stress_factor",
  title: "Factor stress",
  description: "Hypothetical factor shocks (market, sector, rates, volatility) mapped through each asset's betas, plus sector and residual shocks, on today's weights.",
  category: "risk",
  params: stressFactorParams,
  inputs: {
    weights: port.weights("today's weights"),
    exposures: port.table("factor betas: one row per asset, an asset column and one numeric column per factor"),
    groups: port.optional(port.groups("group (sector) by asset, for sector shocks")),
  },
  outputs: { scenarios: { kind: "list", description: "[{name, pnl, asset_returns, contributions, by_factor, sector_pnl, residual_pnl, worst, explanation}]" } },
  compute(params, inputs) {
    const t = readExposureTable(inputs.exposures);
    const w = inputs.weights, k = t.factors.length;
    const held = Object.keys(w).filter((a) => w[a] !== 0);
    const noBeta = held.filter((a) => !t.row.has(a));
    const scenarios = (params.scenarios ?? defaultFactorScenarios(params.sector)).map((sc, si) => {
      const notes: string[] = [];
      const unknown = Object.keys(sc.shocks).filter((f) => !t.factors.includes(f));
      if (unknown.length) notes.push(`The exposures table has no ${listWords(unknown)} column: zero exposure assumed.`);
      if (sc.sector_shocks && !inputs.groups) throw inputError(["inputs", "groups"], `scenario ${si} (${sc.name}) shocks sectors: give groups`);
      const byFactor: Record<string, number> = {};
      for (const f of Object.keys(sc.shocks)) byFactor[f] = 0;
      const assetReturns: Record<string, number> = {}, contributions: Record<string, number> = {};
      let pnl = 0, sectorPnl = 0, residualPnl = 0;
      for (const a of held) {
        const i = t.row.get(a);
        let r = 0;
        for (const [f, s] of Object.entries(sc.shocks)) {
          const j = t.factors.indexOf(f);
          const part = i === undefined || j < 0 ? 0 : t.B[i * k + j] * s;
          r += part;
          byFactor[f] += w[a] * part;
        }
        const g = inputs.groups?.[a];
        const ss = g !== undefined ? sc.sector_shocks?.[g] ?? 0 : 0;
        const res = typeof sc.residual === "number" ? sc.residual : sc.residual?.[a] ?? 0;
        r += ss + res;
        sectorPnl += w[a] * ss; residualPnl += w[a] * res;
        assetReturns[a] = r; contributions[a] = w[a] * r; pnl += w[a] * r;
      }
      const worst = held.filter((a) => contributions[a] < 0).sort((a, b) => contributions[a] - contributions[b]);
      const parts = Object.entries(byFactor).map(([f, v]) => `${f} ${pct(v)}`);
      if (sc.sector_shocks) parts.push(`sector ${pct(sectorPnl)}`);
      if (sc.residual !== undefined) parts.push(`residual ${pct(residualPnl)}`);
      const explanation = `${sc.name}: P&L ${pct(pnl)} (${parts.join(", ") || "no shocks"})` +
        (worst.length ? `; worst ${listWords(worst.slice(0, 3).map((a) => `${a} (${pct(contributions[a])})`))}.` : ".") +
        (noBeta.length ? ` No betas for ${listWords(noBeta)}: their factor moves are 0.` : "") + (notes.length ? " " + notes.join(" ") : "");
      return { name: sc.name, pnl, asset_returns: assetReturns, contributions, by_factor: byFactor, sector_pnl: sectorPnl, residual_pnl: residualPnl, worst, notes, explanation };
    });
    return { scenarios, assets_without_betas: noBeta };
  },
});
