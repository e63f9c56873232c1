/**
 * Optimizer scale benchmark (issue 4.5): long-only min variance and max Sharpe with
 * bounds [0, 0.05] on a seeded random factor-model covariance (10 factors plus
 * idiosyncratic variance, annualized), for 100 / 500 / 1000 / 2000 assets.
 *
 * Prints, per size and method, the median wall time (performance.now, seconds) of the
 * whole optimize.portfolio computation (optimizePortfolio: the positive-definite check
 * plus the solve), the positive-definite check alone, and the KKT residual of the
 * answer (max over assets of the violated first-order condition, relative to the
 * largest gradient entry), so a fast wrong answer shows.
 *
 *   npx tsx bench/optimizer.ts [sizes comma separated, default 100,500,1000,2000] [runs, default 3]
 *
 * The machine is shared: read medians, and say whether it was loaded.
 */
import { performance as clock } from "node:perf_hooks";
import { matrix, type Weights } from "../blocks/core/values";
import { mulberry32 as rng } from "../blocks/core/random";
import { isPositiveDefinite } from "../blocks/optimize/linalg";
import { optimizePortfolio, portfolioParams } from "../blocks/optimize/portfolio";


/** Normal draws by Box-Muller. */
function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** S = B F B' + D with K factors (annualized scale), and expected returns mu = B f + noise. */
export function factorModel(n: number, seed: number, K = 10): { S: Float64Array; mu: Float64Array } {
  const r = rng(seed);
  const B = new Float64Array(n * K), fvar = new Float64Array(K);
  for (let k = 0; k < K; k++) fvar[k] = k === 0 ? 0.03 : 0.002 + 0.01 * r();
  for (let i = 0; i < n; i++) {
    B[i * K] = 0.5 + r();
    for (let k = 1; k < K; k++) B[i * K + k] = 0.6 * normal(r);
  }
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += B[i * K + k] * fvar[k] * B[j * K + k];
      S[i * n + j] = s; S[j * n + i] = s;
    }
    S[i * n + i] += 0.01 + 0.09 * r() ** 2;
  }
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) mu[i] = 0.02 + 0.04 * B[i * K] + 0.03 * normal(r);
  return { S, mu };
}

/** Max relative violation of the KKT conditions of min w'Sw - t mu'w over {sum w = 1, lo <= w <= hi}. */
export function kktResidual(S: Float64Array, n: number, w: Float64Array, lo: number, hi: number, mu: Float64Array | null, rf = 0): number {
  const g = new Float64Array(n);
  let v = 0, er = 0;
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += S[i * n + j] * w[j]; g[i] = s; v += w[i] * s; if (mu) er += mu[i] * w[i]; }
  const t = mu ? v / (er - rf) : 0; // max Sharpe: the mean-variance point with risk tolerance sigma^2 / excess return
  let scale = 0;
  for (let i = 0; i < n; i++) { if (mu) g[i] -= t * mu[i]; scale = Math.max(scale, Math.abs(g[i])); }
  const tol = 1e-9;
  let lambda = NaN;
  for (let i = 0; i < n; i++) if (w[i] > lo + tol && w[i] < hi - tol) { lambda = g[i]; break; }
  if (Number.isNaN(lambda)) return NaN;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const d = g[i] - lambda;
    if (w[i] > lo + tol && w[i] < hi - tol) worst = Math.max(worst, Math.abs(d));
    else if (w[i] <= lo + tol) worst = Math.max(worst, -d);
    else worst = Math.max(worst, d);
  }
  return worst / scale;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const sizes = (process.argv[2] ?? "100,500,1000,2000").split(",").map(Number);
  const runs = Number(process.argv[3] ?? 3);
  console.log(`optimizer benchmark: factor model (10 factors), bounds [0, 0.05], median of ${runs} run(s), seconds`);
  console.log("assets  method        total    pd-check  held  at-cap  kkt-residual");
  for (const n of sizes) {
    const { S, mu } = factorModel(n, 42 + n);
    const cols = Array.from({ length: n }, (_, j) => `A${j}`);
    const cov = matrix(cols, S);
    const er: Weights = {};
    cols.forEach((c, i) => { er[c] = mu[i]; });
    const pd: number[] = [];
    for (let k = 0; k < runs; k++) { const t0 = clock.now(); isPositiveDefinite(S, n); pd.push((clock.now() - t0) / 1000); }
    for (const method of ["min_variance", "max_sharpe"] as const) {
      const times: number[] = [];
      let w: Float64Array = new Float64Array(n);
      for (let k = 0; k < runs; k++) {
        const p = portfolioParams.parse({ method, bounds: [0, 0.05] });
        const t0 = clock.now();
        w = optimizePortfolio(p, { covariance: cov, expected_returns: er }).weights;
        times.push((clock.now() - t0) / 1000);
      }
      const held = w.reduce((s, v) => s + (v > 1e-9 ? 1 : 0), 0);
      const cap = w.reduce((s, v) => s + (v > 0.05 - 1e-9 ? 1 : 0), 0);
      const kkt = kktResidual(S, n, w, 0, 0.05, method === "max_sharpe" ? mu : null);
      console.log(`${String(n).padStart(6)}  ${method.padEnd(12)} ${median(times).toFixed(3).padStart(7)}  ${median(pd).toFixed(3).padStart(8)}  ${String(held).padStart(4)}  ${String(cap).padStart(6)}  ${kkt.toExponential(1)}`);
    }
  }
}

if (process.argv[1] && process.argv[1].endsWith("optimizer.ts")) main();
