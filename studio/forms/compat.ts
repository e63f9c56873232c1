/**
 * Which cell outputs may feed which block input ports. The kernel adapts a table
 * (a SQL result) to a panel or series port and a series to a panel port
 * (kernel/runtime/coerce.ts); anything else must be of the port's kind.
 */
import type { Cell } from "../../kernel/document/schema";
import type { PortKind } from "../../blocks/core/ports";
import type { OutputSpec } from "../../blocks/core/block";
import { findBlock } from "../../blocks/catalog";

/** What a cell (or one named output of a block cell) gives: a port kind, "unknown" (code cells) or "text". */
export type GivenKind = PortKind | OutputSpec["kind"] | "unknown";

export function valueKind(v: unknown): GivenKind {
  if (v === null || v === undefined) return "unknown";
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "text";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") {
    const k = (v as { kind?: unknown }).kind;
    if (k === "series" || k === "panel" || k === "matrix" || k === "table") return k;
    return "object";
  }
  return "unknown";
}

/** The kind a cell gives at `output` (a block output name), or at the whole cell. */
export function givenKind(cell: Cell, output?: string, value?: unknown): GivenKind {
  switch (cell.kind) {
    case "markdown": return "text";
    case "sql": return "table";
    case "code": {
      if (value === undefined) return "unknown";
      if (output) return valueKind((value as Record<string, unknown> | null)?.[output]);
      return valueKind(value);
    }
    case "block": {
      const b = findBlock(cell.block);
      if (!b) return "unknown";
      if (output) return b.outputs[output]?.kind ?? "unknown";
      const outs = Object.values(b.outputs);
      return outs.length === 1 ? outs[0].kind : "object";
    }
  }
}

/** Why `given` cannot feed a port of kind `port`, or null when it can. */
export function incompatibility(port: PortKind, given: GivenKind, portLabel: string): string | null {
  if (given === "unknown" || port === "json" || given === port) return null;
  if ((port === "panel" || port === "series") && given === "table") return null;
  if (port === "panel" && given === "series") return null;
  if ((port === "weights" || port === "groups" || port === "panels") && given === "object") return null;
  if (port === "table" && given === "list") return null;
  const a = (k: string) => (/^[aeiou]/.test(k) ? "an" : "a");
  const what = given === "object" ? "an object of several outputs (pick one output)" : `${a(given)} ${given}`;
  return `${portLabel} takes ${a(port)} ${port}, ${what} given`;
}

/**
 * Why binding `cell` (or its `output`) to a port cannot work, or null. A block cell
 * bound whole feeds a port when one of its outputs has the port's kind (or the
 * port's name), as the kernel picks it.
 */
export function bindingProblem(cell: Cell, output: string | undefined, port: { kind: PortKind; name: string }, portLabel: string, value?: unknown): string | null {
  if (cell.kind === "block" && output === undefined) {
    const b = findBlock(cell.block);
    if (b) {
      const outs = Object.entries(b.outputs);
      if (outs.length === 1) return incompatibility(port.kind, outs[0][1].kind, portLabel);
      const own = b.outputs[port.name];
      if (own && own.kind === port.kind) return null;
      const same = outs.filter(([, o]) => o.kind === port.kind);
      if (same.length === 1) return null;
      if (port.kind === "json") return null;
      return same.length > 1
        ? `${portLabel} takes a ${port.kind}; ${cell.name} has several (${same.map(([n]) => n).join(", ")}): connect one output`
        : `${portLabel} takes a ${port.kind}; ${cell.name} (${cell.block}) has no ${port.kind} output`;
    }
  }
  return incompatibility(port.kind, givenKind(cell, output, value), portLabel);
}
