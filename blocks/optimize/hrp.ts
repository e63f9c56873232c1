/**
 * Hierarchical Risk Parity (Lopez de Prado, "Building diversified portfolios that
 * outperform out of sample", JPM 2016), as PyPortfolioOpt's HRPOpt computes it:
 *
 * 1. correlation from the covariance, distance sqrt((1 - rho) / 2) clipped to [0, 1];
 * 2. single linkage exactly as scipy's `linkage(d, "single")`: Prim's minimum spanning
 *    tree from asset 0 (ties to the lowest index), edges stably sorted by distance,
 *    cluster ids by union-find (assets 0..n-1, the k-th merge n+k, smaller id on the left);
 * 3. leaf order of `to_tree(Z).pre_order()` (left subtree first);
 * 4. recursive bisection of that ordered list into halves, weights split by
 *    alpha = 1 - V1 / (V1 + V2), V the variance of the inverse-variance portfolio of a half.
 *
 * The covariance is used as given; weights are long-only and sum to 1.
 */

/** scipy single-linkage matrix Z: rows [left, right, distance, size]. */
export function singleLinkage(dist: Float64Array, n: number): Float64Array {
  const z = new Float64Array(Math.max(0, n - 1) * 4);
  const d = new Float64Array(n).fill(Infinity);
  const merged = new Uint8Array(n);
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    let best = Infinity, y = -1;
    merged[x] = 1;
    for (let i = 0; i < n; i++) {
      if (merged[i]) continue;
      const di = dist[x * n + i];
      if (d[i] > di) d[i] = di;
      if (d[i] < best || y < 0) { y = i; best = d[i]; }
    }
    z[k * 4] = x; z[k * 4 + 1] = y; z[k * 4 + 2] = best;
    x = y;
  }
  const order = Array.from({ length: n - 1 }, (_, i) => i).sort((a, b) => z[a * 4 + 2] - z[b * 4 + 2] || a - b);
  const sorted = new Float64Array(z.length);
  order.forEach((src, dst) => { for (let c = 0; c < 4; c++) sorted[dst * 4 + c] = z[src * 4 + c]; });
  // union-find labelling (scipy _hierarchy.label)
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const size = new Int32Array(2 * n - 1).fill(1);
  const find = (a: number) => { let r = a; while (parent[r] !== r) r = parent[r]; while (parent[a] !== r) { const nx = parent[a]; parent[a] = r; a = nx; } return r; };
  let next = n;
  for (let k = 0; k < n - 1; k++) {
    const a = find(sorted[k * 4]), b = find(sorted[k * 4 + 1]);
    sorted[k * 4] = Math.min(a, b); sorted[k * 4 + 1] = Math.max(a, b);
    parent[a] = next; parent[b] = next;
    size[next] = size[a] + size[b];
    sorted[k * 4 + 3] = size[next];
    next++;
  }
  return sorted;
}

/** Leaves of the linkage tree in pre-order (left first), as scipy's to_tree(Z).pre_order(). */
export function preOrder(z: Float64Array, n: number): number[] {
  if (n === 1) return [0];
  const out: number[] = [];
  const stack = [2 * n - 2];
  while (stack.length) {
    const id = stack.pop()!;
    if (id < n) { out.push(id); continue; }
    const k = id - n;
    stack.push(z[k * 4 + 1], z[k * 4]);
  }
  return out;
}

function clusterVariance(cov: Float64Array, n: number, items: number[]): number {
  let s = 0;
  const w = items.map((i) => 1 / cov[i * n + i]);
  for (const x of w) s += x;
  let v = 0;
  for (let a = 0; a < items.length; a++) for (let b = 0; b < items.length; b++) v += (w[a] / s) * (w[b] / s) * cov[items[a] * n + items[b]];
  return v;
}

/**
 * HRP weights (sum 1) in column order. `corr`, when given, replaces the correlation
 * derived from `cov` for the distances (PyPortfolioOpt clusters on pandas' pairwise
 * `returns.corr()`, which differs from cov_ij / sqrt(cov_ii cov_jj) when returns have gaps).
 */
export function hrpWeights(cov: Float64Array, n: number, corr?: Float64Array): Float64Array {
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const rho = corr ? corr[i * n + j] : cov[i * n + j] / Math.sqrt(cov[i * n + i] * cov[j * n + j]);
      dist[i * n + j] = Math.sqrt(Math.min(1, Math.max(0, (1 - rho) / 2)));
    }
  }
  const order = preOrder(singleLinkage(dist, n), n);
  const w = new Float64Array(n).fill(1);
  let clusters: number[][] = [order];
  while (clusters.length) {
    const next: number[][] = [];
    for (const c of clusters) if (c.length > 1) { const h = c.length >> 1; next.push(c.slice(0, h), c.slice(h)); }
    for (let i = 0; i < next.length; i += 2) {
      const v1 = clusterVariance(cov, n, next[i]), v2 = clusterVariance(cov, n, next[i + 1]);
      const alpha = 1 - v1 / (v1 + v2);
      for (const a of next[i]) w[a] *= alpha;
      for (const a of next[i + 1]) w[a] *= 1 - alpha;
    }
    clusters = next;
  }
  return w;
}
