/**
 * Which names a cell refers to. Code and SQL are scanned for identifiers outside
 * strings and comments (and, in code, not after a `.` member access); those that
 * are other cells' names are its dependencies. Block cells name theirs explicitly.
 */
import type { Cell } from "../document/schema";
import { freeNames } from "./freeNames";

const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*/y;

/** Identifiers used in JavaScript/TypeScript source, skipping strings, comments and `.name` members. */
export function codeIdentifiers(src: string): Set<string> {
  const out = new Set<string>();
  let i = 0;
  let lastSignificant = "";
  while (i < src.length) {
    const ch = src[i];
    if (ch === "/" && src[i + 1] === "/") { i = src.indexOf("\n", i); if (i < 0) break; continue; }
    if (ch === "/" && src[i + 1] === "*") { const e = src.indexOf("*/", i + 2); i = e < 0 ? src.length : e + 2; continue; }
    if (ch === '"' || ch === "'") { i = skipQuoted(src, i, ch); lastSignificant = "s"; continue; }
    if (ch === "`") { i = scanTemplate(src, i, out); lastSignificant = "s"; continue; }
    IDENT.lastIndex = i;
    const m = IDENT.exec(src);
    if (m && !/[0-9]/.test(ch)) {
      // `a.b`: b is a member, not a free name; `{ b: 1 }` keys are rare enough to keep simple.
      if (lastSignificant !== "." || src.slice(Math.max(0, i - 3), i) === "...") out.add(m[0]);
      i += m[0].length;
      lastSignificant = "i";
      continue;
    }
    if (!/\s/.test(ch)) lastSignificant = ch;
    i++;
  }
  return out;
}

function skipQuoted(src: string, i: number, q: string): number {
  i++;
  while (i < src.length && src[i] !== q) { if (src[i] === "\\") i++; if (src[i] === "\n") break; i++; }
  return i + 1;
}

/** Template literal: identifiers inside `${...}` count. */
function scanTemplate(src: string, i: number, out: Set<string>): number {
  i++;
  while (i < src.length && src[i] !== "`") {
    if (src[i] === "\\") { i += 2; continue; }
    if (src[i] === "$" && src[i + 1] === "{") {
      let depth = 1, j = i + 2;
      while (j < src.length && depth > 0) { if (src[j] === "{") depth++; else if (src[j] === "}") depth--; j++; }
      for (const n of codeIdentifiers(src.slice(i + 2, j - 1))) out.add(n);
      i = j;
      continue;
    }
    i++;
  }
  return i + 1;
}

/** Identifiers used in SQL, skipping string literals and comments; "quoted" identifiers count. */
export function sqlIdentifiers(sql: string): Set<string> {
  const out = new Set<string>();
  const re = /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    if (m[1] !== undefined) out.add(m[1].replace(/""/g, '"'));
    else if (m[2] !== undefined) out.add(m[2]);
  }
  return out;
}

/** A block input binding "cell" or "cell.output" -> the cell name. */
export function bindingCell(binding: string): string {
  const dot = binding.indexOf(".");
  return dot < 0 ? binding : binding.slice(0, dot);
}

export interface CellReferences {
  /** Names of other cells this cell uses. */
  cells: string[];
  /** Names that a block cell binds but that no cell or dataset defines. */
  missing: string[];
}

/** The dependencies of one cell given the cells (name -> kind) and datasets of the notebook. */
export function cellReferences(cell: Cell, cells: ReadonlyMap<string, Cell["kind"]>, datasetNames: ReadonlySet<string>): CellReferences {
  const used = new Set<string>();
  const missing: string[] = [];
  if (cell.kind === "code") {
    // Free names only: keys, members and local declarations do not refer to cells.
    for (const n of freeNames(cell.source) ?? codeIdentifiers(cell.source)) if (cells.has(n)) used.add(n);
  } else if (cell.kind === "sql") {
    // SQL can only read views, i.e. other SQL cells; a column called like a cell is not a reference.
    for (const n of sqlIdentifiers(cell.source)) if (n !== cell.name && cells.get(n) === "sql") used.add(n);
  } else if (cell.kind === "block") {
    for (const b of Object.values(cell.inputs)) {
      const n = bindingCell(b);
      if (cells.has(n)) used.add(n);
      else if (!datasetNames.has(n)) missing.push(n);
    }
  }
  return { cells: [...used], missing };
}
