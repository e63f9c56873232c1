/** Shape checks shared by factor blocks that take several panels. */
import { inputError } from "../core/errors";
import type { Panel } from "../core/values";

/** Throw unless `b` has the same dates and columns (same order) as `a`. */
export function requireSameShape(a: Panel, aName: string, b: Panel, bName: string): void {
  if (a.index.length !== b.index.length || a.index.some((d, i) => d !== b.index[i])) {
    throw inputError(["inputs", bName, "index"], `${bName} must have the same dates as ${aName} (${b.index.length} vs ${a.index.length} rows)`);
  }
  if (a.columns.length !== b.columns.length || a.columns.some((c, j) => c !== b.columns[j])) {
    throw inputError(["inputs", bName, "columns"], `${bName} must have the same columns as ${aName}, in the same order`);
  }
}
