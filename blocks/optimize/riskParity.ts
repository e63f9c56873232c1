/**
 * Risk parity (equal risk contributions, or given risk budgets b_i > 0 summing to 1):
 * the long-only w with w_i (Sw)_i / w'Sw = b_i. Solved as the convex problem
 * min 1/2 y'Sy - sum b_i ln y_i (Spinu 2013; Maillard, Roncalli, Teiletche 2010),
 * by cyclical coordinate descent (Griveau-Billion, Richard, Roncalli 2013):
 * y_i = (-(Sy)_{-i} + sqrt((Sy)_{-i}^2 + 4 S_ii b_i)) / (2 S_ii), then w = y / sum y.
 */
export function riskParityWeights(cov: Float64Array, n: number, budgets?: Float64Array, tol = 1e-14, maxSweeps = 10000): Float64Array {
  const b = budgets ?? new Float64Array(n).fill(1 / n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 1 / Math.sqrt(cov[i * n + i]);
  const sy = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += cov[i * n + j] * y[j]; sy[i] = s; }
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let change = 0, scale = 0;
    for (let i = 0; i < n; i++) {
      const sii = cov[i * n + i];
      const other = sy[i] - sii * y[i];
      const yi = (-other + Math.sqrt(other * other + 4 * sii * b[i])) / (2 * sii);
      const d = yi - y[i];
      if (d !== 0) {
        for (let j = 0; j < n; j++) sy[j] += cov[j * n + i] * d;
        y[i] = yi;
      }
      change = Math.max(change, Math.abs(d));
      scale = Math.max(scale, Math.abs(yi));
    }
    if (change <= tol * scale) break;
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += y[i];
  for (let i = 0; i < n; i++) y[i] /= s;
  return y;
}
