/**
 * optimize.portfolio: portfolio weights from a covariance matrix (and expected
 * returns where the method needs them), per shared/CONTRACTS.md.
 *
 * Methods: equal_weight, inverse_volatility (w ~ 1/sigma_i), min_variance, max_sharpe,
 * mean_variance (max mu'w - ra/2 w'Sw), efficient_return (mu'w = target_return),
 * efficient_risk (max mu'w with volatility <= target_volatility), risk_parity (equal
 * risk contributions or `risk_budgets`), black_litterman, hrp, min_cvar (Rockafellar-Uryasev
 * CVaR LP over the scenarios of the `returns` input, confidence `beta`; cvar.ts). Heuristic methods
 * (equal_weight, inverse_volatility, risk_parity, hrp) and black_litterman are scaled to
 * `net` and do not apply bounds or other constraints.
 *
 * Units follow the inputs: an annualized covariance and annual expected returns give
 * annual diagnostics; `risk_free` is in the same units as expected returns.
 * Diagnostics: expected_return mu'w (null without mu), volatility sqrt(w'Sw),
 * sharpe (er - rf)/vol (null when undefined), risk_contributions w_i (Sw)_i / w'Sw and,
 * with groups, group_risk_contributions (their sums by group).
 */
import { z } from "zod";
import { defineBlock, type BlockContext } from "../core/block";
import { BlockError, inputError, paramError } from "../core/errors";
import { port } from "../core/ports";
import { matrix, type Groups, type Matrix, type Panel, type Weights } from "../core/values";
import { blackLitterman } from "./blackLitterman";
import { minCvar, scenarioMatrix } from "./cvar";
import { hrpWeights } from "./hrp";
import { isPositiveDefinite, matVec } from "./linalg";
import { efficientRisk, maxSharpe, solvePortfolio, type Constraints } from "./meanVariance";
import { maxSharpeFast } from "./maxSharpeBox";
import { riskParityWeights } from "./riskParity";

export const METHODS = ["equal_weight", "inverse_volatility", "min_variance", "max_sharpe", "mean_variance", "efficient_return",
  "efficient_risk", "risk_parity", "black_litterman", "hrp", "min_cvar"] as const;
export type Method = (typeof METHODS)[number];
const NEEDS_PD: ReadonlySet<Method> = new Set(["min_variance", "max_sharpe", "mean_variance", "efficient_return", "efficient_risk", "risk_parity", "black_litterman"]);
const NEEDS_MU: ReadonlySet<Method> = new Set(["max_sharpe", "mean_variance", "efficient_return", "efficient_risk"]);

export const constraintParams = {
  bounds: z.tuple([z.number(), z.number()]).default([0, 1]).describe("[lower, upper] bound of every weight"),
  net: z.number().default(1).describe("sum of weights"),
  gross: z.number().positive().nullable().default(null).describe("max sum of |weights| (e.g. 1.6 for 130/30); null: no limit"),
  max_weight: z.number().positive().nullable().default(null).describe("max |weight| per asset; null: no limit"),
  group_caps: z.record(z.string(), z.number()).default({}).describe("{group: max sum of weights}, groups from the `groups` input"),
  max_names: z.number().int().positive().nullable().default(null).describe("max number of held assets (a heuristic: solve, keep the largest, solve again)"),
  turnover_limit: z.number().nonnegative().nullable().default(null).describe("max sum |w - current_weights|"),
  turnover_penalty: z.number().nonnegative().default(0).describe("objective cost per unit of sum |w - current_weights|"),
};

export const portfolioParams = z.object({
  method: z.enum(METHODS).default("min_variance").describe(`one of ${METHODS.join(", ")}`),
  ...constraintParams,
  risk_free: z.number().default(0).describe("risk-free rate, in the units of expected_returns"),
  risk_aversion: z.number().positive().default(1).describe("mean_variance: maximise mu'w - (risk_aversion/2) w'Sw"),
  target_return: z.number().nullable().default(null).describe("efficient_return: mu'w = target_return"),
  target_volatility: z.number().positive().nullable().default(null).describe("efficient_risk: sqrt(w'Sw) <= target_volatility"),
  tau: z.number().positive().default(0.05).describe("black_litterman: uncertainty of the prior"),
  delta: z.number().positive().default(1).describe("black_litterman: risk aversion of the prior"),
  beta: z.number().gt(0).lt(1).default(0.95).describe("min_cvar: confidence level of the CVaR (0.95: the mean of the worst 5% of scenarios)"),
});
export type PortfolioParams = z.output<typeof portfolioParams>;

export const viewsSchema = z.object({
  P: z.array(z.array(z.number())).describe("K views x N assets, in the covariance's column order"),
  Q: z.array(z.number()).describe("K expected view returns"),
  omega: z.union([z.array(z.array(z.number())), z.array(z.number())]).optional().describe("K x K view uncertainty (or its diagonal)"),
  confidences: z.array(z.number()).optional().describe("Idzorek confidences in (0, 1], one per view"),
});

export interface PortfolioInputs {
  covariance: Matrix;
  expected_returns?: Weights;
  market_weights?: Weights;
  views?: z.output<typeof viewsSchema>;
  groups?: Groups;
  current_weights?: Weights;
  risk_budgets?: Weights;
  correlation?: Matrix;
  returns?: Panel;
  tau?: number;
  delta?: number;
}

/** A weights map as a vector in column order; every asset must be present. */
export function vectorOf(map: Weights, columns: string[], name: string, fill: number | null = null): Float64Array {
  const v = new Float64Array(columns.length);
  columns.forEach((c, i) => {
    const x = map[c];
    if (x === undefined) {
      if (fill === null) throw inputError(["inputs", name, c], `${name} has no value for ${c}`);
      v[i] = fill;
    } else v[i] = x;
  });
  return v;
}

export function constraintsOf(p: z.output<z.ZodObject<typeof constraintParams>>, columns: string[], groups: Groups | undefined, current: Weights | undefined): Constraints {
  let [lo, hi] = p.bounds;
  if (p.max_weight !== null) { hi = Math.min(hi, p.max_weight); lo = Math.max(lo, -p.max_weight); }
  let groupOf: Int32Array | null = null;
  const groupNames: string[] = [];
  const groupCaps = new Map<number, number>();
  if (groups) {
    const idx = new Map<string, number>();
    groupOf = new Int32Array(columns.length).fill(-1);
    columns.forEach((c, i) => {
      const g = groups[c];
      if (g === undefined) return;
      if (!idx.has(g)) { idx.set(g, groupNames.length); groupNames.push(g); }
      groupOf![i] = idx.get(g)!;
    });
    for (const [g, cap] of Object.entries(p.group_caps)) {
      if (!idx.has(g)) throw paramError(["params", "group_caps", g], `group ${g} has no asset in the groups input`);
      groupCaps.set(idx.get(g)!, cap);
    }
  } else if (Object.keys(p.group_caps).length) {
    throw inputError(["inputs", "groups"], "group_caps need the groups input");
  }
  const wantsTurnover = p.turnover_limit !== null || p.turnover_penalty > 0;
  if (wantsTurnover && !current) throw inputError(["inputs", "current_weights"], "turnover_limit / turnover_penalty need current_weights");
  return {
    lo, hi, net: p.net, gross: p.gross, groupOf, groupNames, groupCaps, maxNames: p.max_names,
    current: wantsTurnover ? vectorOf(current!, columns, "current_weights", 0) : null,
    turnoverLimit: p.turnover_limit, turnoverPenalty: p.turnover_penalty,
  };
}

/**
 * `built`: the caller built the matrix symmetric and positive definite (optimize.rolling's
 * Ledoit-Wolf estimate with shrinkage), so the O(n^2) symmetry and O(n^3) definiteness tests are skipped.
 */
export function checkCovariance(cov: Matrix, method: string, built = false): void {
  const n = cov.columns.length, s = cov.values;
  if (n === 0) throw inputError(["inputs", "covariance"], "the covariance has no assets");
  if (built) return;
  for (let i = 0; i < n; i++) {
    if (!(s[i * n + i] >= 0)) throw inputError(["inputs", "covariance", "values", i, i], `variance of ${cov.columns[i]} is negative`);
    for (let j = 0; j < i; j++) {
      if (Math.abs(s[i * n + j] - s[j * n + i]) > 1e-10 * Math.max(Math.abs(s[i * n + j]), Math.abs(s[i * n + i]), 1e-300)) {
        throw inputError(["inputs", "covariance", "values", i, j], `the covariance is not symmetric at (${cov.columns[i]}, ${cov.columns[j]})`);
      }
    }
  }
  if (NEEDS_PD.has(method as Method) && !isPositiveDefinite(s, n)) {
    throw new BlockError("singular-problem", "Singular covariance",
      `the covariance is not positive definite (smallest eigenvalue <= 1e-12 x largest), so ${method} is not well posed: duplicate assets or fewer dates than assets? Use risk.covariance with method ledoit_wolf`,
      [{ path: ["inputs", "covariance"], message: "not positive definite" }]);
  }
  if ((method === "inverse_volatility" || method === "hrp") && s.some((_, k) => k % (n + 1) === 0 && !(s[k] > 0))) {
    throw inputError(["inputs", "covariance"], `${method} needs every variance > 0`);
  }
}

export interface Diagnostics {
  expected_return: number | null;
  volatility: number;
  sharpe: number | null;
  risk_contributions: Weights;
  group_risk_contributions?: Weights;
}

export function diagnostics(S: Float64Array, columns: string[], w: Float64Array, mu: Float64Array | null, rf: number, groups?: Groups): Diagnostics {
  const n = columns.length;
  const sw = matVec(S, w, n);
  let v = 0;
  for (let i = 0; i < n; i++) v += w[i] * sw[i];
  const vol = Math.sqrt(Math.max(0, v));
  let er: number | null = null;
  if (mu) { er = 0; for (let i = 0; i < n; i++) er += mu[i] * w[i]; }
  const rc: Weights = {};
  columns.forEach((c, i) => { rc[c] = v > 0 ? (w[i] * sw[i]) / v : 0; });
  const out: Diagnostics = { expected_return: er, volatility: vol, sharpe: er !== null && vol > 0 ? (er - rf) / vol : null, risk_contributions: rc };
  if (groups) {
    const g: Weights = {};
    columns.forEach((c) => { const k = groups[c] ?? "(none)"; g[k] = (g[k] ?? 0) + rc[c]; });
    out.group_risk_contributions = g;
  }
  return out;
}

export interface PortfolioResult { weights: Float64Array; mu: Float64Array | null; extra: Record<string, unknown>; cvar?: number }

/**
 * What a caller that optimizes again and again (optimize.rolling) knows: the covariance is
 * positive definite by construction, and a guess of the weights to warm-start the QP from
 * (the answer does not depend on it).
 */
export interface SolveHints { positiveDefinite?: boolean; start?: Float64Array }

/** Compute weights (column order) for a method; throws BlockError for bad or infeasible problems. */
export function optimizePortfolio(p: PortfolioParams, inputs: PortfolioInputs, ctx: BlockContext = {}, hints: SolveHints = {}): PortfolioResult {
  const cov = inputs.covariance, columns = cov.columns, n = columns.length, S = cov.values;
  checkCovariance(cov, p.method, hints.positiveDefinite);
  let mu: Float64Array | null = inputs.expected_returns ? vectorOf(inputs.expected_returns, columns, "expected_returns") : null;
  if (NEEDS_MU.has(p.method) && !mu) throw inputError(["inputs", "expected_returns"], `${p.method} needs expected_returns`);
  const c = constraintsOf(p, columns, inputs.groups, inputs.current_weights);
  const scaled = (w: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i];
    for (let i = 0; i < n; i++) w[i] *= p.net / s;
    return w;
  };
  const extra: Record<string, unknown> = {};
  let w: Float64Array;
  switch (p.method) {
    case "equal_weight": w = new Float64Array(n).fill(p.net / n); break;
    case "inverse_volatility": w = scaled(Float64Array.from({ length: n }, (_, i) => 1 / Math.sqrt(S[i * n + i]))); break;
    case "hrp": {
      let corr: Float64Array | undefined;
      if (inputs.correlation) {
        const cm = inputs.correlation;
        if (cm.columns.length !== n || cm.columns.some((c, i) => c !== columns[i])) throw inputError(["inputs", "correlation", "columns"], "correlation must have the covariance's columns, in the same order");
        corr = cm.values;
      }
      w = scaled(hrpWeights(S, n, corr));
      break;
    }
    case "risk_parity": {
      let budgets: Float64Array | undefined;
      if (inputs.risk_budgets) {
        budgets = vectorOf(inputs.risk_budgets, columns, "risk_budgets");
        let s = 0;
        for (let i = 0; i < n; i++) { if (!(budgets[i] > 0)) throw inputError(["inputs", "risk_budgets", columns[i]], "risk budgets must be > 0"); s += budgets[i]; }
        for (let i = 0; i < n; i++) budgets[i] /= s;
      }
      w = scaled(riskParityWeights(S, n, budgets));
      break;
    }
    case "min_variance": w = solvePortfolio(S, n, { kind: "min_variance" }, c, ctx.signal, hints.start); break;
    case "mean_variance": w = solvePortfolio(S, n, { kind: "mean_variance", mu: mu!, riskAversion: p.risk_aversion }, c, ctx.signal, hints.start); break;
    case "efficient_return":
      if (p.target_return === null) throw paramError(["params", "target_return"], "efficient_return needs target_return");
      w = solvePortfolio(S, n, { kind: "efficient_return", mu: mu!, target: p.target_return }, c, ctx.signal);
      break;
    case "efficient_risk":
      if (p.target_volatility === null) throw paramError(["params", "target_volatility"], "efficient_risk needs target_volatility");
      w = efficientRisk(S, n, mu!, p.target_volatility, c, ctx.signal);
      break;
    case "min_cvar": {
      if (!inputs.returns) throw inputError(["inputs", "returns"], "min_cvar needs returns (a Panel of scenario returns, one column per asset)");
      const { R, T } = scenarioMatrix(inputs.returns, columns);
      const res = minCvar(R, T, n, p.beta, c, ctx.signal);
      w = res.weights;
      for (let i = 0; i < n; i++) if (Math.abs(w[i]) < 1e-15) w[i] = 0;
      return { weights: w, mu, extra, cvar: res.cvar };
    }
    case "max_sharpe": w = maxSharpeFast(S, n, mu!, p.risk_free, c, ctx.signal) ?? maxSharpe(S, n, mu!, p.risk_free, c, ctx.signal); break;
    case "black_litterman": {
      if (!inputs.market_weights) throw inputError(["inputs", "market_weights"], "black_litterman needs market_weights");
      if (!inputs.views) throw inputError(["inputs", "views"], "black_litterman needs views {P, Q}");
      const wm = vectorOf(inputs.market_weights, columns, "market_weights", 0);
      const v = inputs.views, k = v.Q.length;
      if (v.P.length !== k) throw inputError(["inputs", "views", "P"], `P has ${v.P.length} rows but Q has ${k} views`);
      const P = new Float64Array(k * n);
      v.P.forEach((r, a) => {
        if (r.length !== n) throw inputError(["inputs", "views", "P", a], `view ${a} has ${r.length} numbers, expected ${n} (one per covariance column)`);
        r.forEach((x, j) => { P[a * n + j] = x; });
      });
      let omega: Float64Array | null = null;
      if (v.omega) {
        omega = new Float64Array(k * k);
        if (v.omega.length !== k) throw inputError(["inputs", "views", "omega"], `omega needs ${k} rows (or ${k} diagonal values)`);
        v.omega.forEach((r, a) => {
          if (typeof r === "number") omega![a * k + a] = r;
          else { if (r.length !== k) throw inputError(["inputs", "views", "omega", a], `omega row ${a} needs ${k} numbers`); r.forEach((x, b) => { omega![a * k + b] = x; }); }
        });
      }
      let conf: Float64Array | null = null;
      if (!omega && v.confidences) {
        if (v.confidences.length !== k) throw inputError(["inputs", "views", "confidences"], `need ${k} confidences, one per view`);
        v.confidences.forEach((x, a) => { if (!(x > 0 && x <= 1)) throw inputError(["inputs", "views", "confidences", a], "a confidence is in (0, 1]"); });
        conf = Float64Array.from(v.confidences);
      }
      const tau = inputs.tau ?? p.tau, delta = inputs.delta ?? p.delta;
      const bl = blackLitterman(S, n, wm, P, Float64Array.from(v.Q), k, tau, delta, p.net, omega, conf);
      w = bl.weights;
      if (!mu) mu = bl.mu;
      const post: Weights = {};
      columns.forEach((col, i) => { post[col] = bl.mu[i]; });
      const prior: Weights = {};
      columns.forEach((col, i) => { prior[col] = bl.prior[i]; });
      extra.posterior_returns = post;
      extra.prior_returns = prior;
      extra.posterior_covariance = matrix(columns.slice(), bl.covariance);
      break;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(w[i])) throw new BlockError("no-solution", "No solution", `${p.method} produced no finite weight for ${columns[i]}`);
    if (Math.abs(w[i]) < 1e-15) w[i] = 0;
  }
  return { weights: w, mu, extra };
}

export function weightsMap(columns: string[], w: Float64Array): Weights {
  const out: Weights = {};
  columns.forEach((c, i) => { out[c] = w[i]; });
  return out;
}

export const portfolioBlock = defineBlock({
  id: "optimize.portfolio",
  title: "Portfolio optimizer",
  description: "Weights by equal weight, inverse volatility, min variance, max Sharpe, mean-variance, efficient return or risk, risk parity, Black-Litterman or HRP, with bounds, net, gross, max weight, group caps, max names and turnover; diagnostics with risk contributions.",
  category: "optimize",
  params: portfolioParams,
  inputs: {
    covariance: port.matrix("covariance of returns, assets x assets"),
    expected_returns: port.optional(port.weights("expected return by asset (max_sharpe, mean_variance, efficient_*)")),
    market_weights: port.optional(port.weights("black_litterman: market capitalisation weights")),
    views: port.optional(port.json(viewsSchema, "black_litterman views {P, Q, omega or confidences}")),
    tau: port.optional(port.number("black_litterman: tau (overrides params.tau)")),
    delta: port.optional(port.number("black_litterman: delta (overrides params.delta)")),
    groups: port.optional(port.groups("group (sector) by asset, for group_caps and group risk contributions")),
    current_weights: port.optional(port.weights("current holdings, for turnover_limit / turnover_penalty")),
    risk_budgets: port.optional(port.weights("risk_parity: risk budget by asset (normalised)")),
    correlation: port.optional(port.matrix("hrp: correlation for the clustering distances (default: from the covariance)")),
    returns: port.optional(port.panel("min_cvar: scenario returns, dates x assets (one column per covariance column; rows with a null are dropped)")),
  },
  outputs: {
    weights: { kind: "weights", description: "weight by asset, in the covariance's column order" },
    diagnostics: { kind: "object", description: "expected_return, volatility, sharpe, risk_contributions, group_risk_contributions; min_cvar: cvar (positive loss at beta, one period)" },
    posterior_returns: { kind: "weights", description: "black_litterman only: posterior expected returns" },
    posterior_covariance: { kind: "matrix", description: "black_litterman only: posterior covariance" },
  },
  compute: (params, inputs, ctx) => {
    const res = optimizePortfolio(params, inputs as PortfolioInputs, ctx);
    const cov = inputs.covariance;
    return {
      weights: weightsMap(cov.columns, res.weights),
      diagnostics: res.cvar === undefined ? diagnostics(cov.values, cov.columns, res.weights, res.mu, params.risk_free, inputs.groups)
        : { ...diagnostics(cov.values, cov.columns, res.weights, res.mu, params.risk_free, inputs.groups), cvar: res.cvar },
      ...res.extra,
    };
  },
});
