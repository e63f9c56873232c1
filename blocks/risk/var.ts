/**
 * risk.var: value at risk and expected shortfall of a return series (or of a
 * portfolio: a returns Panel under weights, or a covariance Matrix under weights).
 *
 * Conventions (shared/CONTRACTS.md): losses are positive fractions; c = confidence.
 * - historical: VaR = -quantile(r, 1 - c) (numpy linear), ES = -mean(r[r <= quantile]).
 * - parametric: VaR = -(mean + z sd), z = Phi^-1(1 - c), sample mean and sd (ddof 1);
 *   ES = -(mean - sd phi(z) / (1 - c)).
 * - cornish_fisher: z replaced by the Cornish-Fisher quantile
 *   z_cf = z + (z^2 - 1) S/6 + (z^3 - 3z) K/24 - (2z^3 - 5z) S^2/36 with the biased
 *   skewness S and excess kurtosis K (scipy defaults). ES is the mean of the
 *   Cornish-Fisher quantiles below 1 - c, in closed form:
 *   ES = -(mean - sd phi(z)/(1 - c) [1 + z S/6 + (z^2 - 1) K/24 - (2z^2 - 1) S^2/36])
 *   (it reduces to the parametric ES when S = K = 0).
 * - monte_carlo: `simulations` seeded draws (Mulberry32 + Box-Muller) of a normal
 *   portfolio return, from the covariance Matrix and weights (per-asset means from
 *   `expected_returns`, else 0) or from the series' sample mean and sd; VaR and ES are then
 *   the historical estimates on the draws. The same seed gives the same answer.
 * - horizon h (periods): both figures are multiplied by sqrt(h) (square-root-of-time);
 *   without a horizon they are one-period figures.
 * Missing returns (null) are dropped; fewer than 2 observations is bad input.
 * References: Jorion, Value at Risk (3rd ed.), ch. 5; Favre & Galeano (2002) for
 * Cornish-Fisher VaR; Boudt, Peterson & Croux (2008).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { BlockError, inputError } from "../core/errors";
import { port } from "../core/ports";
import type { Matrix, Weights } from "../core/values";
import { returnSeries, seriesOrPanelPort } from "./portfolio";
import { cholesky, excessKurtosis, finite, mean, normalSampler, normPdf, normPpf, quantileSorted, skewness, stdDev } from "./stats";

export interface VarResult { var: number; es: number }

/** Historical VaR and ES at confidence c of finite returns x (numpy linear quantile). */
export function historicalVar(x: Float64Array, c: number): VarResult & { quantile: number; tail: number } {
  const s = Float64Array.from(x).sort();
  const q = quantileSorted(s, 1 - c);
  let sum = 0, k = 0;
  for (let i = 0; i < s.length && s[i] <= q; i++) { sum += s[i]; k++; }
  return { var: -q, es: -(sum / k), quantile: q, tail: k };
}

/** Normal VaR and ES from a mean and a standard deviation. */
export function parametricVar(mu: number, sd: number, c: number): VarResult & { z: number } {
  const z = normPpf(1 - c);
  return { var: -(mu + z * sd), es: -(mu - (sd * normPdf(z)) / (1 - c)), z };
}

/** Cornish-Fisher VaR and ES from mean, sd, biased skewness S and excess kurtosis K. */
export function cornishFisherVar(mu: number, sd: number, S: number, K: number, c: number): VarResult & { z: number; zcf: number } {
  const z = normPpf(1 - c);
  const z2 = z * z, z3 = z2 * z;
  const zcf = z + ((z2 - 1) * S) / 6 + ((z3 - 3 * z) * K) / 24 - ((2 * z3 - 5 * z) * S * S) / 36;
  const tail = 1 + (z * S) / 6 + ((z2 - 1) * K) / 24 - ((2 * z2 - 1) * S * S) / 36;
  return { var: -(mu + zcf * sd), es: -(mu - ((sd * normPdf(z)) / (1 - c)) * tail), z, zcf };
}

/** Seeded normal draws of a portfolio return: w'mu + w'L e, L the Cholesky factor of the covariance. */
export function simulatePortfolio(cov: Float64Array, n: number, w: Float64Array, mu: Float64Array, simulations: number, seed: number): Float64Array {
  const l = cholesky(cov, n);
  if (!l) throw new BlockError("singular-problem", "Covariance is not positive semidefinite", "inputs.covariance: the matrix is not positive semidefinite (a negative pivot in its Cholesky factorization), so it cannot be a covariance; check that it is symmetric and estimated from enough data", [{ path: ["inputs", "covariance"], message: "not positive semidefinite" }]);
  // b = L'w, so that w'L e = b'e.
  const b = new Float64Array(n);
  let m0 = 0;
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = k; i < n; i++) s += w[i] * l[i * n + k];
    b[k] = s;
    m0 += w[k] * mu[k];
  }
  const draw = normalSampler(seed);
  const out = new Float64Array(simulations);
  for (let t = 0; t < simulations; t++) {
    let s = m0;
    for (let k = 0; k < n; k++) s += b[k] * draw();
    out[t] = s;
  }
  return out;
}

const methods = ["historical", "parametric", "cornish_fisher", "monte_carlo"] as const;

export const varParams = z.object({
  method: z.enum(methods).default("historical").describe("historical | parametric | cornish_fisher | monte_carlo"),
  confidence: z.number().gt(0).lt(1).default(0.95).describe("confidence level c in (0, 1); VaR is the loss exceeded with probability 1 - c"),
  horizon: z.number().positive().nullable().default(null).describe("horizon in periods (days for daily returns); VaR and ES are scaled by sqrt(horizon). null = one period"),
  simulations: z.number().int().min(100).max(10_000_000).default(10_000).describe("monte_carlo: number of draws"),
  seed: z.number().int().default(42).describe("monte_carlo: seed of the PRNG (same seed, same answer)"),
});

function sqrtTimeNote(h: number | null): string {
  if (h === null) return "One-period figures: no horizon scaling.";
  return `Scaled from one period to ${h} periods by the square root of time (x sqrt(${h}) = ${Math.sqrt(h).toFixed(4)}): this assumes independent, identically distributed returns and ignores the drift over the horizon.`;
}

export const varBlock = defineBlock({
  id: "risk.var",
  title: "Value at risk",
  description: "VaR and expected shortfall (positive losses) by historical, parametric, Cornish-Fisher or seeded Monte Carlo methods, for a return series or a portfolio.",
  category: "risk",
  params: varParams,
  inputs: {
    returns: port.optional(seriesOrPanelPort("returns: a Series, or a Panel of asset returns with weights")),
    weights: port.optional(port.weights("portfolio weights (with a returns Panel or a covariance)")),
    covariance: port.optional(port.matrix("monte_carlo: covariance of asset returns per period")),
    expected_returns: port.optional(port.weights("monte_carlo with covariance: mean return per asset per period (default 0)")),
  },
  outputs: {
    var: { kind: "number", description: "value at risk, a positive loss fraction" },
    es: { kind: "number", description: "expected shortfall, a positive loss fraction" },
    note: { kind: "text", description: "how the figures were computed, in words" },
  },
  compute(params, inputs) {
    const c = params.confidence;
    const h = params.horizon;
    const scale = h === null ? 1 : Math.sqrt(h);
    const pct = `${+(c * 100).toFixed(6)}%`;
    const base = { method: params.method, confidence: c, horizon: h };
    const finish = (r: VarResult, extra: Record<string, unknown>, how: string) => ({
      var: r.var * scale,
      es: r.es * scale,
      ...base,
      ...extra,
      note: `${how} ${sqrtTimeNote(h)}`,
    });

    if (params.method === "monte_carlo" && inputs.covariance) {
      const cov: Matrix = inputs.covariance;
      const w: Weights | undefined = inputs.weights;
      if (!w) throw inputError(["inputs", "weights"], "monte_carlo with a covariance needs weights");
      const held = Object.keys(w).filter((k) => w[k] !== 0);
      const unknown = held.filter((k) => !cov.columns.includes(k));
      if (unknown.length) throw inputError(["inputs", "weights"], `weights name ${unknown.join(", ")}, not in the covariance's columns (${cov.columns.join(", ")})`);
      const n = held.length;
      const idx = held.map((k) => cov.columns.indexOf(k));
      const m = cov.columns.length;
      const sub = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sub[i * n + j] = cov.values[idx[i] * m + idx[j]];
      const wv = Float64Array.from(held, (k) => w[k]);
      const mu = Float64Array.from(held, (k) => inputs.expected_returns?.[k] ?? 0);
      const draws = simulatePortfolio(sub, n, wv, mu, params.simulations, params.seed);
      const r = historicalVar(draws, c);
      return finish(r, { observations: params.simulations, seed: params.seed },
        `Monte Carlo: ${params.simulations} seeded normal draws (seed ${params.seed}) of the portfolio return from the covariance of ${n} held assets${inputs.expected_returns ? " and the expected returns given" : " with zero means"}; VaR is minus the ${(1 - c).toPrecision(3)} quantile of the draws and ES minus the mean of the draws at or below it, at ${pct} confidence.`);
    }

    if (!inputs.returns) throw inputError(["inputs", "returns"], `returns are required for the ${params.method} method${params.method === "monte_carlo" ? " (or give a covariance and weights)" : ""}`);
    const x = finite(returnSeries(inputs.returns, inputs.weights).values);
    if (x.length < 2) throw inputError(["inputs", "returns"], `needs at least 2 non-null returns, got ${x.length}`);
    const n = x.length;
    const mu = mean(x), sd = stdDev(x, 1);

    switch (params.method) {
      case "historical": {
        const r = historicalVar(x, c);
        return finish(r, { observations: n, quantile: r.quantile, tail_observations: r.tail },
          `Historical: VaR is minus the ${(1 - c).toPrecision(3)} quantile of ${n} returns (linear interpolation), ES minus the mean of the ${r.tail} returns at or below it, at ${pct} confidence.`);
      }
      case "parametric": {
        const r = parametricVar(mu, sd, c);
        return finish(r, { observations: n, mean: mu, sd, z: r.z },
          `Parametric (normal): VaR = -(mean + z sd) with z = ${r.z.toFixed(4)}, the normal quantile at ${(1 - c).toPrecision(3)}, sample mean and sd of ${n} returns.`);
      }
      case "cornish_fisher": {
        const S = skewness(x), K = excessKurtosis(x);
        if (!Number.isFinite(S)) throw inputError(["inputs", "returns"], "cornish_fisher needs returns that are not all equal (skewness is undefined)");
        const r = cornishFisherVar(mu, sd, S, K, c);
        return finish(r, { observations: n, mean: mu, sd, skewness: S, excess_kurtosis: K, z: r.z, z_cornish_fisher: r.zcf },
          `Cornish-Fisher: the normal quantile ${r.z.toFixed(4)} is adjusted for skewness ${S.toFixed(4)} and excess kurtosis ${K.toFixed(4)} to ${r.zcf.toFixed(4)}; VaR = -(mean + z_cf sd) over ${n} returns.`);
      }
      case "monte_carlo": {
        const one = new Float64Array([sd * sd]);
        const draws = simulatePortfolio(one, 1, new Float64Array([1]), new Float64Array([mu]), params.simulations, params.seed);
        const r = historicalVar(draws, c);
        return finish(r, { observations: params.simulations, seed: params.seed, mean: mu, sd },
          `Monte Carlo: ${params.simulations} seeded normal draws (seed ${params.seed}) with the series' mean and sd (${n} returns); VaR is minus the ${(1 - c).toPrecision(3)} quantile of the draws and ES minus the mean of the draws at or below it.`);
      }
    }
  },
});
