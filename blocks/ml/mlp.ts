/**
 * A small multilayer perceptron for binary classification: one or two hidden layers
 * (relu or tanh), a sigmoid output, log loss plus scikit-learn's L2 term
 * alpha/2 x sum(W^2) / batch_size, trained by Adam (Kingma & Ba 2015: beta1 0.9,
 * beta2 0.999, eps 1e-8) on shuffled minibatches. Weights start Glorot-uniform
 * (bound sqrt(6 / (fan_in + fan_out)), as scikit-learn's MLPClassifier), biases too;
 * every random draw comes from the seeded PRNG, so the same seed gives the same network.
 * Layers are stored as JSON: W (rows = inputs, columns = outputs) and b.
 */
import type { BlockContext } from "../core/block";
import { checkAbort, report, rng, shuffle, sigmoid, type Design, type Progress } from "./common";

export interface Layer { W: number[][]; b: number[] }
export interface MlpOptions { hidden: number[]; activation: "relu" | "tanh"; alpha: number; learning_rate: number; epochs: number; batch_size: number; seed: number }

interface Dense { nin: number; nout: number; W: Float64Array; b: Float64Array }

const act = (a: "relu" | "tanh", x: number) => (a === "relu" ? (x > 0 ? x : 0) : Math.tanh(x));
/** Derivative from the activation's output h. */
const dact = (a: "relu" | "tanh", h: number) => (a === "relu" ? (h > 0 ? 1 : 0) : 1 - h * h);

function forward(layers: Dense[], a: "relu" | "tanh", x: Float64Array, acts: Float64Array[]): number {
  acts[0] = x;
  for (let l = 0; l < layers.length; l++) {
    const L = layers[l], inp = acts[l], out = acts[l + 1];
    for (let o = 0; o < L.nout; o++) {
      let z = L.b[o];
      for (let i = 0; i < L.nin; i++) z += inp[i] * L.W[i * L.nout + o];
      out[o] = l === layers.length - 1 ? z : act(a, z);
    }
  }
  return sigmoid(acts[layers.length][0]);
}

export function fitMlp(d: Design, y: Float64Array, o: MlpOptions, ctx?: BlockContext, pr?: Progress): Layer[] {
  const { X, n, p } = d;
  const rand = rng(o.seed);
  const sizes = [p, ...o.hidden, 1];
  const layers: Dense[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nin = sizes[l], nout = sizes[l + 1];
    const bound = Math.sqrt((l + 2 === sizes.length ? 2 : 1) * 6 / (nin + nout));
    const W = new Float64Array(nin * nout), b = new Float64Array(nout);
    for (let i = 0; i < W.length; i++) W[i] = (2 * rand() - 1) * bound;
    for (let i = 0; i < nout; i++) b[i] = (2 * rand() - 1) * bound;
    layers.push({ nin, nout, W, b });
  }
  const params = layers.flatMap((L) => [L.W, L.b]);
  const grads = params.map((q) => new Float64Array(q.length));
  const m1 = params.map((q) => new Float64Array(q.length)), m2 = params.map((q) => new Float64Array(q.length));
  const acts = sizes.map((s) => new Float64Array(s));
  const deltas = sizes.map((s) => new Float64Array(s));
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const bs = Math.max(1, Math.min(o.batch_size, n));
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  let step = 0;
  const x = new Float64Array(p);
  for (let e = 0; e < o.epochs; e++) {
    checkAbort(ctx, "MLP training");
    report(pr, e / o.epochs);
    shuffle(order, rand);
    for (let s = 0; s < n; s += bs) {
      const end = Math.min(n, s + bs), m = end - s;
      for (const g of grads) g.fill(0);
      for (let q = s; q < end; q++) {
        const i = order[q];
        for (let j = 0; j < p; j++) x[j] = X[i * p + j];
        const prob = forward(layers, o.activation, x, acts);
        const last = layers.length;
        deltas[last][0] = prob - y[i];
        for (let l = last - 1; l >= 0; l--) {
          const L = layers[l], inp = acts[l], dOut = deltas[l + 1];
          const gW = grads[2 * l], gb = grads[2 * l + 1];
          for (let oo = 0; oo < L.nout; oo++) gb[oo] += dOut[oo];
          for (let ii = 0; ii < L.nin; ii++) {
            let back = 0;
            const xi = inp[ii];
            for (let oo = 0; oo < L.nout; oo++) {
              gW[ii * L.nout + oo] += xi * dOut[oo];
              back += L.W[ii * L.nout + oo] * dOut[oo];
            }
            if (l > 0) deltas[l][ii] = back * dact(o.activation, xi);
          }
        }
      }
      step++;
      const c1 = 1 - b1 ** step, c2 = 1 - b2 ** step;
      for (let k = 0; k < params.length; k++) {
        const P = params[k], G = grads[k], M = m1[k], V = m2[k];
        const isW = k % 2 === 0;
        for (let t = 0; t < P.length; t++) {
          const g = (G[t] + (isW ? o.alpha * P[t] : 0)) / m;
          M[t] = b1 * M[t] + (1 - b1) * g;
          V[t] = b2 * V[t] + (1 - b2) * g * g;
          P[t] -= (o.learning_rate * (M[t] / c1)) / (Math.sqrt(V[t] / c2) + eps);
        }
      }
    }
  }
  return layers.map((L) => ({
    W: Array.from({ length: L.nin }, (_, i) => Array.from(L.W.subarray(i * L.nout, (i + 1) * L.nout))),
    b: Array.from(L.b),
  }));
}

export function predictMlp(d: Design, layersJson: Layer[], activation: "relu" | "tanh", out = new Float64Array(d.n)): Float64Array {
  const layers: Dense[] = layersJson.map((L) => {
    const nin = L.W.length, nout = L.b.length;
    const W = new Float64Array(nin * nout);
    L.W.forEach((row, i) => row.forEach((v, o) => { W[i * nout + o] = v; }));
    return { nin, nout, W, b: Float64Array.from(L.b) };
  });
  const acts = [new Float64Array(d.p), ...layers.map((L) => new Float64Array(L.nout))];
  const x = new Float64Array(d.p);
  for (let i = 0; i < d.n; i++) {
    for (let j = 0; j < d.p; j++) x[j] = d.X[i * d.p + j];
    out[i] = forward(layers, activation, x, acts);
  }
  return out;
}
