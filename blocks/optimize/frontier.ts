/**
 * optimize.frontier: the efficient frontier under the same constraints as
 * optimize.portfolio, as `points` [{return, volatility}] for a chart, from the
 * minimum-variance portfolio's return up to the highest return reachable (the
 * mean-variance portfolio with risk aversion 1e-6, scaled to the covariance),
 * plus the min-variance and max-Sharpe points. Units follow the inputs.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { quadForm } from "./linalg";
import { maxSharpe, solvePortfolio } from "./meanVariance";
import { maxSharpeFast } from "./maxSharpeBox";
import { checkCovariance, constraintParams, constraintsOf, vectorOf, weightsMap } from "./portfolio";

export const frontierParams = z.object({
  ...constraintParams,
  points: z.number().int().min(2).max(200).default(20).describe("number of frontier points"),
  risk_free: z.number().default(0).describe("risk-free rate for the max-Sharpe point"),
});

export const frontierBlock = defineBlock({
  id: "optimize.frontier",
  title: "Efficient frontier",
  description: "Efficient frontier points (return, volatility) under bounds, net, gross and group caps, with the min-variance and max-Sharpe portfolios.",
  category: "optimize",
  params: frontierParams,
  inputs: {
    covariance: port.matrix("covariance of returns"),
    expected_returns: port.weights("expected return by asset"),
    groups: port.optional(port.groups("group by asset, for group_caps")),
  },
  outputs: {
    points: { kind: "list", description: "[{return, volatility}] by increasing return" },
    min_variance: { kind: "object", description: "{return, volatility, weights}" },
    max_sharpe: { kind: "object", description: "{return, volatility, sharpe, weights} (null when no portfolio beats risk_free)" },
  },
  compute: (params, inputs, ctx) => {
    const cov = inputs.covariance, n = cov.columns.length, S = cov.values;
    checkCovariance(cov, "min_variance");
    const mu = vectorOf(inputs.expected_returns, cov.columns, "expected_returns");
    const c = constraintsOf({ ...params, turnover_limit: null, turnover_penalty: 0 }, cov.columns, inputs.groups, undefined);
    const ret = (w: Float64Array) => { let s = 0; for (let i = 0; i < n; i++) s += mu[i] * w[i]; return s; };
    const vol = (w: Float64Array) => Math.sqrt(Math.max(0, quadForm(S, w, n)));
    const wMin = solvePortfolio(S, n, { kind: "min_variance" }, c, ctx.signal);
    let avgVar = 0;
    for (let i = 0; i < n; i++) avgVar += S[i * n + i] / n;
    const wTop = solvePortfolio(S, n, { kind: "mean_variance", mu, riskAversion: 1e-6 * avgVar }, c, ctx.signal);
    const r0 = ret(wMin), r1 = Math.max(ret(wTop), r0);
    const points: { return: number; volatility: number }[] = [];
    let prev: Float64Array | undefined;
    for (let k = 0; k < params.points; k++) {
      const target = r0 + ((r1 - r0) * k) / (params.points - 1);
      try {
        const w = k === 0 ? wMin : solvePortfolio(S, n, { kind: "efficient_return", mu, target }, c, ctx.signal);
        prev = w;
        points.push({ return: ret(w), volatility: vol(w) });
      } catch {
        if (prev) continue;
      }
      ctx.progress?.((k + 1) / params.points);
    }
    let ms: Record<string, unknown> | null = null;
    try {
      const w = maxSharpeFast(S, n, mu, params.risk_free, c, ctx.signal) ?? maxSharpe(S, n, mu, params.risk_free, c, ctx.signal);
      ms = { return: ret(w), volatility: vol(w), sharpe: (ret(w) - params.risk_free) / vol(w), weights: weightsMap(cov.columns, w) };
    } catch {
      ms = null;
    }
    return {
      points,
      min_variance: { return: r0, volatility: vol(wMin), weights: weightsMap(cov.columns, wMin) },
      max_sharpe: ms,
    };
  },
});
