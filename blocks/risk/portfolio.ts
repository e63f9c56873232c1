/**
 * Shared plumbing of the risk blocks: an input port that takes a Series or a
 * Panel, and the portfolio return series of a Panel under fixed weights.
 */
import { z } from "zod";
import { inputError, type PathItem } from "../core/errors";
import { panelFromJson, seriesFromJson, type PanelJson, type SeriesJson } from "../core/json";
import { panelJsonSchema, seriesJsonSchema, type Port } from "../core/ports";
import { isPanel, isSeries, series, type Panel, type Series, type Weights } from "../core/values";

/** A port that accepts a Series, or a Panel (to be combined with weights). */
export function seriesOrPanelPort(description: string): Port<Series | Panel> {
  const json = z.union([panelJsonSchema, seriesJsonSchema]);
  return {
    kind: "series",
    description,
    optional: false,
    json,
    accept(v: unknown, path: PathItem[]): Series | Panel {
      if (isSeries(v) || isPanel(v)) return v;
      if (typeof v === "object" && v !== null && "columns" in v) {
        const r = panelJsonSchema.safeParse(v);
        if (!r.success) throw inputError([...path, ...(r.error.issues[0].path as PathItem[])], r.error.issues[0].message);
        return panelFromJson(r.data as PanelJson, path);
      }
      const r = seriesJsonSchema.safeParse(v);
      if (!r.success) throw inputError([...path, ...(r.error.issues[0].path as PathItem[])], `expected a Series {index, values} or a Panel {index, columns, values}: ${r.error.issues[0].message}`);
      return seriesFromJson(r.data as SeriesJson, path);
    },
  };
}

/**
 * Portfolio returns sum_j w_j r_tj of a panel under fixed weights. Columns without a
 * weight count as 0; a weight on an asset that is not a column is bad input. A date on
 * which a held asset's return is missing gives NaN (callers drop it).
 */
export function portfolioReturns(p: Panel, w: Weights, path: PathItem[] = ["inputs", "weights"]): Series {
  const m = p.columns.length;
  const missing = Object.keys(w).filter((k) => w[k] !== 0 && !p.columns.includes(k));
  if (missing.length) throw inputError(path, `weights name ${missing.join(", ")}, which ${missing.length > 1 ? "are not columns" : "is not a column"} of the returns panel (columns: ${p.columns.join(", ")})`);
  const wv = new Float64Array(m);
  for (let j = 0; j < m; j++) wv[j] = w[p.columns[j]] ?? 0;
  const n = p.index.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let j = 0; j < m; j++) if (wv[j] !== 0) s += wv[j] * p.values[t * m + j];
    out[t] = s;
  }
  return series(p.index, out, "portfolio");
}

/** The return series a risk block works on: a Series as given, or a Panel under weights. */
export function returnSeries(r: Series | Panel, weights: Weights | undefined, inputName = "returns"): Series {
  if (isSeries(r)) return r;
  if (!weights) throw inputError(["inputs", "weights"], `${inputName} is a Panel: give weights to make the portfolio's return series`);
  return portfolioReturns(r, weights);
}
