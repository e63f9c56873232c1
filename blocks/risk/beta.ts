/**
 * risk.beta: beta, alpha, tracking error, information ratio and correlation of a
 * return series against a benchmark (empyrical's alpha_beta, tracking_error and
 * information ratio conventions).
 *
 * The two series are aligned on the dates where both are non-null.
 * - beta = cov(r, b) / var(b) (the ddof cancels).
 * - alpha = (1 + mean(r - beta b))^periods_per_year - 1 (empyrical, risk-free 0).
 * - tracking_error = sd(r - b) sqrt(periods_per_year), sd with ddof 1.
 * - information_ratio = mean(r - b) periods_per_year / tracking_error (null when the
 *   tracking error is 0).
 * - correlation: Pearson (null when the series does not move).
 * Fewer than 3 common observations is bad input; a benchmark that never moves is a
 * singular problem (beta is undefined).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { BlockError, inputError } from "../core/errors";
import { port } from "../core/ports";
import type { Series } from "../core/values";
import { DEFAULT_PERIODS_PER_YEAR } from "../core/periods";
import { mean, stdDev } from "./stats";

/** Pairs (r_t, b_t) on the dates where both series are defined. */
export function alignPair(a: Series, b: Series): { x: Float64Array; y: Float64Array; dates: Int32Array } {
  const pos = new Map<number, number>();
  for (let i = 0; i < b.index.length; i++) pos.set(b.index[i], i);
  const xs: number[] = [], ys: number[] = [], ds: number[] = [];
  for (let i = 0; i < a.index.length; i++) {
    const j = pos.get(a.index[i]);
    if (j === undefined) continue;
    const x = a.values[i], y = b.values[j];
    if (Number.isFinite(x) && Number.isFinite(y)) { xs.push(x); ys.push(y); ds.push(a.index[i]); }
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys), dates: Int32Array.from(ds) };
}

export interface BetaStats { beta: number; alpha: number; tracking_error: number; information_ratio: number; correlation: number; r_squared: number; observations: number }

/** The statistics of aligned returns r against benchmark b. */
export function betaStats(r: Float64Array, b: Float64Array, periodsPerYear: number): BetaStats {
  const n = r.length;
  const mr = mean(r), mb = mean(b);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dr = r[i] - mr, db = b[i] - mb;
    sxy += dr * db; sxx += db * db; syy += dr * dr;
  }
  const beta = sxy / sxx;
  const resid = new Float64Array(n), active = new Float64Array(n);
  for (let i = 0; i < n; i++) { resid[i] = r[i] - beta * b[i]; active[i] = r[i] - b[i]; }
  const alpha = Math.pow(1 + mean(resid), periodsPerYear) - 1;
  const te = stdDev(active, 1) * Math.sqrt(periodsPerYear);
  const ir = te > 0 ? (mean(active) * periodsPerYear) / te : NaN;
  const corr = syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
  return { beta, alpha, tracking_error: te, information_ratio: ir, correlation: corr, r_squared: corr * corr, observations: n };
}

export const betaParams = z.object({
  periods_per_year: z.number().positive().default(DEFAULT_PERIODS_PER_YEAR).describe("periods per year for annualization (252 for daily returns)"),
});

export const betaBlock = defineBlock({
  id: "risk.beta",
  title: "Beta and active risk",
  description: "Beta, annualized alpha (empyrical), tracking error, information ratio and correlation of returns against a benchmark.",
  category: "risk",
  params: betaParams,
  inputs: {
    returns: port.series("returns of the portfolio or asset"),
    benchmark: port.series("returns of the benchmark, same frequency"),
  },
  outputs: {
    beta: { kind: "number", description: "cov(r, b) / var(b)" },
    alpha: { kind: "number", description: "annualized: (1 + mean(r - beta b))^ppy - 1" },
    tracking_error: { kind: "number", description: "annualized sd of r - b" },
    information_ratio: { kind: "number", description: "annualized mean(r - b) / tracking error; null when the tracking error is 0" },
    correlation: { kind: "number", description: "Pearson correlation; null when returns do not move" },
  },
  compute(params, inputs) {
    const { x, y } = alignPair(inputs.returns, inputs.benchmark);
    if (x.length < 3) throw inputError(["inputs", "benchmark"], `returns and benchmark share ${x.length} dates with both values defined; at least 3 are needed`);
    let moves = false;
    for (let i = 1; i < y.length; i++) if (y[i] !== y[0]) { moves = true; break; }
    if (!moves) throw new BlockError("singular-problem", "Benchmark does not move", "inputs.benchmark: the benchmark's return is the same on every common date, so its variance is 0 and beta is undefined", [{ path: ["inputs", "benchmark"], message: "zero variance" }]);
    const s = betaStats(x, y, params.periods_per_year);
    return { ...s, periods_per_year: params.periods_per_year };
  },
});
