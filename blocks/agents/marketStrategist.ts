/**
 * agents.market_strategist: turns a momentum signal into Black-Litterman views.
 * 1. Returns (data.returns) and their Ledoit-Wolf covariance, annualised
 *    (risk.covariance, periods_per_year 252).
 * 2. Momentum (factor.momentum), z-scored across assets (factor.zscore); the signal is
 *    the last date's z_i.
 * 3. One absolute view per asset with |z_i| >= `min_abs_z`:
 *    Q_i = pi_i + view_scale x z_i x sigma_i (a tilt of view_scale Sharpe per unit of z,
 *    sigma_i = sqrt(S_ii) the annual volatility), pi = delta S w_mkt the equilibrium prior (w_mkt normalised; equal weights when no
 *    market weights are given); Idzorek confidence c_i = max_confidence x min(1, |z_i| / 2),
 *    at least 0.05.
 * 4. optimize.portfolio(black_litterman, tau, delta) with those views; the proposal is the
 *    posterior weights, with the views, prior and posterior returns as evidence.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import type { Json } from "../core/json";
import { port } from "../core/ports";
import { agentOutputs, makeProposal, reportOutputs, type AgentReport } from "./proposal";
import { fmt } from "./quantAnalyst";
import { ROLES } from "./roles";
import { ToolBox } from "./toolbox";

export const marketStrategistParams = z.object({
  momentum: z.object({ lookback: z.number().int().min(1).default(126), skip: z.number().int().min(0).default(21) }).default({ lookback: 126, skip: 21 }).describe("factor.momentum params"),
  view_scale: z.number().positive().default(0.25).describe("view tilt in Sharpe units per unit of momentum z-score: Q = prior + view_scale x z x volatility"),
  max_confidence: z.number().gt(0).max(1).default(0.6).describe("Idzorek confidence of a view at |z| >= 2"),
  min_abs_z: z.number().min(0).default(0.5).describe("only signals with |z| at least this become views"),
  tau: z.number().positive().default(0.05),
  delta: z.number().positive().default(2.5).describe("risk aversion of the equilibrium prior"),
});

export const marketStrategistBlock = defineBlock({
  id: "agents.market_strategist",
  title: "Agent: market strategist",
  description: "Turns momentum signals into Black-Litterman views (P, Q, confidences) and proposes the posterior weights of optimize.portfolio; never trades.",
  category: "agents",
  params: marketStrategistParams,
  inputs: {
    prices: port.panel("prices, dates x assets, no nulls"),
    market_weights: port.optional(port.weights("market capitalisation weights (default: equal)")),
  },
  outputs: agentOutputs,
  compute: (params, inputs) => {
    const role = ROLES.market_strategist;
    const tb = new ToolBox(role);
    const prices = inputs.prices;
    const assets = prices.columns;
    const mw: Record<string, number> = inputs.market_weights ?? Object.fromEntries(assets.map((a) => [a, 1 / assets.length]));
    const missing = assets.filter((a) => !(a in mw));
    if (missing.length) throw inputError(["inputs", "market_weights"], `no market weight for ${missing.join(", ")}`);
    const rets = tb.call("data.returns", { method: "simple" }, { prices });
    const cov = tb.call("risk.covariance", { method: "ledoit_wolf", periods_per_year: 252 }, { returns: rets.returns });
    const mom = tb.call("factor.momentum", params.momentum, { prices });
    const zs = tb.call("factor.zscore", {}, { scores: mom.scores });
    const zp = zs.scores as { index: string[]; values: (number | null)[][] };
    const last = zp.values[zp.values.length - 1];
    const asOf = zp.index[zp.index.length - 1];
    if (!last || last.every((x) => x === null)) throw inputError(["inputs", "prices"], `momentum (lookback ${params.momentum.lookback}) is not defined on the last date ${asOf}: give more history`);
    const S = (cov.covariance as { values: number[][] }).values;
    const total = assets.reduce((a, c) => a + mw[c], 0);
    const wm = assets.map((a) => mw[a] / total);
    const pi = S.map((row) => params.delta * row.reduce((s, x, j) => s + x * wm[j], 0));
    const P: number[][] = [], Q: number[] = [], confidences: number[] = [], viewAssets: string[] = [];
    const findings: string[] = [];
    assets.forEach((a, i) => {
      const zi = last[i];
      if (zi === null || Math.abs(zi) < params.min_abs_z) return;
      P.push(assets.map((_, j) => (j === i ? 1 : 0)));
      Q.push(pi[i] + params.view_scale * zi * Math.sqrt(S[i][i]));
      confidences.push(Math.max(0.05, params.max_confidence * Math.min(1, Math.abs(zi) / 2)));
      viewAssets.push(a);
      findings.push(`${a}: momentum z-score ${fmt(zi, 2)} on ${asOf} -> view ${fmt(Q[Q.length - 1], 4)} a year (prior ${fmt(pi[i], 4)}), confidence ${fmt(confidences[confidences.length - 1], 2)}.`);
    });
    if (!P.length) {
      findings.push(`No asset has a momentum |z| of at least ${params.min_abs_z} on ${asOf}: the market portfolio stands, no views.`);
      const proposal = makeProposal(role.id, "target_weights", "No views: hold the market weights.", { weights: Object.fromEntries(assets.map((a, i) => [a, wm[i]])), views: null } as Json);
      return reportOutputs({ agent: role.id, role, tool_calls: tb.calls, findings, proposal });
    }
    const views = { P, Q, confidences };
    const opt = tb.call("optimize.portfolio", { method: "black_litterman", tau: params.tau, delta: params.delta }, { covariance: cov.covariance, market_weights: mw, views });
    const w = opt.weights as Record<string, number>;
    const tilts = assets.map((a, i) => ({ a, d: w[a] - wm[i] })).sort((x, y) => Math.abs(y.d) - Math.abs(x.d) || x.a.localeCompare(y.a));
    findings.push(`Black-Litterman (tau ${params.tau}, delta ${params.delta}) with ${P.length} view${P.length > 1 ? "s" : ""}: largest tilts from the market ${tilts.slice(0, 3).map((t) => `${t.a} ${t.d >= 0 ? "+" : ""}${fmt(t.d * 100, 2)} pts`).join(", ")}.`);
    const payload = { as_of: asOf, weights: w, views: { assets: viewAssets, ...views }, prior_returns: Object.fromEntries(assets.map((a, i) => [a, pi[i]])), posterior_returns: opt.posterior_returns };
    const summary = `Black-Litterman target weights from ${P.length} momentum view${P.length > 1 ? "s" : ""} (${viewAssets.join(", ")}).`;
    const report: AgentReport = { agent: role.id, role, tool_calls: tb.calls, findings, proposal: makeProposal(role.id, "target_weights", summary, payload as unknown as Json) };
    return reportOutputs(report);
  },
});
