/**
 * Is an incoming document the open one with only one block cell's params changed (a parameter
 * form's edit)? Then the kernel need not re-parse and re-validate the whole notebook, re-read
 * every code cell's free names and rebuild the graph: it validates that one cell and re-hashes
 * it and what is downstream (Scheduler.updateParams). Anything else, or any doubt (defaults left
 * out, unknown keys, another version), is not a params-only edit and takes the full path.
 */
import { blockCell, type BlockCell, type Notebook } from "../document/schema";

export interface ParamsEdit {
  /** Index of the edited cell in `cells`. */
  index: number;
  /** The edited cell as the schema gives it (validated). */
  cell: BlockCell;
}

/**
 * `{index, cell}` for a params-only edit of `current`, `"unchanged"` when `input` equals it,
 * null otherwise (including a cell the schema refuses: the full path reports it with its path).
 */
export function paramsOnlyEdit(current: Notebook, input: unknown): ParamsEdit | "unchanged" | null {
  if (!isRecord(input) || !Array.isArray(input.cells) || input.cells.length !== current.cells.length) return null;
  const { cells: inCells, ...inRest } = input;
  const { cells: curCells, ...curRest } = current;
  if (!deepEqual(inRest, curRest)) return null;
  let edited = -1;
  for (let i = 0; i < curCells.length; i++) {
    const a = inCells[i] as unknown, b = curCells[i];
    if (deepEqual(a, b)) continue;
    if (edited >= 0 || b.kind !== "block" || !isRecord(a)) return null;
    if (!deepEqual({ ...a, params: null }, { ...b, params: null })) return null;
    edited = i;
  }
  if (edited < 0) return "unchanged";
  const parsed = blockCell.safeParse(inCells[edited]);
  return parsed.success ? { index: edited, cell: parsed.data } : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON-like values (own enumerable keys; an undefined key counts as absent, as in JSON). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ra = a as Record<string, unknown>, rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined), kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.hasOwn(rb, k) || !deepEqual(ra[k], rb[k])) return false;
  return true;
}
