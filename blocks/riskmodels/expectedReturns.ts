/**
 * risk.expected_returns: expected returns per asset, annualized, as a Weights-shaped
 * map that optimize.portfolio accepts. Methods (PyPortfolioOpt `expected_returns.py`):
 *
 * - mean: compounded (1 + r).prod()^(ppy / T) - 1 (default) or arithmetic mean x ppy.
 * - ewma: pandas `ewm(span, adjust=True).mean()` of each column, last value; then
 *   (1 + m)^ppy - 1 when compounding, m x ppy otherwise.
 * - capm: mu_i = rf + beta_i (E[r_m] - rf), beta_i = cov(r_i, r_m) / var(r_m) (ddof 1),
 *   r_m the `benchmark` series (same dates) or the equal-weighted mean of the assets;
 *   E[r_m] compounded (or arithmetic) and annualized like `mean`.
 * - score: mu_i = a + b x score_i, score the last non-null row value of `scores`
 *   (assets without a score are left out).
 *
 * Returns must have no nulls (exit 2). `risk_free` is annual.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import type { Panel, Series, Weights } from "../core/values";
import { requireComplete } from "./covariance";

export const expectedReturnsParams = z.object({
  method: z.enum(["mean", "ewma", "capm", "score"]).default("mean").describe("mean, ewma, capm or score (mu = a + b score)"),
  compounding: z.boolean().default(true).describe("geometric (compounded) annualization; false: arithmetic mean x periods_per_year"),
  periods_per_year: z.number().positive().default(252).describe("periods per year of the returns"),
  span: z.number().positive().default(500).describe("ewma: span in rows (pandas ewm(span))"),
  risk_free: z.number().default(0).describe("capm: annual risk-free rate"),
  a: z.number().default(0).describe("score: intercept"),
  b: z.number().default(0.01).describe("score: slope (return per unit of score)"),
});
type Params = z.output<typeof expectedReturnsParams>;

function annualize(meanPerPeriod: number, compoundedTotal: number, t: number, p: Params): number {
  if (!p.compounding) return meanPerPeriod * p.periods_per_year;
  return Math.pow(compoundedTotal, p.periods_per_year / t) - 1;
}

/** Annualized mean of one column (Float64Array). */
export function meanReturn1d(r: Float64Array, p: Params): number {
  let s = 0, g = 1;
  for (let i = 0; i < r.length; i++) { s += r[i]; g *= 1 + r[i]; }
  return annualize(s / r.length, g, r.length, p);
}

/** pandas ewm(span, adjust=True).mean() last value. */
export function ewmaLast1d(r: Float64Array, span: number): number {
  const alpha = 2 / (span + 1);
  let num = 0, den = 0;
  for (let i = 0; i < r.length; i++) { num = num * (1 - alpha) + r[i]; den = den * (1 - alpha) + 1; }
  return num / den;
}

export function expectedReturns(returns: Panel | undefined, scores: Panel | undefined, benchmark: Series | undefined, p: Params): Weights {
  const out: Weights = {};
  if (p.method === "score") {
    if (!scores) throw inputError(["inputs", "scores"], "method score needs a scores panel");
    const m = scores.columns.length;
    for (let j = 0; j < m; j++) {
      for (let t = scores.index.length - 1; t >= 0; t--) {
        const v = scores.values[t * m + j];
        if (Number.isFinite(v)) { out[scores.columns[j]] = p.a + p.b * v; break; }
      }
    }
    return out;
  }
  if (!returns) throw inputError(["inputs", "returns"], `method ${p.method} needs a returns panel`);
  requireComplete(returns);
  const t = returns.index.length, n = returns.columns.length;
  if (t < 2) throw inputError(["inputs", "returns", "index"], `needs at least 2 rows, got ${t}`);
  const col = new Float64Array(t);
  const column = (j: number) => { for (let r = 0; r < t; r++) col[r] = returns.values[r * n + j]; return col; };
  if (p.method === "mean") {
    for (let j = 0; j < n; j++) out[returns.columns[j]] = meanReturn1d(column(j), p);
    return out;
  }
  if (p.method === "ewma") {
    for (let j = 0; j < n; j++) {
      const m = ewmaLast1d(column(j), p.span);
      out[returns.columns[j]] = p.compounding ? Math.pow(1 + m, p.periods_per_year) - 1 : m * p.periods_per_year;
    }
    return out;
  }
  // capm
  const mkt = new Float64Array(t);
  if (benchmark) {
    if (benchmark.index.length !== t || benchmark.index.some((d, i) => d !== returns.index[i])) {
      throw inputError(["inputs", "benchmark", "index"], "benchmark must have the same dates as returns");
    }
    for (let r = 0; r < t; r++) {
      if (!Number.isFinite(benchmark.values[r])) throw inputError(["inputs", "benchmark", "values", r], "benchmark has a null");
      mkt[r] = benchmark.values[r];
    }
  } else {
    for (let r = 0; r < t; r++) { let s = 0; for (let j = 0; j < n; j++) s += returns.values[r * n + j]; mkt[r] = s / n; }
  }
  let mm = 0;
  for (let r = 0; r < t; r++) mm += mkt[r];
  mm /= t;
  let vm = 0;
  for (let r = 0; r < t; r++) vm += (mkt[r] - mm) ** 2;
  if (!(vm > 0)) throw inputError(["inputs", benchmark ? "benchmark" : "returns"], "the market return has zero variance: beta is undefined");
  const marketReturn = meanReturn1d(mkt, p);
  for (let j = 0; j < n; j++) {
    const c = column(j);
    let mj = 0;
    for (let r = 0; r < t; r++) mj += c[r];
    mj /= t;
    let cv = 0;
    for (let r = 0; r < t; r++) cv += (c[r] - mj) * (mkt[r] - mm);
    const beta = cv / vm;
    out[returns.columns[j]] = p.risk_free + beta * (marketReturn - p.risk_free);
  }
  return out;
}

export const expectedReturnsBlock = defineBlock({
  id: "risk.expected_returns",
  title: "Expected returns",
  description: "Annualized expected returns by asset: historical mean (compounded or arithmetic), EWMA, CAPM (beta to a benchmark or the equal-weighted market) or a linear map of scores.",
  category: "risk",
  params: expectedReturnsParams,
  inputs: {
    returns: port.optional(port.panel("returns, dates x assets, no nulls")),
    scores: port.optional(port.panel("scores (method score): the last non-null value per asset is used")),
    benchmark: port.optional(port.series("capm: market returns on the same dates")),
  },
  outputs: { expected_returns: { kind: "weights", description: "annualized expected return by asset" } },
  compute: (params, inputs) => ({ expected_returns: expectedReturns(inputs.returns, inputs.scores, inputs.benchmark, params) }),
});
