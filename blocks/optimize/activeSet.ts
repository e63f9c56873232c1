/**
 * A primal active-set solver for the QPs of long-only (or boxed long-short) portfolios:
 *
 *     minimise  1/2 x'Px + q'x   subject to  lb <= x <= ub (finite),  a'x = b
 *
 * with P symmetric positive definite (dense, row-major). This is the shape of min
 * variance and mean-variance with bounds and a budget, and, through the parametric
 * path in maxSharpeBox, of max Sharpe: PyPortfolioOpt's cvxpy route is reported to
 * fail above ~300 assets; this one solves 2,000.
 *
 * Method (Nocedal & Wright, Numerical Optimization, 2nd ed., algorithm 16.3; Cholesky
 * updates after Gill, Golub, Murray & Saunders, "Methods for modifying matrix
 * factorizations", Math. Comp. 1974): the working set fixes every variable at a bound
 * except the free set F. Each iteration solves the equality-constrained QP on F with
 * the Cholesky factor L of P_FF (range-space method: two triangular solve pairs and a
 * 1 x 1 Schur complement for the budget row), steps towards it until a free variable
 * hits a bound (which joins the working set: L loses a row, restored by Givens
 * rotations, O(k^2)), and at a stationary point releases the variable whose bound
 * multiplier has the wrong sign (L gains a row, O(k^2)). The gradient Px + q is updated
 * by axpys over the rows of P of the free variables (O(nk)) and recomputed every 64
 * iterations. Starting from a vertex (the guess projected onto the budget hyperplane),
 * long-only portfolios hold few names, so the work is O(k^2 n) with k the number held,
 * not O(n^3).
 *
 * The answer is accepted only after an independent KKT check (fresh gradient; free
 * variables share one multiplier, bound multipliers have the right sign, to 1e-9 of
 * the gradient's scale). Anything else (iteration cap, a pivot lost to rounding)
 * returns null and the caller falls back to the general ADMM solver (qp.ts).
 */

const REFRESH = 64;

export interface BoxQP {
  n: number;
  P: Float64Array;
  lb: Float64Array;
  ub: Float64Array;
  /** coefficients of the one equality row a'x = b */
  a: Float64Array;
  b: number;
}

export interface BoxQPOptions { maxIter?: number; signal?: AbortSignal }

/**
 * The solver state: x, gradient g = Px + q, the free set and the Cholesky factor of
 * P_FF. Reusable across q's (warm start from the previous answer) for parametric use.
 */
export class BoxActiveSet {
  readonly n: number;
  readonly x: Float64Array;
  readonly g: Float64Array;
  q: Float64Array;
  /** multiplier of the equality row at the last solution */
  lambda = 0;
  iterations = 0;
  /** free variables in factor order, k of them */
  readonly F: Int32Array;
  k = 0;
  /** -1 at lower bound, +1 at upper bound, 0 free, 2 fixed (lb = ub) */
  readonly state: Int8Array;
  private cap = 0;
  private L = new Float64Array(0);
  private readonly pos: Int32Array;
  private readonly prob: BoxQP;
  private readonly u: Float64Array;
  private readonly v: Float64Array;
  private readonly w: Float64Array;
  private readonly p: Float64Array;

  constructor(prob: BoxQP) {
    const n = prob.n;
    this.prob = prob;
    this.n = n;
    this.x = new Float64Array(n);
    this.g = new Float64Array(n);
    this.q = new Float64Array(n);
    this.F = new Int32Array(n);
    this.pos = new Int32Array(n).fill(-1);
    this.state = new Int8Array(n);
    this.u = new Float64Array(n);
    this.v = new Float64Array(n);
    this.w = new Float64Array(n);
    this.p = new Float64Array(n);
  }

  /** Quick feasibility: min a'x <= b <= max a'x over the box. */
  feasible(): boolean {
    const { n, a, lb, ub, b } = this.prob;
    let lo = 0, hi = 0;
    for (let i = 0; i < n; i++) {
      if (!(Number.isFinite(lb[i]) && Number.isFinite(ub[i])) || lb[i] > ub[i]) return false;
      lo += Math.min(a[i] * lb[i], a[i] * ub[i]);
      hi += Math.max(a[i] * lb[i], a[i] * ub[i]);
    }
    const tol = 1e-12 * Math.max(1, Math.abs(b));
    return lo <= b + tol && b - tol <= hi;
  }

  /**
   * Start from the projection of `guess` onto {lb <= x <= ub, a'x = b} along a
   * (x = clip(guess - tau a)); variables strictly inside are free.
   */
  start(guess: Float64Array): void {
    const { n, a, lb, ub, b } = this.prob;
    const x = this.x;
    const at = (tau: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += a[i] * Math.min(ub[i], Math.max(lb[i], guess[i] - tau * a[i]));
      return s;
    };
    // a'x(tau) is nonincreasing in tau: bracket, then bisect.
    let lo = -1, hi = 1;
    while (at(lo) < b && lo > -1e300) lo *= 4;
    while (at(hi) > b && hi < 1e300) hi *= 4;
    for (let it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo), Math.abs(hi)); it++) {
      const mid = 0.5 * (lo + hi);
      if (at(mid) > b) lo = mid; else hi = mid;
    }
    const tau = 0.5 * (lo + hi);
    for (let i = 0; i < n; i++) x[i] = Math.min(ub[i], Math.max(lb[i], guess[i] - tau * a[i]));
    this.setWorkingSet();
  }

  /**
   * Start at a vertex: every variable at its lower bound, then variables raised to their
   * upper bound in increasing order of `score` until a'x = b (a > 0 on movable variables).
   */
  startVertex(score: Float64Array): boolean {
    const { n, a, lb, ub, b } = this.prob;
    const x = this.x;
    let r = b;
    const order: number[] = [];
    for (let i = 0; i < n; i++) {
      x[i] = lb[i];
      r -= a[i] * lb[i];
      if (lb[i] < ub[i]) { if (!(a[i] > 0)) return false; order.push(i); }
    }
    order.sort((i, j) => score[i] - score[j]);
    for (const i of order) {
      if (r <= 0) break;
      const room = a[i] * (ub[i] - lb[i]);
      if (room >= r) { x[i] = lb[i] + r / a[i]; r = 0; } else { x[i] = ub[i]; r -= room; }
    }
    this.setWorkingSet();
    return true;
  }

  /** Warm start from a feasible x (e.g. the previous answer): keep it, re-read the working set. */
  startFrom(x0: Float64Array): void {
    this.x.set(x0);
    this.setWorkingSet();
  }

  private setWorkingSet(): void {
    const { n, a, lb, ub } = this.prob;
    const x = this.x;
    this.k = 0;
    this.pos.fill(-1);
    let firstMovable = -1;
    for (let i = 0; i < n; i++) {
      if (lb[i] === ub[i]) { this.state[i] = 2; x[i] = lb[i]; continue; }
      if (firstMovable < 0 && a[i] !== 0) firstMovable = i;
      if (x[i] <= lb[i]) { x[i] = lb[i]; this.state[i] = -1; } else if (x[i] >= ub[i]) { x[i] = ub[i]; this.state[i] = 1; } else this.state[i] = 0;
    }
    const free: number[] = [];
    for (let i = 0; i < n; i++) if (this.state[i] === 0) free.push(i);
    // The equality row needs a free variable with a nonzero coefficient.
    if (!free.some((i) => a[i] !== 0) && firstMovable >= 0) { free.push(firstMovable); this.state[firstMovable] = 0; }
    this.factorFree(free);
  }

  private ensureCap(k: number): void {
    if (k <= this.cap) return;
    const cap = Math.min(this.n, Math.max(k, 2 * this.cap, 32));
    const L = new Float64Array(cap * cap);
    for (let r = 0; r < this.k; r++) L.set(this.L.subarray(r * this.cap, r * this.cap + r + 1), r * cap);
    this.L = L;
    this.cap = cap;
  }

  /** Fresh factor of P_FF for the given free list (appending one by one is O(k^3) too, but a block factor is faster). */
  private factorFree(free: number[]): void {
    const { P, n } = this.prob;
    const k = free.length;
    this.k = 0;
    this.ensureCap(k);
    const cap = this.cap, L = this.L;
    for (let r = 0; r < k; r++) {
      const i = free[r];
      this.F[r] = i;
      this.pos[i] = r;
      const o = r * cap, pi = i * n;
      for (let c = 0; c <= r; c++) L[o + c] = P[pi + free[c]];
    }
    if (!choleskyStrided(L, k, cap)) throw new FactorLost();
    this.k = k;
  }

  /** Solve P_FF y = rhs (length k) with the factor, in place. */
  private solveFF(y: Float64Array): void {
    const k = this.k, cap = this.cap, L = this.L;
    for (let i = 0; i < k; i++) {
      const o = i * cap;
      let s = y[i];
      for (let c = 0; c < i; c++) s -= L[o + c] * y[c];
      y[i] = s / L[o + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      const o = i * cap;
      const yi = y[i] / L[o + i];
      y[i] = yi;
      for (let c = 0; c < i; c++) y[c] -= L[o + c] * yi;
    }
  }

  /** Add variable j at the end of F: L gains one row (forward solve, O(k^2)). */
  private addFree(j: number): boolean {
    const { P, n } = this.prob;
    const k = this.k;
    this.ensureCap(k + 1);
    const cap = this.cap, L = this.L, o = k * cap, pj = j * n;
    let d = P[pj + j];
    for (let i = 0; i < k; i++) {
      const oi = i * cap;
      let s = P[pj + this.F[i]];
      for (let c = 0; c < i; c++) s -= L[oi + c] * L[o + c];
      s /= L[oi + i];
      L[o + i] = s;
      d -= s * s;
    }
    if (!(d > 1e-14 * P[pj + j])) return false;
    L[o + k] = Math.sqrt(d);
    this.F[k] = j;
    this.pos[j] = k;
    this.k = k + 1;
    this.state[j] = 0;
    return true;
  }

  /** Remove the free variable at factor position r: shift rows up, restore triangularity with Givens rotations. */
  private dropFree(r: number): void {
    const k = this.k, cap = this.cap, L = this.L;
    for (let i = r + 1; i < k; i++) L.copyWithin((i - 1) * cap, i * cap, i * cap + i + 1);
    for (let c = r; c < k - 1; c++) {
      const oc = c * cap, x = L[oc + c], y = L[oc + c + 1];
      if (y === 0) continue;
      const h = Math.hypot(x, y), cs = x / h, sn = y / h;
      for (let i = c; i < k - 1; i++) {
        const oi = i * cap, lc = L[oi + c], ld = L[oi + c + 1];
        L[oi + c] = cs * lc + sn * ld;
        L[oi + c + 1] = cs * ld - sn * lc;
      }
      L[oc + c + 1] = 0;
    }
    for (let i = r; i < k - 1; i++) { this.F[i] = this.F[i + 1]; this.pos[this.F[i]] = i; }
    this.pos[this.F[k - 1]] = -1;
    this.k = k - 1;
  }

  private refreshGradient(): void {
    const { P, n } = this.prob;
    const x = this.x, g = this.g;
    for (let i = 0; i < n; i++) {
      const o = i * n;
      let s = this.q[i];
      for (let j = 0; j < n; j++) s += P[o + j] * x[j];
      g[i] = s;
    }
  }

  /**
   * Direction of the equality-constrained QP on F for the right-hand side `rhs`
   * (P_FF d = -rhs_F + lam a_F, a_F'd = resid). Writes d into this.p (length k), returns lam.
   */
  private eqp(rhs: Float64Array, resid: number): number {
    const k = this.k, a = this.prob.a, u = this.u, v = this.v, p = this.p;
    for (let r = 0; r < k; r++) { const i = this.F[r]; u[r] = rhs[i]; v[r] = a[i]; }
    this.solveFF(u);
    this.solveFF(v);
    let av = 0, au = 0;
    for (let r = 0; r < k; r++) { const ai = a[this.F[r]]; av += ai * v[r]; au += ai * u[r]; }
    const lam = av > 0 ? (resid + au) / av : 0;
    for (let r = 0; r < k; r++) p[r] = lam * v[r] - u[r];
    return lam;
  }

  /** Solve for the current q from the current (feasible) x and working set. True on success. */
  solve(opts: BoxQPOptions = {}): boolean {
    const { n, P, a, b, lb, ub } = this.prob;
    const x = this.x, g = this.g, p = this.p;
    const maxIter = opts.maxIter ?? 20 * n + 200;
    try {
      this.refreshGradient();
      let sinceRefresh = 0, stationary = false, fresh = false, lastReleased = -1;
      for (let it = 0; it < maxIter; it++) {
        this.iterations++;
        if (opts.signal?.aborted) return false;
        if (sinceRefresh >= REFRESH) { this.refreshGradient(); sinceRefresh = 0; stationary = false; }
        if (!stationary) {
          let resid = b, size = Math.abs(b);
          for (let i = 0; i < n; i++) { const t = a[i] * x[i]; resid -= t; size += Math.abs(t); }
          if (Math.abs(resid) <= 1e-14 * size) resid = 0; // rounding: do not let it push a lone free variable out
          const lam = this.eqp(g, resid);
          // Step towards the EQP minimum until a free variable meets a bound.
          let alpha = 1, block = -1, side = 0;
          for (let r = 0; r < this.k; r++) {
            const i = this.F[r], pr = p[r];
            if (pr < 0) { const t = (x[i] - lb[i]) / -pr; if (t < alpha) { alpha = t; block = r; side = -1; } } else if (pr > 0) { const t = (ub[i] - x[i]) / pr; if (t < alpha) { alpha = t; block = r; side = 1; } }
          }
          if (alpha > 0) {
            for (let r = 0; r < this.k; r++) {
              const i = this.F[r], c = alpha * p[r];
              if (c === 0) continue;
              x[i] += c;
              const o = i * n;
              for (let j = 0; j < n; j++) g[j] += c * P[o + j];
            }
            sinceRefresh++;
          }
          if (block >= 0 && this.k === 1) {
            // The one free variable meets a bound: keep it free (degenerate) so the equality row keeps a variable.
            const i = this.F[0];
            x[i] = side < 0 ? lb[i] : ub[i];
            block = -1;
          }
          if (block >= 0) {
            const i = this.F[block];
            x[i] = side < 0 ? lb[i] : ub[i];
            this.state[i] = side as -1 | 1;
            this.dropFree(block);
            fresh = false;
            if (alpha === 0 && i === lastReleased) return false; // released and blocked at once: degenerate, give up
            continue;
          }
          this.lambda = lam;
          stationary = true;
        }
        // Stationary on the working set: check the bound multipliers mu_i = g_i - lambda a_i.
        let scale = 0;
        for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(g[i]));
        const tol = 1e-12 * Math.max(scale, 1e-300);
        let worst = tol, j = -1;
        for (let i = 0; i < n; i++) {
          const s = this.state[i];
          if (s === 0 || s === 2) continue;
          const mu = g[i] - this.lambda * a[i];
          const bad = s === -1 ? -mu : mu;
          if (bad > worst) { worst = bad; j = i; }
        }
        if (j < 0) {
          if (!fresh) { this.refreshGradient(); sinceRefresh = 0; fresh = true; stationary = false; continue; }
          for (let i = 0; i < n; i++) x[i] = Math.min(ub[i], Math.max(lb[i], x[i]));
          return this.kktHolds();
        }
        if (!this.addFree(j)) return false;
        lastReleased = j;
        stationary = false;
        fresh = false;
      }
      return false;
    } catch (e) {
      if (e instanceof FactorLost) return false;
      throw e;
    }
  }

  /** Independent KKT check with a fresh gradient (1e-9 of the gradient's scale; equality to 1e-12). */
  kktHolds(): boolean {
    const { n, a, b, lb, ub } = this.prob;
    const x = this.x, g = this.g;
    this.refreshGradient();
    let num = 0, den = 0, scale = 0, ax = 0, xs = 1;
    for (let i = 0; i < n; i++) {
      scale = Math.max(scale, Math.abs(g[i]));
      ax += a[i] * x[i];
      xs = Math.max(xs, Math.abs(a[i] * x[i]));
      if (this.state[i] === 0) { num += a[i] * g[i]; den += a[i] * a[i]; }
    }
    if (!(Math.abs(ax - b) <= 1e-12 * xs * Math.max(1, Math.sqrt(n)))) return false;
    const lam = den > 0 ? num / den : this.lambda;
    this.lambda = lam;
    const tol = 1e-9 * Math.max(scale, 1e-300);
    for (let i = 0; i < n; i++) {
      if (x[i] < lb[i] || x[i] > ub[i]) return false;
      const mu = g[i] - lam * a[i], s = this.state[i];
      if (s === 0 && Math.abs(mu) > tol) return false;
      if (s === -1 && mu < -tol) return false;
      if (s === 1 && mu > tol) return false;
    }
    return true;
  }

  /**
   * Sensitivity of the current solution to q -> q + s dq (same working set):
   * returns dx (zero off F) and dlambda, with P_FF dx_F = -dq_F + dlambda a_F, a_F'dx_F = 0.
   */
  sensitivity(dq: Float64Array): { dx: Float64Array; dlambda: number } {
    const lam = this.eqp(dq, 0);
    const dx = new Float64Array(this.n);
    for (let r = 0; r < this.k; r++) dx[this.F[r]] = this.p[r];
    return { dx, dlambda: lam };
  }
}

class FactorLost extends Error {}

/**
 * Independent KKT check of x for min 1/2 x'Px + q'x on {lb <= x <= ub, sum x = net}
 * (the budget row of ones), reading the active set off x: variables strictly inside
 * share one gradient value lambda, those at the lower bound have gradient >= lambda,
 * at the upper bound <= lambda, all to `tol` x the largest |gradient|.
 */
export function boxBudgetKkt(P: Float64Array, n: number, q: Float64Array, lb: Float64Array, ub: Float64Array, x: Float64Array, tol: number): boolean {
  const g = new Float64Array(n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    if (!(x[i] >= lb[i] && x[i] <= ub[i])) return false;
    let s = q[i];
    const o = i * n;
    for (let j = 0; j < n; j++) s += P[o + j] * x[j];
    g[i] = s;
    scale = Math.max(scale, Math.abs(s));
  }
  const eps = tol * Math.max(scale, 1e-300);
  // lambda must lie in [max over "can go down" g, min over "can go up" g]; inside variables pin it.
  let lo = -Infinity, hi = Infinity;
  for (let i = 0; i < n; i++) {
    const room = 1e-12 * Math.max(1, ub[i] - lb[i]);
    if (x[i] > lb[i] + room) lo = Math.max(lo, g[i]); // may decrease: g_i <= lambda
    if (x[i] < ub[i] - room) hi = Math.min(hi, g[i]); // may increase: g_i >= lambda
  }
  return lo <= hi + eps;
}

/** In-place Cholesky of the leading k x k block of a row-major matrix with row stride `cap`. */
function choleskyStrided(l: Float64Array, k: number, cap: number): boolean {
  for (let i = 0; i < k; i++) {
    const ri = i * cap;
    for (let j = 0; j <= i; j++) {
      const rj = j * cap;
      let s = l[ri + j];
      for (let c = 0; c < j; c++) s -= l[ri + c] * l[rj + c];
      if (i === j) {
        if (!(s > 0)) return false;
        l[ri + i] = Math.sqrt(s);
      } else l[ri + j] = s / l[rj + j];
    }
  }
  return true;
}

/**
 * Solve min 1/2 x'Px + q'x on {lb <= x <= ub, a'x = b}; null when the active-set
 * method cannot certify an answer (the caller then uses the general solver).
 * Without x0 the start is a vertex: assets filled to their upper bound by increasing
 * 1/2 P_ii h^2 + q_i h (h = their room), the cheapest alone first.
 */
export function solveBoxQP(prob: BoxQP, q: Float64Array, opts: BoxQPOptions & { x0?: Float64Array } = {}): { x: Float64Array; lambda: number; iterations: number } | null {
  const s = new BoxActiveSet(prob);
  if (!s.feasible()) return null;
  s.q.set(q);
  if (opts.x0) {
    // A feasible guess (e.g. the last rebalance's weights, rescaled) keeps its zeros, so the
    // free set starts small; anything else is projected onto the constraints first.
    const { n, a, lb, ub, b } = prob, x0 = opts.x0;
    let ax = 0, inside = true;
    for (let i = 0; i < n; i++) { ax += a[i] * x0[i]; if (!(x0[i] >= lb[i] && x0[i] <= ub[i])) inside = false; }
    if (inside && Math.abs(ax - b) <= 1e-12 * Math.max(1, Math.abs(b))) s.startFrom(x0);
    else s.start(x0);
  } else {
    const { n, P, lb, ub } = prob;
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) { const h = Math.min(ub[i] - lb[i], Math.abs(prob.b)); score[i] = 0.5 * P[i * n + i] * h * h + q[i] * h; }
    if (!s.startVertex(score)) s.start(new Float64Array(n));
  }
  if (!s.solve(opts)) return null;
  return { x: s.x.slice(), lambda: s.lambda, iterations: s.iterations };
}
