/**
 * Shared plumbing of the ml.* models: a seeded PRNG (mulberry32), the standard scaler
 * (mean and population std of the training rows, as scikit-learn's StandardScaler),
 * the sigmoid, and the cancellation / progress hooks of BlockContext.
 */
import type { BlockContext } from "../core/block";
import { BlockError } from "../core/errors";
import { mulberry32 } from "../core/random";

/** The seeded PRNG of the ml.* models (mulberry32). */
export const rng = mulberry32;

/** A design matrix: n rows x p features, row-major, no NaN. */
export interface Design { X: Float64Array; n: number; p: number }


/** In-place Fisher-Yates shuffle with a seeded PRNG. */
export function shuffle(a: Int32Array, rand: () => number): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const x = a[i]; a[i] = a[j]; a[j] = x;
  }
  return a;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export interface Scaler { mean: number[]; scale: number[] }

/** Mean and population std per feature; a constant feature gets scale 1 (as scikit-learn). */
export function fitScaler(d: Design): Scaler {
  const { X, n, p } = d;
  const mean = new Array<number>(p).fill(0), scale = new Array<number>(p).fill(0);
  for (let j = 0; j < p; j++) {
    let mu = 0;
    for (let i = 0; i < n; i++) mu += X[i * p + j];
    mu /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (X[i * p + j] - mu) ** 2;
    const sd = Math.sqrt(ss / n);
    mean[j] = mu; scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mu)) ? sd : 1;
  }
  return { mean, scale };
}

export function applyScaler(d: Design, s: Scaler | null): Design {
  if (!s) return d;
  const { X, n, p } = d;
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) out[i * p + j] = (X[i * p + j] - s.mean[j]) / s.scale[j];
  return { X: out, n, p };
}

/** Throw when the run was cancelled. */
export function checkAbort(ctx: BlockContext | undefined, what: string): void {
  if (ctx?.signal?.aborted) throw new BlockError("internal-error", "Cancelled", `${what} was cancelled`);
}

/** Progress in [a, b] of a sub-task, for nested loops (folds x iterations). */
export interface Progress { ctx?: BlockContext; from: number; to: number }
export function report(pr: Progress | undefined, fraction: number): void {
  if (pr?.ctx?.progress) pr.ctx.progress(pr.from + (pr.to - pr.from) * Math.min(1, Math.max(0, fraction)));
}
