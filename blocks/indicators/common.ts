/**
 * Shared plumbing of the ta.* blocks: the period parameters, the `series` port that
 * also takes a Panel (the indicator then runs column by column), and the checks of
 * shared/CONTRACTS.md "ta.*": a Series input must have no nulls (exit 2); in a Panel a
 * column may start with nulls (an asset listed later), the indicator then starts at its
 * first value, but a null after that is bad input.
 */
import { z } from "zod";
import { inputError, type PathItem } from "../core/errors";
import { panelFromJson, seriesFromJson, type PanelJson, type SeriesJson } from "../core/json";
import { panelJsonSchema, seriesJsonSchema, type Port } from "../core/ports";
import { isPanel, isSeries, panel, series, type Panel, type Series } from "../core/values";

/** TA-Lib's zero tests (ta_utility.h, released versions 0.4-0.6): |v| < 1e-8. */
export const TA_EPSILON = 1e-8;

/**
 * Run a kernel a few times on a short series, at module load. V8 allocates a function's
 * feedback vector lazily, once it has run a while: a kernel whose first call is on a long
 * series runs its prologue before that, and the optimized code compiled during the call
 * then lacks the prologue's feedback, deoptimizes on the next call and may stay in slower
 * code (RSI over 1,000,000 points: 30-45 ms instead of 10-11 ms, about one run in two).
 * A few calls on 256 points fill the feedback first; they cost microseconds.
 */
export function primeKernel(run: (x: Float64Array) => void): void {
  const x = new Float64Array(256);
  for (let i = 0; i < x.length; i++) x[i] = 100 + 10 * Math.sin(i / 7) + (i % 3);
  for (let r = 0; r < 3; r++) run(x);
}

/** An integer period >= `min` (2 for most indicators), with an optional default. */
export function periodSchema(description: string, min = 2) {
  return z.number().int().min(min).max(100_000).describe(description);
}

export type SeriesOrPanel = Series | Panel;

function isPanelJson(v: unknown): boolean {
  return typeof v === "object" && v !== null && "columns" in v;
}

/**
 * A `series` port that also accepts a Panel (dates x assets): the indicator is then
 * applied to every column. Its kind stays "series" for the graph view.
 */
export function seriesOrPanelPort(description: string): Port<SeriesOrPanel> {
  const json = z.union([seriesJsonSchema, panelJsonSchema]);
  return {
    kind: "series",
    description,
    optional: false,
    json,
    accept(v: unknown, path: PathItem[]): SeriesOrPanel {
      if (isSeries(v) || isPanel(v)) return v;
      if (isPanelJson(v)) {
        const r = panelJsonSchema.safeParse(v);
        if (!r.success) throw inputError([...path, ...(r.error.issues[0].path as PathItem[])], r.error.issues[0].message);
        return panelFromJson(r.data as PanelJson, path);
      }
      const r = seriesJsonSchema.safeParse(v);
      if (!r.success) throw inputError([...path, ...(r.error.issues[0].path as PathItem[])], r.error.issues[0].message);
      return seriesFromJson(r.data as SeriesJson, path);
    },
  };
}

export interface NamedInput { name: string; value: SeriesOrPanel }

/** Indicator kernel over contiguous NaN-free columns: fills `outs` (one per output, NaN-filled). */
export type ColumnKernel = (cols: Float64Array[], outs: Float64Array[]) => void;

function sameIndex(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Run a kernel on Series inputs (no nulls allowed) or on Panel inputs (column by column,
 * leading nulls skipped). All inputs must be of one kind and share index (and columns).
 * Returns one Series or Panel per output, NaN (null) where undefined.
 */
export function runIndicator(inputs: NamedInput[], nOut: number, kernel: ColumnKernel): SeriesOrPanel[] {
  const first = inputs[0].value;
  for (const inp of inputs.slice(1)) {
    if (inp.value.kind !== first.kind) throw inputError(["inputs", inp.name], `${inp.name} is a ${inp.value.kind} but ${inputs[0].name} is a ${first.kind}: give all of them as Series or all as Panels`);
    if (!sameIndex(inp.value.index, first.index)) throw inputError(["inputs", inp.name, "index"], `${inp.name} must have the same dates as ${inputs[0].name}`);
    if (isPanel(first) && (inp.value as Panel).columns.join("\u0000") !== first.columns.join("\u0000")) {
      throw inputError(["inputs", inp.name, "columns"], `${inp.name} must have the same columns as ${inputs[0].name}`);
    }
  }
  const n = first.index.length;
  if (isSeries(first)) {
    const cols = inputs.map((inp) => {
      const v = (inp.value as Series).values;
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(v[i])) throw inputError(["inputs", inp.name, "values", i], `${inp.name} has a null on row ${i}: indicators need a series with no nulls`);
      }
      return v;
    });
    const outs = Array.from({ length: nOut }, () => new Float64Array(n).fill(NaN));
    if (n > 0) kernel(cols, outs);
    return outs.map((o) => series(first.index, o, first.name));
  }
  const m = first.columns.length;
  const outVals = Array.from({ length: nOut }, () => new Float64Array(n * m).fill(NaN));
  const cols = inputs.map(() => new Float64Array(n));
  const colOuts = Array.from({ length: nOut }, () => new Float64Array(n));
  for (let j = 0; j < m; j++) {
    let start = 0;
    inputs.forEach((inp, q) => {
      const v = (inp.value as Panel).values, c = cols[q];
      let s = 0;
      while (s < n && Number.isNaN(v[s * m + j])) s++;
      for (let t = 0; t < n; t++) c[t] = v[t * m + j];
      for (let t = s; t < n; t++) {
        if (!Number.isFinite(c[t])) throw inputError(["inputs", inp.name, "values", t, j], `${inp.name} column ${first.columns[j]} has a null on row ${t} after its first value: only leading nulls are allowed`);
      }
      if (s > start) start = s;
    });
    if (start >= n) continue;
    const len = n - start;
    const subs = cols.map((c) => c.subarray(start));
    const outs = colOuts.map((o) => o.subarray(0, len).fill(NaN));
    kernel(subs, outs);
    for (let k = 0; k < nOut; k++) {
      const dst = outVals[k], src = outs[k];
      for (let t = 0; t < len; t++) dst[(t + start) * m + j] = src[t];
    }
  }
  return outVals.map((o) => panel(first.index, first.columns.slice(), o));
}

/** Apply a one-input, one-output kernel to every column of a panel (leading NaNs skipped). */
export function columnwise(p: Panel, kernel: (col: Float64Array, out: Float64Array) => void): Panel {
  return runIndicator([{ name: "series", value: p }], 1, (c, o) => kernel(c[0], o[0]))[0] as Panel;
}
