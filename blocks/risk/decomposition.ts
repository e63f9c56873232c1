/**
 * risk.decomposition: factor risk decomposition of a portfolio under a factor model
 *   Sigma = B F B' + D   (B assets x factors, F factor covariance, D diagonal specific variances).
 *
 * With x = B'w the portfolio's factor exposures:
 * - systematic variance x'Fx, specific variance sum_i w_i^2 D_i, total variance their sum;
 *   volatility sigma = sqrt(total).
 * - Euler contributions to volatility (they sum to sigma): factor k: x_k (F x)_k / sigma;
 *   specific: sum_i w_i^2 D_i / sigma; asset i: w_i (Sigma w)_i / sigma.
 * - Parametric VaR = z_c sigma (zero mean, z_c = Phi^-1(c)); its contributions are
 *   z_c times the volatility contributions, so they sum to the VaR.
 * Units are those of the inputs (per period; annualize F and D beforehand for annual figures).
 * Reference: Grinold & Kahn, Active Portfolio Management, ch. 3; Meucci, "Risk contributions".
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { BlockError, inputError } from "../core/errors";
import { port } from "../core/ports";
import type { Matrix, Weights } from "../core/values";
import { readExposureTable } from "./exposures";
import { normPpf } from "./stats";

export interface Decomposition {
  volatility: number; variance: number; var: number;
  systematic: { variance: number; volatility_contribution: number; share: number };
  specific: { variance: number; volatility_contribution: number; share: number };
  factor_exposures: Record<string, number>;
  factors: Record<string, { volatility: number; var: number; share: number }>;
  assets: Record<string, { volatility: number; var: number; share: number }>;
}

/** The decomposition from plain arrays: w (n), B (n x k), F (k x k), D (n). */
export function decompose(assets: string[], factors: string[], w: Float64Array, B: Float64Array, F: Float64Array, D: Float64Array, c: number): Decomposition {
  const n = assets.length, k = factors.length;
  const x = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) x[j] += w[i] * B[i * k + j];
  const Fx = new Float64Array(k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) Fx[a] += F[a * k + b] * x[b];
  let sys = 0;
  for (let a = 0; a < k; a++) sys += x[a] * Fx[a];
  let spec = 0;
  for (let i = 0; i < n; i++) spec += w[i] * w[i] * D[i];
  const variance = sys + spec;
  if (!(variance > 0)) throw new BlockError("singular-problem", "Zero risk", "the portfolio's variance is not positive (all weights zero, or zero covariance): contributions are undefined", []);
  const sigma = Math.sqrt(variance);
  const z = normPpf(c);
  // Sigma w = B (F x) + D w
  const factorsOut: Decomposition["factors"] = {};
  factors.forEach((f, a) => {
    const v = (x[a] * Fx[a]) / sigma;
    factorsOut[f] = { volatility: v, var: z * v, share: v / sigma };
  });
  const assetsOut: Decomposition["assets"] = {};
  for (let i = 0; i < n; i++) {
    let sw = D[i] * w[i];
    for (let a = 0; a < k; a++) sw += B[i * k + a] * Fx[a];
    const v = (w[i] * sw) / sigma;
    assetsOut[assets[i]] = { volatility: v, var: z * v, share: v / sigma };
  }
  const factorExposures: Record<string, number> = {};
  factors.forEach((f, a) => (factorExposures[f] = x[a]));
  return {
    volatility: sigma, variance, var: z * sigma,
    systematic: { variance: sys, volatility_contribution: sys / sigma, share: sys / variance },
    specific: { variance: spec, volatility_contribution: spec / sigma, share: spec / variance },
    factor_exposures: factorExposures, factors: factorsOut, assets: assetsOut,
  };
}

export const decompositionBlock = defineBlock({
  id: "risk.decomposition",
  title: "Factor risk decomposition",
  description: "Volatility and parametric VaR of a portfolio under a factor model B F B' + D, split into systematic and specific parts and into contributions per factor and per asset that sum to the total.",
  category: "risk",
  params: z.object({ confidence: z.number().gt(0).lt(1).default(0.95).describe("confidence of the parametric VaR (zero mean)") }),
  inputs: {
    weights: port.weights("portfolio weights"),
    exposures: port.table("B: one row per asset, an asset column and one numeric column per factor"),
    factor_covariance: port.matrix("F: covariance of factor returns, labelled by factor"),
    specific_variance: port.weights("D: specific (idiosyncratic) variance per asset"),
  },
  outputs: {
    volatility: { kind: "number", description: "sqrt(w' (B F B' + D) w)" },
    var: { kind: "number", description: "parametric VaR z_c x volatility" },
    factors: { kind: "object", description: "{factor: {volatility, var, share}} contributions" },
    assets: { kind: "object", description: "{asset: {volatility, var, share}} contributions" },
    explanation: { kind: "text", description: "the split in words" },
  },
  compute(params, inputs) {
    const t = readExposureTable(inputs.exposures);
    const Fm: Matrix = inputs.factor_covariance;
    const k = t.factors.length;
    const missingF = t.factors.filter((f) => !Fm.columns.includes(f));
    if (missingF.length) throw inputError(["inputs", "factor_covariance", "columns"], `no row for factor(s) ${missingF.join(", ")} of the exposures table (covariance columns: ${Fm.columns.join(", ")})`);
    const fi = t.factors.map((f) => Fm.columns.indexOf(f));
    const mF = Fm.columns.length;
    const F = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) F[a * k + b] = Fm.values[fi[a] * mF + fi[b]];
    const w: Weights = inputs.weights;
    const assets = Object.keys(w).filter((a) => w[a] !== 0);
    const noB = assets.filter((a) => !t.row.has(a));
    if (noB.length) throw inputError(["inputs", "exposures"], `no exposures row for held asset(s) ${noB.join(", ")}`);
    const noD = assets.filter((a) => inputs.specific_variance[a] === undefined);
    if (noD.length) throw inputError(["inputs", "specific_variance"], `no specific variance for held asset(s) ${noD.join(", ")}`);
    const n = assets.length;
    const B = new Float64Array(n * k), D = new Float64Array(n), wv = new Float64Array(n);
    assets.forEach((a, i) => {
      const r = t.row.get(a)!;
      for (let j = 0; j < k; j++) B[i * k + j] = t.B[r * k + j];
      D[i] = inputs.specific_variance[a];
      if (D[i] < 0) throw inputError(["inputs", "specific_variance", a], `specific variance of ${a} is negative (${D[i]})`);
      wv[i] = w[a];
    });
    const d = decompose(assets, t.factors, wv, B, F, D, params.confidence);
    const top = Object.entries(d.factors).sort((a, b) => b[1].volatility - a[1].volatility)[0];
    const explanation = `Volatility ${(d.volatility * 100).toFixed(3)}% per period: ${(d.systematic.share * 100).toFixed(1)}% of the variance is systematic (factors) and ${(d.specific.share * 100).toFixed(1)}% specific.` +
      (top ? ` The largest factor contribution is ${top[0]} (${(top[1].share * 100).toFixed(1)}% of the volatility).` : "") +
      ` Parametric VaR at ${(params.confidence * 100).toFixed(1)}% assumes a zero mean and normal returns.`;
    return { ...d, confidence: params.confidence, explanation };
  },
});
