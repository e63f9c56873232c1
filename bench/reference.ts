/**
 * The benchmark pipeline written the plain, obvious way, as a check on the fast path
 * (bench/fast.ts): the CSV parsed by hand into a Map, number[][] panels, textbook loops,
 * Ledoit-Wolf exactly as scikit-learn's code reads, and long-only min variance by a
 * textbook primal active-set method (Nocedal & Wright, Numerical Optimization, 16.5) with
 * Gaussian elimination. Nothing here is shared with the blocks except the parameters.
 *
 * The rules are the contract's (shared/CONTRACTS.md) and backtest.run's for missing prices:
 * - momentum[t] = p[t - 21] / p[t - 252] - 1 (null when either is missing);
 * - winsorize per date at numpy's linear 5% and 95% quantiles, z-score per date (ddof 1);
 * - rebalance at each price date whose next date is in another month, once t >= 252: the
 *   assets with a score at t and a price on each of the 253 dates t-252..t, the best
 *   floor(0.2 x count) (at least 1) by score (ties: column order), Ledoit-Wolf (x 252) of
 *   their 252 daily returns up to t, min w'Sw with w >= 0, sum w = 1;
 * - backtest: holdings drift, a day's return uses the previous close's weights, a target
 *   trades at the rebalance close (an asset without a price that day waits for its next
 *   price), equity x (1 - 10 bps x turnover); an asset with no price keeps its last value.
 */
import { readFileSync } from "node:fs";
import { PIPELINE, type PipelineKpis } from "./fast";

export interface PlainPrices { dates: string[]; symbols: string[]; close: number[][] }

/** Read a long CSV (date,symbol,close,volume) into dates x symbols, NaN where absent. */
export function readLongCsv(file: string): PlainPrices {
  const lines = readFileSync(file, "utf8").split("\n");
  const header = lines[0].split(",");
  const di = header.indexOf("date"), si = header.indexOf("symbol"), ci = header.indexOf("close");
  const cells = new Map<string, Map<string, number>>();
  const symbolSet = new Set<string>();
  for (let k = 1; k < lines.length; k++) {
    if (lines[k] === "") continue;
    const f = lines[k].split(",");
    if (!cells.has(f[di])) cells.set(f[di], new Map());
    cells.get(f[di])!.set(f[si], Number(f[ci]));
    symbolSet.add(f[si]);
  }
  const dates = [...cells.keys()].sort();
  const symbols = [...symbolSet].sort();
  const close = dates.map((d) => symbols.map((s) => cells.get(d)!.get(s) ?? NaN));
  return { dates, symbols, close };
}

/** numpy.quantile(sorted, q), method "linear", with numpy's _lerp. */
function quantile(sorted: number[], q: number): number {
  const n = sorted.length;
  const h = (n - 1) * q;
  if (h >= n - 1) return sorted[n - 1];
  if (h <= 0) return sorted[0];
  const lo = Math.floor(h), g = h - lo, a = sorted[lo], b = sorted[lo + 1];
  return g >= 0.5 ? b - (b - a) * (1 - g) : a + (b - a) * g;
}

export function factorScores(close: number[][]): number[][] {
  const T = close.length, N = close[0].length;
  const scores: number[][] = [];
  for (let t = 0; t < T; t++) {
    const mom: number[] = [];
    for (let j = 0; j < N; j++) mom.push(t < PIPELINE.lookback ? NaN : close[t - PIPELINE.skip][j] / close[t - PIPELINE.lookback][j] - 1);
    const present = mom.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    const lo = quantile(present, PIPELINE.lower), hi = quantile(present, PIPELINE.upper);
    const w = mom.map((x) => (Number.isNaN(x) ? NaN : Math.min(Math.max(x, lo), hi)));
    const vals = w.filter((x) => !Number.isNaN(x));
    const z = w.map(() => NaN);
    if (vals.length >= 2) {
      const mean = vals.reduce((s, x) => s + x, 0) / vals.length;
      const sd = Math.sqrt(vals.reduce((s, x) => s + (x - mean) ** 2, 0) / (vals.length - 1));
      if (sd > 0) w.forEach((x, j) => { if (!Number.isNaN(x)) z[j] = (x - mean) / sd; });
    }
    scores.push(z);
  }
  return scores;
}

/** scikit-learn LedoitWolf().fit(X).covariance_ (assume_centered = False), X: T rows x N. */
export function ledoitWolf(X: number[][]): number[][] {
  const T = X.length, N = X[0].length;
  const mean = Array.from({ length: N }, (_, j) => X.reduce((s, r) => s + r[j], 0) / T);
  const Xc = X.map((r) => r.map((x, j) => x - mean[j]));
  const emp = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => Xc.reduce((s, r) => s + r[i] * r[j], 0) / T));
  if (N === 1) return emp;
  const X2 = Xc.map((r) => r.map((x) => x * x));
  const empTrace = Array.from({ length: N }, (_, j) => X2.reduce((s, r) => s + r[j], 0) / T);
  const mu = empTrace.reduce((s, x) => s + x, 0) / N;
  let betaSum = 0, deltaSum = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let b = 0, d = 0;
      for (let r = 0; r < T; r++) { b += X2[r][i] * X2[r][j]; d += Xc[r][i] * Xc[r][j]; }
      betaSum += b; deltaSum += d * d;
    }
  }
  const delta_ = deltaSum / (T * T);
  let beta = (betaSum / T - delta_) / (N * T);
  const delta = (delta_ - 2 * mu * empTrace.reduce((s, x) => s + x, 0) + N * mu * mu) / N;
  beta = Math.min(beta, delta);
  const shrinkage = beta === 0 ? 0 : beta / delta;
  return emp.map((r, i) => r.map((x, j) => (1 - shrinkage) * x + (i === j ? shrinkage * mu : 0)));
}

/** Solve A x = b by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * min w'Sw subject to sum w = 1, w >= 0: primal active set from the equal weights. On the
 * free set F the equality-constrained minimiser is S_FF^-1 1 / (1' S_FF^-1 1); step towards
 * it until a weight hits 0 (it leaves F); at the minimiser, release the bound with the most
 * negative multiplier (S w)_i - lambda, or stop when none is negative.
 */
export function minVarianceLongOnly(S: number[][]): number[] {
  const n = S.length;
  let w = new Array<number>(n).fill(1 / n);
  const free = new Array<boolean>(n).fill(true);
  for (let iter = 0; iter < 50 * n + 100; iter++) {
    const F = [...Array(n).keys()].filter((i) => free[i]);
    const u = solve(F.map((i) => F.map((j) => S[i][j])), F.map(() => 1));
    const total = u.reduce((s, x) => s + x, 0);
    const target = new Array<number>(n).fill(0);
    F.forEach((i, a) => { target[i] = u[a] / total; });
    const p = target.map((x, i) => x - w[i]);
    if (p.every((x) => Math.abs(x) < 1e-15)) {
      const Sw = S.map((r) => r.reduce((s, x, j) => s + x * w[j], 0));
      const lambda = Sw[F[0]];
      let worst = -1, most = -1e-14 * Math.abs(lambda);
      for (let i = 0; i < n; i++) if (!free[i] && Sw[i] - lambda < most) { most = Sw[i] - lambda; worst = i; }
      if (worst < 0) return w;
      free[worst] = true;
      continue;
    }
    let alpha = 1, block = -1;
    for (const i of F) if (p[i] < 0 && -w[i] / p[i] < alpha) { alpha = -w[i] / p[i]; block = i; }
    w = w.map((x, i) => x + alpha * p[i]);
    if (block >= 0) { free[block] = false; w[block] = 0; }
  }
  throw new Error("minVarianceLongOnly: no convergence");
}

function isMonthEnd(dates: string[], t: number): boolean {
  return t + 1 < dates.length && dates[t].slice(0, 7) !== dates[t + 1].slice(0, 7);
}

/** Target weights by rebalance row (Map row -> weights over all symbols). */
export function rebalanceWeights(close: number[][], dates: string[], scores: number[][]): Map<number, number[]> {
  const N = close[0].length, W = PIPELINE.window;
  const out = new Map<number, number[]>();
  for (let t = W; t < close.length; t++) {
    if (!isMonthEnd(dates, t)) continue;
    const eligible: number[] = [];
    for (let j = 0; j < N; j++) {
      if (Number.isNaN(scores[t][j])) continue;
      let ok = true;
      for (let r = t - W; r <= t; r++) if (!(close[r][j] > 0)) ok = false;
      if (ok) eligible.push(j);
    }
    const w = new Array<number>(N).fill(0);
    if (eligible.length) {
      const ranked = eligible.slice().sort((a, b) => scores[t][b] - scores[t][a] || a - b);
      const chosen = ranked.slice(0, Math.max(1, Math.floor(PIPELINE.topQuantile * eligible.length))).sort((a, b) => a - b);
      const R: number[][] = [];
      for (let r = t - W + 1; r <= t; r++) R.push(chosen.map((j) => close[r][j] / close[r - 1][j] - 1));
      const S = ledoitWolf(R).map((row) => row.map((x) => x * 252));
      const x = chosen.length === 1 ? [1] : minVarianceLongOnly(S);
      chosen.forEach((j, a) => { w[j] = x[a]; });
    }
    out.set(t, w);
  }
  return out;
}

/** Daily portfolio returns (from the second date) and turnover at each date. */
export function backtest(close: number[][], dates: string[], targets: Map<number, number[]>): { returns: number[]; turnover: number[] } {
  const T = close.length, N = close[0].length;
  let w = new Array<number>(N).fill(0);
  const last = close[0].slice();
  let pending: (number | null)[] = new Array(N).fill(null);
  const equity: number[] = [], turnover: number[] = [];
  let E = 1;
  let current: number[] | null = null;
  for (let t = 0; t < T; t++) {
    if (t > 0) {
      const r = w.map((_, j) => (Number.isNaN(close[t][j]) || Number.isNaN(last[j]) ? 0 : close[t][j] / last[j] - 1));
      const R = w.reduce((s, x, j) => s + x * r[j], 0);
      w = w.map((x, j) => (x * (1 + r[j])) / (1 + R));
      E *= 1 + R;
    }
    close[t].forEach((p, j) => { if (!Number.isNaN(p)) last[j] = p; });
    if (targets.has(t)) current = targets.get(t)!;
    if (current && isMonthEnd(dates, t)) pending = current.slice();
    let turn = 0;
    for (let j = 0; j < N; j++) {
      if (pending[j] === null || Number.isNaN(close[t][j])) continue;
      turn += Math.abs(pending[j]! - w[j]);
      w[j] = pending[j]!;
      pending[j] = null;
    }
    E *= 1 - (turn * PIPELINE.costBps) / 1e4;
    equity.push(E);
    turnover.push(turn);
  }
  const returns = equity.slice(1).map((e, k) => e / equity[k] - 1);
  return { returns, turnover };
}

/** empyrical's KPIs and the historical VaR / ES, written out. */
export function kpisOf(returns: number[], turnover: number[], rebalances: number, days: number, assets: number): PipelineKpis {
  const n = returns.length, A = PIPELINE.periodsPerYear;
  const mean = returns.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(returns.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const growth = returns.reduce((g, x) => g * (1 + x), 1);
  const cagr = growth ** (A / n) - 1;
  const downside = Math.sqrt(returns.reduce((s, x) => s + Math.min(x, 0) ** 2, 0) / n);
  let peak = 1, level = 1, mdd = 0;
  for (const x of returns) { level *= 1 + x; peak = Math.max(peak, level); mdd = Math.min(mdd, level / peak - 1); }
  const gains = returns.filter((x) => x > 0), losses = returns.filter((x) => x < 0);
  const sorted = returns.slice().sort((a, b) => a - b);
  const q = quantile(sorted, 1 - PIPELINE.confidence);
  const tail = sorted.filter((x) => x <= q);
  const traded = turnover.filter((x) => x > 0);
  const undefinedIfBad = (x: number) => (Number.isFinite(x) ? x : NaN);
  return {
    total_return: growth - 1, cagr, volatility: sd * Math.sqrt(A), sharpe: undefinedIfBad((mean / sd) * Math.sqrt(A)),
    sortino: undefinedIfBad((mean * A) / (downside * Math.sqrt(A))), max_drawdown: mdd, calmar: mdd < 0 ? cagr / -mdd : NaN,
    win_rate: gains.length / n, profit_factor: losses.length ? gains.reduce((s, x) => s + x, 0) / Math.abs(losses.reduce((s, x) => s + x, 0)) : NaN,
    best: sorted[n - 1], worst: sorted[0], var_95: -q, es_95: -(tail.reduce((s, x) => s + x, 0) / tail.length),
    avg_turnover: traded.length ? traded.reduce((s, x) => s + x, 0) / traded.length : 0, rebalances, days, assets,
  };
}

/** The whole pipeline, plainly, on a long CSV file. */
export function referencePipeline(file: string): PipelineKpis {
  const { dates, symbols, close } = readLongCsv(file);
  const scores = factorScores(close);
  const targets = rebalanceWeights(close, dates, scores);
  const { returns, turnover } = backtest(close, dates, targets);
  return kpisOf(returns, turnover, targets.size, dates.length, symbols.length);
}
