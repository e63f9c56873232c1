/**
 * factor.neutralize: group (sector) neutralization: per date, each score minus the mean
 * of its group's non-null scores on that date. Every column needs a group (exit 2
 * otherwise); nulls are left out of the means and stay null.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { mapRows, type Groups, type Panel } from "../core/values";

/** Group number of each column (0..g-1) and the group names, or an error naming the first column without one. */
export function groupCodes(columns: string[], groups: Groups, inputName = "groups"): { codes: Int32Array; names: string[] } {
  const names: string[] = [];
  const byName = new Map<string, number>();
  const codes = new Int32Array(columns.length);
  const missing = columns.filter((c) => typeof groups[c] !== "string");
  if (missing.length) {
    throw inputError(["inputs", inputName, missing[0]], `no group for column${missing.length > 1 ? "s" : ""} ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ` and ${missing.length - 10} more` : ""}: every column needs a group`);
  }
  columns.forEach((c, j) => {
    const g = groups[c];
    let k = byName.get(g);
    if (k === undefined) { k = names.length; byName.set(g, k); names.push(g); }
    codes[j] = k;
  });
  return { codes, names };
}

/** Subtract from each value the mean of its group's non-null values in the row. */
export function demeanByGroupRow(row: Float64Array, codes: Int32Array, nGroups: number, out: Float64Array, sum = new Float64Array(nGroups), cnt = new Float64Array(nGroups)): void {
  sum.fill(0); cnt.fill(0);
  for (let j = 0; j < row.length; j++) if (!Number.isNaN(row[j])) { sum[codes[j]] += row[j]; cnt[codes[j]]++; }
  for (let j = 0; j < row.length; j++) out[j] = row[j] - sum[codes[j]] / cnt[codes[j]]; // NaN stays NaN
}

export function neutralizePanel(scores: Panel, groups: Groups): Panel {
  const { codes, names } = groupCodes(scores.columns, groups);
  const sum = new Float64Array(names.length), cnt = new Float64Array(names.length);
  return mapRows(scores, (row, out) => demeanByGroupRow(row, codes, names.length, out, sum, cnt));
}

export const neutralizeBlock = defineBlock({
  id: "factor.neutralize",
  title: "Group neutralize",
  description: "Per date, subtract from each score the mean of its group's non-null scores (sector-neutral scores). Every column needs a group.",
  category: "factors",
  params: z.object({}),
  inputs: {
    scores: port.panel("scores, dates x assets"),
    groups: port.groups("group (sector) of every column"),
  },
  outputs: { scores: { kind: "panel", description: "group-demeaned scores, same index and columns" } },
  compute: (_params, inputs) => ({ scores: neutralizePanel(inputs.scores, inputs.groups) }),
});
