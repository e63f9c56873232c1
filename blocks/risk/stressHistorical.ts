/**
 * risk.stress_historical: replay historical crisis windows on today's weights.
 *
 * For each window and each held asset, the cumulative return from its first price on
 * or after `start` to its last price on or before `end` (both inside the window);
 * pnl = sum_i w_i R_i. An asset with fewer than two prices in the window is reported in
 * `missing` (with its weight) and left out of the P&L, never silently counted as 0;
 * `coverage` is the share of gross weight that has data.
 * Presets: gfc_2008 (2008-09-15..2008-10-27, Lehman to the October lows),
 * covid_2020 (2020-02-19..2020-03-23), dotcom_2000_2002 (2000-03-24..2002-10-09).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { daysToIso, isoToDays } from "../core/dates";
import { inputError, paramError } from "../core/errors";
import { port } from "../core/ports";
import { listWords, pct } from "./format";

export const HISTORICAL_WINDOWS = {
  gfc_2008: { name: "gfc_2008", start: "2008-09-15", end: "2008-10-27" },
  covid_2020: { name: "covid_2020", start: "2020-02-19", end: "2020-03-23" },
  dotcom_2000_2002: { name: "dotcom_2000_2002", start: "2000-03-24", end: "2002-10-09" },
} as const;
type Preset = keyof typeof HISTORICAL_WINDOWS;
const presetNames = Object.keys(HISTORICAL_WINDOWS) as [Preset, ...Preset[]];

const windowSchema = z.union([
  z.enum(presetNames),
  z.object({ name: z.string().min(1), start: z.string().describe("YYYY-MM-DD"), end: z.string().describe("YYYY-MM-DD") }),
]);

export const stressHistoricalParams = z.object({
  windows: z.array(windowSchema).min(1).default([...presetNames]).describe(`windows: preset names (${presetNames.join(", ")}) or {name, start, end}`),
});

export const stressHistoricalBlock = defineBlock({
  id: "risk.stress_historical",
  title: "Historical stress replay",
  description: "Each asset's cumulative return over historical crisis windows (GFC 2008, COVID 2020, dot-com 2000-2002 or your own), applied to today's weights; assets without data are reported.",
  category: "risk",
  params: stressHistoricalParams,
  inputs: {
    prices: port.panel("prices, dates x assets, covering the windows"),
    weights: port.weights("today's weights"),
  },
  outputs: { windows: { kind: "list", description: "[{name, start, end, pnl, contributions, asset_returns, missing, coverage, explanation}]" } },
  compute(params, inputs) {
    const p = inputs.prices, m = p.columns.length;
    const w = inputs.weights;
    const heldAssets = Object.keys(w).filter((a) => w[a] !== 0);
    const gross = heldAssets.reduce((s, a) => s + Math.abs(w[a]), 0);
    const windows = params.windows.map((win, wi) => {
      const spec = typeof win === "string" ? HISTORICAL_WINDOWS[win] : win;
      const start = isoToDays(spec.start), end = isoToDays(spec.end);
      if (Number.isNaN(start) || Number.isNaN(end)) throw paramError(["params", "windows", wi], `window ${spec.name}: start and end must be dates YYYY-MM-DD`);
      if (end <= start) throw paramError(["params", "windows", wi], `window ${spec.name}: end ${spec.end} is not after start ${spec.start}`);
      const contributions: Record<string, number> = {};
      const assetReturns: Record<string, number> = {};
      const missing: string[] = [];
      let pnl = 0, covered = 0, first = Infinity, last = -Infinity;
      for (const a of heldAssets) {
        const j = p.columns.indexOf(a);
        if (j < 0) { missing.push(a); continue; }
        let t0 = -1, t1 = -1;
        for (let t = 0; t < p.index.length; t++) {
          const d = p.index[t];
          if (d < start || d > end || !Number.isFinite(p.values[t * m + j])) continue;
          if (t0 < 0) t0 = t;
          t1 = t;
        }
        if (t0 < 0 || t1 === t0) { missing.push(a); continue; }
        const r = p.values[t1 * m + j] / p.values[t0 * m + j] - 1;
        assetReturns[a] = r;
        contributions[a] = w[a] * r;
        pnl += w[a] * r;
        covered += Math.abs(w[a]);
        first = Math.min(first, p.index[t0]); last = Math.max(last, p.index[t1]);
      }
      const coverage = gross > 0 ? covered / gross : 0;
      const worst = Object.keys(contributions).filter((a) => contributions[a] < 0).sort((a, b) => contributions[a] - contributions[b]);
      const explanation = Object.keys(assetReturns).length === 0
        ? `${spec.name} (${spec.start} to ${spec.end}): no held asset has prices in this window, so it cannot be replayed.`
        : `${spec.name} (${spec.start} to ${spec.end}): today's weights would have returned ${pct(pnl)}` +
          (worst.length ? `, worst ${listWords(worst.slice(0, 3).map((a) => `${a} (${pct(contributions[a])})`))}` : "") + "." +
          (missing.length ? ` No data in the window for ${listWords(missing)} (${pct(1 - coverage)} of gross weight), left out of the P&L rather than counted as 0.` : "");
      return {
        name: spec.name, start: spec.start, end: spec.end,
        first_date: Number.isFinite(first) ? daysToIso(first) : null,
        last_date: Number.isFinite(last) ? daysToIso(last) : null,
        pnl: Object.keys(assetReturns).length ? pnl : null,
        contributions, asset_returns: assetReturns, worst, missing, coverage, explanation,
      };
    });
    if (!heldAssets.length) throw inputError(["inputs", "weights"], "no asset has a non-zero weight");
    return { windows };
  },
});
