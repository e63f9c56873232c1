/**
 * backtest.run: a portfolio backtest of target weights on a price panel, exactly as
 * shared/CONTRACTS.md "backtest.run" says (see engine.ts for every rule).
 *
 * Inputs: prices (Panel), weights (Panel of target weights; the target traded on a
 * rebalance date is the latest weights row dated on or before it, rows with only nulls are
 * skipped, a null weight in a row is 0, a price column without a weights column has target
 * 0), optional volumes (Panel in shares, same dates as prices).
 * Params: rebalance (daily, weekly, monthly or ISO dates), cost_bps, slippage
 * {model: none | fixed_bps | participation | zipline, bps, impact_coeff, volume_window},
 * borrow_bps_per_year, max_participation, capital.
 *
 * Slippage:
 * - fixed_bps: `bps` added to cost_bps per unit of turnover.
 * - participation: each fill of traded value V = |dw| x equity x capital loses
 *   V x impact_coeff x (V / ADV)^2, ADV = mean of volume x close over the last
 *   `volume_window` dates up to the trade date (1: that day's bar, as zipline's
 *   VolumeShareSlippage, whose fill price is close x (1 +- impact x volume_share^2)).
 * - zipline: participation with impact_coeff 0.1 and, unless given, max_participation
 *   0.025 (zipline's default volume_limit of 2.5% of the bar's volume).
 * Outputs: equity (1 on the first date when nothing trades there), returns (from the second
 * date), turnover (per date), trades (date, asset, from, to, traded, cost, unfilled),
 * exposures (gross, net, long, short, cash), holdings (weights after each close's trades),
 * kpis = metrics.performance(returns, 252, 0).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { panel, series, type Panel, type Table } from "../core/values";
import { performance } from "../metrics/performance";
import { simulatePortfolio, type EngineOptions, type EngineResult } from "./engine";
import { rebalanceMask, type Rebalance } from "./schedule";

export const slippageSchema = z.object({
  model: z.enum(["none", "fixed_bps", "participation", "zipline"]).default("none").describe("none; fixed_bps: `bps` per unit of turnover; participation: impact_coeff x (traded value / daily traded value)^2; zipline: participation with impact 0.1 and a 2.5% volume cap"),
  bps: z.number().min(0).default(0).describe("fixed_bps: slippage in basis points of traded value"),
  impact_coeff: z.number().min(0).default(0.1).describe("participation: price impact coefficient (zipline 0.1)"),
  volume_window: z.number().int().min(1).default(1).describe("participation: dates averaged in the daily traded value (1 = the trade day's bar, as zipline)"),
});

export const backtestParams = z.object({
  rebalance: z.union([z.enum(["daily", "weekly", "monthly"]), z.array(z.string()).min(1)], { error: 'rebalance is "daily", "weekly", "monthly" or a list of ISO dates' }).default("daily")
    .describe("daily: every price date; weekly / monthly: last price date of each ISO week / month; or a list of ISO dates (each trades on the first price date on or after it)"),
  cost_bps: z.number().min(0).default(0).describe("transaction cost in basis points of traded value"),
  slippage: slippageSchema.prefault({}).describe("slippage model"),
  borrow_bps_per_year: z.number().min(0).default(0).describe("borrow fee on the short gross, basis points per year (charged / 252 per day)"),
  max_participation: z.number().positive().max(1).nullable().default(null).describe("largest share of a day's volume one trade may take; the rest carries to the next day (needs volumes)"),
  capital: z.number().positive().default(1_000_000).describe("portfolio value in currency at equity 1, to compare trades with volumes"),
});
export type BacktestParams = z.output<typeof backtestParams>;

/** Engine options from the block's params (the zipline preset resolved). */
export function engineOptions(p: BacktestParams): EngineOptions {
  const s = p.slippage;
  const participation = s.model === "participation" || s.model === "zipline";
  return {
    costBps: p.cost_bps,
    slippageBps: s.model === "fixed_bps" ? s.bps : 0,
    borrowBpsPerYear: p.borrow_bps_per_year,
    impactCoeff: participation ? (s.model === "zipline" ? 0.1 : s.impact_coeff) : null,
    maxParticipation: p.max_participation ?? (s.model === "zipline" ? 0.025 : null),
    capital: p.capital,
    advWindow: s.volume_window,
  };
}

/**
 * The target row in force at each price date (n x m) and whether one exists. With `only`,
 * rows are filled only where only[t] is 1 (the engine reads targets on trade dates alone).
 */
export function alignTargets(prices: Panel, weights: Panel, only?: Uint8Array): { targets: Float64Array; has: Uint8Array } {
  const n = prices.index.length, m = prices.columns.length, k = weights.columns.length;
  const col = new Int32Array(k);
  const where = new Map(prices.columns.map((c, j) => [c, j]));
  weights.columns.forEach((c, i) => {
    const j = where.get(c);
    if (j === undefined) throw inputError(["inputs", "weights", "columns", i], `"${c}" is not a column of prices (${prices.columns.slice(0, 8).join(", ")}${m > 8 ? ", ..." : ""})`);
    col[i] = j;
  });
  const targets = new Float64Array(n * m), has = new Uint8Array(n);
  let r = -1, used = -1;
  for (let t = 0; t < n; t++) {
    while (r + 1 < weights.index.length && weights.index[r + 1] <= prices.index[t]) {
      r++;
      const row = weights.values.subarray(r * k, (r + 1) * k);
      if (row.some((x) => x === x)) used = r;
    }
    if (used < 0) continue;
    has[t] = 1;
    if (only && !only[t]) continue;
    for (let i = 0; i < k; i++) {
      const x = weights.values[used * k + i];
      targets[t * m + col[i]] = x === x ? x : 0;
    }
  }
  return { targets, has };
}

/** Volumes in the price panel's column order; same dates required. */
function alignVolumes(prices: Panel, volumes: Panel): Float64Array {
  const n = prices.index.length, m = prices.columns.length, k = volumes.columns.length;
  if (volumes.index.length !== n || volumes.index.some((d, t) => d !== prices.index[t])) {
    throw inputError(["inputs", "volumes", "index"], "volumes must have the same dates as prices");
  }
  const where = new Map(volumes.columns.map((c, i) => [c, i]));
  const out = new Float64Array(n * m);
  prices.columns.forEach((c, j) => {
    const i = where.get(c);
    if (i === undefined) throw inputError(["inputs", "volumes", "columns"], `volumes have no column "${c}"`);
    for (let t = 0; t < n; t++) out[t * m + j] = volumes.values[t * k + i];
  });
  return out;
}

/** Run backtest.run on in-memory values. */
export function runBacktest(prices: Panel, weights: Panel, volumes: Panel | undefined, p: BacktestParams): EngineResult {
  const n = prices.index.length, m = prices.columns.length;
  if (n === 0) throw inputError(["inputs", "prices", "index"], "prices have no dates");
  const v = prices.values;
  for (let i = 0; i < v.length; i++) {
    if (v[i] <= 0) throw inputError(["inputs", "prices", "values", Math.floor(i / m), i % m], `price of ${prices.columns[i % m]} is ${v[i]}: prices must be > 0`);
  }
  const o = engineOptions(p);
  if ((o.impactCoeff !== null || o.maxParticipation !== null) && !volumes) {
    throw inputError(["inputs", "volumes"], `volumes are required by slippage model "${p.slippage.model}"${p.max_participation !== null ? " and max_participation" : ""}`);
  }
  const vol = volumes && (o.impactCoeff !== null || o.maxParticipation !== null) ? alignVolumes(prices, volumes) : null;
  const mask = rebalanceMask(prices.index, p.rebalance as Rebalance);
  const { targets, has } = alignTargets(prices, weights, mask);
  const trade = new Uint8Array(n);
  for (let t = 0; t < n; t++) trade[t] = mask[t] & has[t];
  return simulatePortfolio(prices.values, n, m, trade, targets, vol, o);
}

function tradesTable(r: EngineResult, dates: Int32Array, assets: string[]): Table {
  const tr = r.trades;
  return {
    kind: "table",
    columns: {
      date: Int32Array.from(tr.t, (t) => dates[t]),
      asset: tr.asset.map((j) => assets[j]),
      from: Float64Array.from(tr.from),
      to: Float64Array.from(tr.to),
      traded: Float64Array.from(tr.to, (x, i) => x - tr.from[i]),
      cost: Float64Array.from(tr.cost),
      unfilled: Float64Array.from(tr.unfilled),
    },
    types: { date: "date", asset: "string", from: "number", to: "number", traded: "number", cost: "number", unfilled: "number" },
    rowCount: tr.t.length,
  };
}

export const backtestRunBlock = defineBlock({
  id: "backtest.run",
  title: "Backtest",
  description: "Backtest of target weights: trades at the decision close and earns from the next day, holdings drift between rebalances, costs, slippage (fixed or volume participation), borrow fees and volume caps; equity, returns, turnover, trades, exposures and KPIs.",
  category: "backtest",
  params: backtestParams,
  inputs: {
    prices: port.panel("prices, dates x assets (> 0, null when missing)"),
    weights: port.panel("target weights, rows dated on their decision dates"),
    volumes: port.optional(port.panel("traded volume in shares, same dates as prices")),
  },
  outputs: {
    equity: { kind: "series", description: "portfolio value, 1 at the start" },
    returns: { kind: "series", description: "equity[t] / equity[t-1] - 1, from the second date" },
    turnover: { kind: "series", description: "sum of |traded weight| at each close" },
    trades: { kind: "table", description: "date, asset, from, to, traded, cost (fraction of equity), unfilled" },
    exposures: { kind: "panel", description: "gross, net, long, short (positive) and cash after each close" },
    holdings: { kind: "panel", description: "weights after each close's trades" },
    kpis: { kind: "object", description: "metrics.performance(returns, 252, 0)" },
  },
  compute: (params, inputs) => {
    const { prices } = inputs;
    const r = runBacktest(prices, inputs.weights, inputs.volumes, params);
    const returns = r.returns.slice(1);
    return {
      equity: series(prices.index, r.equity),
      returns: series(prices.index.slice(1), returns),
      turnover: series(prices.index, r.turnover),
      trades: tradesTable(r, prices.index, prices.columns),
      exposures: panel(prices.index, ["gross", "net", "long", "short", "cash"], r.exposures),
      holdings: panel(prices.index, prices.columns.slice(), r.holdings),
      kpis: performance(returns, 252, 0),
    };
  },
});
