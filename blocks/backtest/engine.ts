/**
 * The portfolio backtest kernel of backtest.run, over row-major Float64Array panels
 * (n dates x m assets, NaN for missing). Conventions (shared/CONTRACTS.md, backtest.run):
 *
 * - Equity starts at 1. A weight decided at the close of day t trades at that close and
 *   earns from t+1: day t's return uses the weights held after the trades of t-1.
 * - Between trades holdings drift: w_j <- w_j (1 + r_j) / (1 + R), R the portfolio return;
 *   cash (1 - sum w) earns 0.
 * - Day t's return loses borrow_bps_per_year / 1e4 / 252 x the short gross held from t-1.
 * - On a rebalance date the pending target of every asset becomes that day's target row.
 *   Each asset with a pending target trades toward it at the close; the trade's cost as a
 *   fraction of equity is |traded| x (cost_bps + fixed bps) / 1e4 (+ |traded| x impact with
 *   the participation model) and equity is multiplied by 1 - (sum of costs); weights are
 *   fractions of the equity after costs, so a full fill ends exactly at the target.
 * - A missing price: the asset cannot trade that day (its pending target waits for the next
 *   day with a price); a holding whose price is missing keeps its last value (return 0 that
 *   day) and the next known price is compared with the last known one.
 * - Participation impact (zipline VolumeShareSlippage): share = traded value / (average daily
 *   traded value over `advWindow` dates up to t, volume x close), impact = coeff x share^2, the
 *   fraction of the traded value lost. A trade with no known volume cannot fill.
 * - max participation: a trade fills at most maxParticipation x volume_t x close_t in currency
 *   (equity x capital); the rest stays pending and trades on the next days toward the target,
 *   until it is reached or a new rebalance replaces the target.
 * - Ruin: if a day's return is <= -100%, equity is 0 from then on and nothing more trades.
 */

export interface EngineOptions {
  costBps: number;
  /** Fixed slippage in bps of traded value. */
  slippageBps: number;
  borrowBpsPerYear: number;
  /** Participation impact coefficient, or null for none. */
  impactCoeff: number | null;
  /** Cap on a day's fill as a share of the day's volume, or null for none. */
  maxParticipation: number | null;
  /** Portfolio value in currency at equity 1: converts weights to traded value against volumes. */
  capital: number;
  /** Dates in the average daily traded value of the impact model (1 = that day's bar, as zipline). */
  advWindow: number;
}

export interface EngineResult {
  equity: Float64Array;
  /** returns[t] = equity[t] / equity[t - 1] - 1; returns[0] is NaN (dropped by the block). */
  returns: Float64Array;
  turnover: Float64Array;
  /** Weights after the trades of each close, n x m. */
  holdings: Float64Array;
  /** gross, net, long, short (positive), cash per date, n x 5. */
  exposures: Float64Array;
  trades: { t: number[]; asset: number[]; from: number[]; to: number[]; cost: number[]; unfilled: number[] };
}

const TINY = 1e-12;

/**
 * Run the backtest. `targets` is n x m, the target row in force at each date (used only where
 * `trade[t]` is 1); `volumes` n x m or null.
 */
export function simulatePortfolio(
  prices: Float64Array, n: number, m: number, trade: Uint8Array, targets: Float64Array,
  volumes: Float64Array | null, o: EngineOptions,
): EngineResult {
  const equity = new Float64Array(n), returns = new Float64Array(n), turnover = new Float64Array(n);
  const holdings = new Float64Array(n * m), exposures = new Float64Array(n * 5);
  const trades: EngineResult["trades"] = { t: [], asset: [], from: [], to: [], cost: [], unfilled: [] };
  const w = new Float64Array(m), rj = new Float64Array(m), last = new Float64Array(m).fill(NaN);
  const pending = new Float64Array(m).fill(NaN);
  const borrowRate = o.borrowBpsPerYear / 1e4 / 252;
  const linear = (o.costBps + o.slippageBps) / 1e4;
  const needVolume = o.impactCoeff !== null || o.maxParticipation !== null;
  let E = 1, ruined = false;

  // Only held assets (w != 0) need a return, and their last known price: an asset starts being
  // held at a fill, which needs a price that day, so `last` is set there and kept by the drift
  // pass. `held` lists them in asset order (rebuilt after a day with trades), so a day without
  // trades costs O(held), plus copying the weights row.
  let anyPending = false;
  const held = new Int32Array(m);
  let nHeld = 0;
  for (let t = 0; t < n; t++) {
    const row = t * m;
    if (t > 0 && !ruined) {
      let R = 0, short = 0;
      for (let h = 0; h < nHeld; h++) {
        const j = held[h], wj = w[j];
        const p = prices[row + j], q = last[j];
        const r = p === p && q === q ? p / q - 1 : 0;
        if (p === p) last[j] = p;
        rj[j] = r;
        R += wj * r;
        if (wj < 0) short -= wj;
      }
      R -= borrowRate * short;
      if (1 + R <= 0) {
        ruined = true; E = 0; w.fill(0); pending.fill(NaN); anyPending = false; nHeld = 0;
      } else {
        for (let h = 0; h < nHeld; h++) { const j = held[h]; w[j] = (w[j] * (1 + rj[j])) / (1 + R); }
        E *= 1 + R;
      }
    }

    if (!ruined && (trade[t] || anyPending)) {
      if (trade[t]) for (let j = 0; j < m; j++) pending[j] = targets[row + j];
      let turn = 0, cost = 0;
      anyPending = false;
      for (let j = 0; j < m; j++) {
        const target = pending[j];
        if (target !== target) continue;
        // Nothing held and nothing wanted: done, price or not (a name at 0 does not drift). Else an
        // unpriced name (not listed yet, or gone) would keep every later day in this loop.
        if (target === 0 && w[j] === 0) { pending[j] = NaN; continue; }
        const px = prices[row + j];
        if (px !== px) { anyPending = true; continue; } // no price today: the target waits
        const d = target - w[j];
        if (d === 0) { pending[j] = NaN; continue; }
        let fill = d, impact = 0;
        if (needVolume) {
          const vol = volumes![row + j];
          const value = Math.abs(d) * E * o.capital;
          if (!(vol > 0)) { anyPending = true; continue; } // no volume known: nothing fills today
          if (o.maxParticipation !== null) {
            const capValue = o.maxParticipation * vol * px;
            if (value > capValue) fill = Math.sign(d) * (capValue / (E * o.capital));
          }
          if (o.impactCoeff !== null) {
            const adv = averageTradedValue(prices, volumes!, m, j, t, o.advWindow);
            const share = (Math.abs(fill) * E * o.capital) / adv;
            impact = o.impactCoeff * share * share;
          }
        }
        const c = Math.abs(fill) * (linear + impact);
        const from = w[j];
        w[j] += fill;
        last[j] = px;
        turn += Math.abs(fill);
        cost += c;
        const unfilled = fill === d ? 0 : d - fill;
        if (unfilled === 0) { w[j] = target; pending[j] = NaN; } else anyPending = true;
        if (Math.abs(fill) > TINY) {
          trades.t.push(t); trades.asset.push(j); trades.from.push(from); trades.to.push(w[j]);
          trades.cost.push(c); trades.unfilled.push(unfilled);
        }
      }
      turnover[t] = turn;
      E *= 1 - cost;
      nHeld = 0;
      for (let j = 0; j < m; j++) if (w[j] !== 0) held[nHeld++] = j;
    }
    equity[t] = E;
    // Names not held have weight 0, as the fresh holdings buffer already has.
    let long = 0, short = 0;
    for (let h = 0; h < nHeld; h++) {
      const j = held[h], wj = w[j];
      holdings[row + j] = wj;
      if (wj > 0) long += wj; else if (wj < 0) short -= wj;
    }
    const e = t * 5;
    exposures[e] = long + short; exposures[e + 1] = long - short; exposures[e + 2] = long; exposures[e + 3] = short; exposures[e + 4] = 1 - (long - short);
  }
  for (let t = 1; t < n; t++) returns[t] = equity[t - 1] > 0 ? equity[t] / equity[t - 1] - 1 : 0;
  returns[0] = NaN;
  return { equity, returns, turnover, holdings, exposures, trades };
}

/** Mean of volume x close of asset j over the `window` dates ending at t (missing ones left out). */
function averageTradedValue(prices: Float64Array, volumes: Float64Array, m: number, j: number, t: number, window: number): number {
  let s = 0, k = 0;
  for (let u = Math.max(0, t - window + 1); u <= t; u++) {
    const v = volumes[u * m + j] * prices[u * m + j];
    if (v === v) { s += v; k++; }
  }
  return k ? s / k : NaN;
}
