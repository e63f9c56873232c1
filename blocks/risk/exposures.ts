/**
 * risk.exposures: what a set of weights is exposed to.
 *
 * - Totals: long (sum of positive weights), short (sum of negative ones), gross (sum |w|), net.
 * - Sector (group) exposures from `groups`: long, short, net and gross per group; held
 *   assets without a group are listed under `unassigned`.
 * - Factor exposures from an exposures table (one row per asset: an `asset` or `symbol`
 *   column, or the first text column, plus one numeric column per factor, e.g. betas):
 *   x_k = sum_i w_i B_ik. Held assets missing from the table count as 0 and are listed.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import type { Groups, Table, Weights } from "../core/values";

export interface ExposureTable { assets: string[]; factors: string[]; B: Float64Array; row: Map<string, number> }

/** An exposures table as an assets x factors matrix (row-major); bad cells name row and column. */
export function readExposureTable(t: Table, inputName = "exposures"): ExposureTable {
  const names = Object.keys(t.columns);
  const key = names.find((n) => n === "asset" || n === "symbol") ?? names.find((n) => t.types[n] === "string");
  if (!key) throw inputError(["inputs", inputName], "needs an asset (or symbol) column naming the asset of each row");
  const assets = t.columns[key] as string[];
  const factors = names.filter((n) => n !== key);
  for (const f of factors) if (t.types[f] !== "number") throw inputError(["inputs", inputName, f], `factor column ${f} must hold numbers`);
  if (!factors.length) throw inputError(["inputs", inputName], "needs at least one numeric factor column");
  const k = factors.length, n = t.rowCount;
  const B = new Float64Array(n * k);
  const row = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (row.has(assets[i])) throw inputError(["inputs", inputName, i, key], `asset ${assets[i]} appears twice`);
    row.set(assets[i], i);
    for (let j = 0; j < k; j++) {
      const v = (t.columns[factors[j]] as Float64Array)[i];
      if (!Number.isFinite(v)) throw inputError(["inputs", inputName, i, factors[j]], `exposure of ${assets[i]} to ${factors[j]} is missing`);
      B[i * k + j] = v;
    }
  }
  return { assets: assets.slice(), factors, B, row };
}

export interface GroupExposure { long: number; short: number; net: number; gross: number }

function totals(ws: number[]): GroupExposure {
  let long = 0, short = 0;
  for (const x of ws) { if (x > 0) long += x; else short += x; }
  return { long, short, net: long + short, gross: long - short };
}

/** Long, short, net and gross exposure per group. */
export function groupExposures(w: Weights, groups: Groups): { byGroup: Record<string, GroupExposure>; unassigned: string[] } {
  const members = new Map<string, number[]>();
  const unassigned: string[] = [];
  for (const [a, x] of Object.entries(w)) {
    if (x === 0) continue;
    const g = groups[a];
    if (g === undefined) { unassigned.push(a); continue; }
    if (!members.has(g)) members.set(g, []);
    members.get(g)!.push(x);
  }
  const byGroup: Record<string, GroupExposure> = {};
  for (const [g, xs] of members) byGroup[g] = totals(xs);
  return { byGroup, unassigned };
}

/** Factor exposures x = B'w over the table's factors; assets not in the table are listed. */
export function factorExposures(w: Weights, t: ExposureTable): { exposures: Record<string, number>; missing: string[] } {
  const k = t.factors.length;
  const x = new Float64Array(k);
  const missing: string[] = [];
  for (const [a, wi] of Object.entries(w)) {
    if (wi === 0) continue;
    const i = t.row.get(a);
    if (i === undefined) { missing.push(a); continue; }
    for (let j = 0; j < k; j++) x[j] += wi * t.B[i * k + j];
  }
  const exposures: Record<string, number> = {};
  t.factors.forEach((f, j) => (exposures[f] = x[j]));
  return { exposures, missing };
}

export const exposuresBlock = defineBlock({
  id: "risk.exposures",
  title: "Exposures",
  description: "Long, short, gross and net exposure in total and by sector, and factor exposures sum_i w_i B_ik from an exposures table.",
  category: "risk",
  params: z.object({}),
  inputs: {
    weights: port.weights("portfolio weights"),
    groups: port.optional(port.groups("group (sector) by asset")),
    exposures: port.optional(port.table("one row per asset: asset (or symbol) and one numeric column per factor")),
  },
  outputs: {
    total: { kind: "object", description: "{long, short, net, gross}" },
    sectors: { kind: "object", description: "{group: {long, short, net, gross}}" },
    factors: { kind: "object", description: "{factor: exposure}" },
  },
  compute(_params, inputs) {
    const w = inputs.weights;
    const out: Record<string, unknown> = { total: totals(Object.values(w)) };
    if (inputs.groups) {
      const g = groupExposures(w, inputs.groups);
      out.sectors = g.byGroup;
      out.unassigned = g.unassigned;
    }
    if (inputs.exposures) {
      const f = factorExposures(w, readExposureTable(inputs.exposures));
      out.factors = f.exposures;
      out.missing_exposures = f.missing;
    }
    return out;
  },
});
