/**
 * risk.factor_model: a fundamental factor risk model, Sigma = B F B' + D.
 *
 * B (N assets x K factors) are given exposures: sector dummies from `groups`
 * (one column per sector, no intercept, so the dummies span the market) and
 * style columns from `exposures` {asset: {factor: value}}. Each date's factor
 * returns are the OLS cross-sectional regression f_t = (B'B)^-1 B' r_t; F is the
 * sample covariance of f (ddof 1) and D the diagonal of the residuals' sample
 * variances (ddof 1). Collinear exposures (B'B singular) are bad input.
 * `periods_per_year` (or null) scales the matrix.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { BlockError, inputError } from "../core/errors";
import { port } from "../core/ports";
import { matrix, type Groups, type Panel } from "../core/values";
import { inverseSpd, isPositiveDefinite } from "../optimize/linalg";
import { requireComplete, sampleCovariance } from "./covariance";

export const exposuresSchema = z.record(z.string(), z.record(z.string(), z.number()));

/** Exposure matrix B (N x K) and factor names from groups and style exposures. */
export function buildExposures(assets: string[], groups: Groups | undefined, exposures: Record<string, Record<string, number>> | undefined): { b: Float64Array; factors: string[] } {
  const factors: string[] = [];
  if (groups) {
    for (const a of assets) if (groups[a] === undefined) throw inputError(["inputs", "groups", a], `asset ${a} has no group`);
    for (const g of [...new Set(assets.map((a) => groups[a]))].sort()) factors.push(g);
  }
  const styles: string[] = [];
  if (exposures) {
    for (const a of assets) if (exposures[a] === undefined) throw inputError(["inputs", "exposures", a], `asset ${a} has no exposures`);
    const seen = new Set<string>();
    for (const a of assets) for (const k of Object.keys(exposures[a])) if (!seen.has(k)) { seen.add(k); styles.push(k); }
    for (const a of assets) for (const k of styles) if (!Number.isFinite(exposures[a][k])) throw inputError(["inputs", "exposures", a, k], `asset ${a} has no value for factor ${k}`);
  }
  const names = [...factors, ...styles.filter((s) => !factors.includes(s))];
  const n = assets.length, k = names.length;
  if (k === 0) throw inputError(["inputs"], "factor_model needs groups and/or exposures");
  const b = new Float64Array(n * k);
  assets.forEach((a, i) => {
    names.forEach((f, c) => {
      if (c < factors.length) b[i * k + c] = groups![a] === f ? 1 : 0;
      else b[i * k + c] = exposures![a][f];
    });
  });
  return { b, factors: names };
}

export function factorModelCovariance(returns: Panel, b: Float64Array, k: number): { covariance: Float64Array; factorCovariance: Float64Array; specific: Float64Array } {
  const t = returns.index.length, n = returns.columns.length;
  const btb = new Float64Array(k * k);
  for (let i = 0; i < n; i++) for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) btb[p * k + q] += b[i * k + p] * b[i * k + q];
  const inv = isPositiveDefinite(btb, k) ? inverseSpd(btb, k) : null;
  if (!inv) throw new BlockError("singular-problem", "Collinear exposures", "the exposures are collinear (B'B is singular): drop a redundant factor or a sector with no assets", [{ path: ["inputs", "exposures"], message: "collinear" }]);
  // H = (B'B)^-1 B'  (K x N)
  const h = new Float64Array(k * n);
  for (let p = 0; p < k; p++) for (let i = 0; i < n; i++) { let s = 0; for (let q = 0; q < k; q++) s += inv[p * k + q] * b[i * k + q]; h[p * n + i] = s; }
  const f = new Float64Array(t * k), e = new Float64Array(t * n);
  for (let r = 0; r < t; r++) {
    const o = r * n;
    for (let p = 0; p < k; p++) { let s = 0; for (let i = 0; i < n; i++) s += h[p * n + i] * returns.values[o + i]; f[r * k + p] = s; }
    for (let i = 0; i < n; i++) { let s = 0; for (let p = 0; p < k; p++) s += b[i * k + p] * f[r * k + p]; e[o + i] = returns.values[o + i] - s; }
  }
  const fc = sampleCovariance(f, t, k, 1);
  const ec = sampleCovariance(e, t, n, 1);
  const specific = new Float64Array(n);
  for (let i = 0; i < n; i++) specific[i] = ec[i * n + i];
  const cov = new Float64Array(n * n);
  const bf = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let q = 0; q < k; q++) { let s = 0; for (let p = 0; p < k; p++) s += b[i * k + p] * fc[p * k + q]; bf[i * k + q] = s; }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let q = 0; q < k; q++) s += bf[i * k + q] * b[j * k + q]; cov[i * n + j] = s + (i === j ? specific[i] : 0); }
  return { covariance: cov, factorCovariance: fc, specific };
}

export const factorModelBlock = defineBlock({
  id: "risk.factor_model",
  title: "Fundamental factor risk model",
  description: "Covariance B F B' + D from sector dummies (groups) and style exposures, with factor returns by cross-sectional OLS each date.",
  category: "risk",
  params: z.object({ periods_per_year: z.number().positive().nullable().default(null).describe("multiply the matrices by this; null leaves them per period") }),
  inputs: {
    returns: port.panel("returns, dates x assets, no nulls"),
    groups: port.optional(port.groups("sector by asset: one dummy factor per sector")),
    exposures: port.optional(port.json(exposuresSchema, "style exposures {asset: {factor: value}}")),
  },
  outputs: {
    covariance: { kind: "matrix", description: "B F B' + D, assets x assets" },
    factor_covariance: { kind: "matrix", description: "F, factors x factors" },
    specific_variance: { kind: "weights", description: "D's diagonal by asset" },
  },
  compute: (params, inputs) => {
    requireComplete(inputs.returns);
    const t = inputs.returns.index.length;
    const { b, factors } = buildExposures(inputs.returns.columns, inputs.groups, inputs.exposures);
    if (t < 2) throw inputError(["inputs", "returns", "index"], `needs at least 2 rows, got ${t}`);
    const res = factorModelCovariance(inputs.returns, b, factors.length);
    const s = params.periods_per_year ?? 1;
    const scale = (a: Float64Array) => { for (let i = 0; i < a.length; i++) a[i] *= s; return a; };
    const specific: Record<string, number> = {};
    inputs.returns.columns.forEach((c, i) => { specific[c] = res.specific[i] * s; });
    return {
      covariance: matrix(inputs.returns.columns.slice(), scale(res.covariance)),
      factor_covariance: matrix(factors, scale(res.factorCovariance)),
      specific_variance: specific,
    };
  },
});
