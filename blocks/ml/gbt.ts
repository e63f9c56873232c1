/**
 * Gradient-boosted trees for binary classification (log loss), as Friedman (2001) and
 * scikit-learn's GradientBoostingClassifier: F_0 = log(prior odds); each stage fits a
 * regression tree to the residuals y - p on (optionally a seeded subsample of) the rows,
 * splitting on the largest squared-error reduction n_l n_r / n (mean_l - mean_r)^2 (the
 * friedman_mse ranking) at midpoints between distinct values, with at least
 * `min_samples_leaf` rows per leaf and at most `max_depth` levels; each leaf then takes
 * the Newton step sum(y - p) / sum(p (1 - p)) (0 when that sum is ~0), and
 * F += learning_rate x leaf. Probability = sigmoid(F).
 * A tree is stored as flat arrays (JSON): feature (-1 for a leaf), threshold, left, right,
 * value; a row goes left when x[feature] <= threshold.
 */
import type { BlockContext } from "../core/block";
import { checkAbort, report, rng, shuffle, sigmoid, type Design, type Progress } from "./common";

export interface Tree { feature: number[]; threshold: number[]; left: number[]; right: number[]; value: number[] }
export interface GbtFit { init: number; trees: Tree[] }
export interface GbtOptions { n_estimators: number; learning_rate: number; max_depth: number; min_samples_leaf: number; subsample: number; seed: number }

/** Row orders sorted by each feature (computed once for all trees). */
function presort(d: Design): Int32Array[] {
  const { X, n, p } = d;
  const out: Int32Array[] = [];
  for (let j = 0; j < p; j++) {
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => X[a * p + j] - X[b * p + j] || a - b);
    out.push(idx);
  }
  return out;
}

function buildTree(d: Design, order: Int32Array[], res: Float64Array, hess: Float64Array, rows: Int32Array, o: GbtOptions): Tree {
  const { X, p } = d;
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const inNode = new Int32Array(d.n).fill(-1); // node id of each sampled row
  const newNode = () => { tree.feature.push(-1); tree.threshold.push(0); tree.left.push(-1); tree.right.push(-1); tree.value.push(0); return tree.feature.length - 1; };
  const leafValue = (members: number[]) => {
    let num = 0, den = 0;
    for (const i of members) { num += res[i]; den += hess[i]; }
    return Math.abs(den) < 1e-150 ? 0 : num / den;
  };
  const grow = (node: number, members: number[], depth: number) => {
    const m = members.length;
    if (depth >= o.max_depth || m < 2 * o.min_samples_leaf) { tree.value[node] = leafValue(members); return; }
    let total = 0;
    for (const i of members) { total += res[i]; inNode[i] = node; }
    let best = 0, bestJ = -1, bestT = 0;
    for (let j = 0; j < p; j++) {
      const ord = order[j];
      let nl = 0, sl = 0, prev = NaN;
      for (let q = 0; q < ord.length; q++) {
        const i = ord[q];
        if (inNode[i] !== node) continue;
        const x = X[i * p + j];
        if (nl >= o.min_samples_leaf && m - nl >= o.min_samples_leaf && x > prev) {
          const nr = m - nl, sr = total - sl;
          const gain = (nl * nr / m) * (sl / nl - sr / nr) ** 2;
          if (gain > best * (1 + 1e-12) + 1e-300) { best = gain; bestJ = j; bestT = prev + (x - prev) / 2; }
        }
        nl++; sl += res[i]; prev = x;
      }
    }
    if (bestJ < 0) { tree.value[node] = leafValue(members); return; }
    const L: number[] = [], R: number[] = [];
    for (const i of members) (X[i * p + bestJ] <= bestT ? L : R).push(i);
    tree.feature[node] = bestJ; tree.threshold[node] = bestT;
    const l = newNode(), r = newNode();
    tree.left[node] = l; tree.right[node] = r;
    grow(l, L, depth + 1);
    grow(r, R, depth + 1);
  };
  grow(newNode(), Array.from(rows), 0);
  return tree;
}

/** Raw score (log-odds contribution) of one tree for row i. */
export function treeValue(t: Tree, X: Float64Array, p: number, i: number): number {
  let node = 0;
  while (t.feature[node] >= 0) node = X[i * p + t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node];
  return t.value[node];
}

export function fitGbt(d: Design, y: Float64Array, o: GbtOptions, ctx?: BlockContext, pr?: Progress): GbtFit {
  const { n, p, X } = d;
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += y[i];
  ybar /= n;
  const clip = Math.min(Math.max(ybar, 1e-12), 1 - 1e-12);
  const init = Math.log(clip / (1 - clip));
  const F = new Float64Array(n).fill(init), res = new Float64Array(n), hess = new Float64Array(n);
  const order = presort(d);
  const rand = rng(o.seed);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const nSub = Math.max(1, Math.round(o.subsample * n));
  const trees: Tree[] = [];
  for (let s = 0; s < o.n_estimators; s++) {
    checkAbort(ctx, "gradient boosting");
    report(pr, s / o.n_estimators);
    for (let i = 0; i < n; i++) { const q = sigmoid(F[i]); res[i] = y[i] - q; hess[i] = q * (1 - q); }
    const rows = o.subsample < 1 ? shuffle(Int32Array.from(all), rand).slice(0, nSub).sort() : all;
    let ord = order;
    if (o.subsample < 1) {
      const keep = new Uint8Array(n);
      for (const i of rows) keep[i] = 1;
      ord = order.map((a) => a.filter((i) => keep[i] === 1));
    }
    const t = buildTree(d, ord, res, hess, rows, o);
    trees.push(t);
    for (let i = 0; i < n; i++) F[i] += o.learning_rate * treeValue(t, X, p, i);
  }
  return { init, trees };
}

export function predictGbt(d: Design, init: number, learningRate: number, trees: Tree[], out = new Float64Array(d.n)): Float64Array {
  const { X, n, p } = d;
  for (let i = 0; i < n; i++) {
    let f = init;
    for (const t of trees) f += learningRate * treeValue(t, X, p, i);
    out[i] = sigmoid(f);
  }
  return out;
}
