/**
 * Edits of the notebook document as small serializable ops. Both views dispatch
 * them; the store applies them with `applyOp` (pure: a new document, the old one
 * untouched), so undo, autosave and worker sync all see the same changes.
 */
import { cellName, type Cell, type Notebook } from "../../kernel/document/schema";
import { bindingCell } from "../../kernel/scheduler/references";

export interface Position { x: number; y: number }

export type EditOp =
  | { op: "addCell"; cell: Cell; index?: number; position?: Position }
  | { op: "removeCell"; id: string }
  | { op: "moveCell"; id: string; to: number }
  | { op: "renameCell"; id: string; name: string }
  | { op: "setSource"; id: string; source: string }
  | { op: "setCollapsed"; id: string; collapsed: boolean }
  | { op: "setParams"; id: string; params: Record<string, unknown> }
  | { op: "bindInput"; id: string; port: string; binding: string | null }
  | { op: "moveNode"; id: string; position: Position }
  | { op: "setTitle"; title: string }
  | { op: "replace"; notebook: Notebook };

export class EditError extends Error {}

/** Why `name` cannot be the name of cell `id`, or null when it can. */
export function nameProblem(nb: Notebook, id: string | null, name: string): string | null {
  const r = cellName.safeParse(name);
  if (!r.success) return r.error.issues[0]?.message ?? "not an identifier";
  if (nb.cells.some((c) => c.id !== id && c.name === name)) return `"${name}" is already the name of another cell`;
  if (nb.datasets.some((d) => d.name === name)) return `"${name}" is the name of a dataset`;
  if (RESERVED.has(name)) return `"${name}" is reserved`;
  return null;
}

const RESERVED = new Set(["std", "this", "return", "const", "let", "var", "function", "class", "if", "for", "while", "new", "await", "async", "select", "from", "where"]);

/** A fresh name `base`, `base2`, `base3`... not used by any cell or dataset. */
export function freshName(nb: Notebook, base: string): string {
  const clean = base.replace(/[^A-Za-z0-9_]/g, "_").replace(/^([0-9])/, "_$1") || "cell";
  for (let i = 1; ; i++) {
    const n = i === 1 ? clean : `${clean}${i}`;
    if (nameProblem(nb, null, n) === null) return n;
  }
}

let counter = 0;
/** A new cell id, unique within this page. */
export function newCellId(): string {
  counter++;
  return `c${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

function indexOf(nb: Notebook, id: string): number {
  const i = nb.cells.findIndex((c) => c.id === id);
  if (i < 0) throw new EditError(`no cell with id ${id}`);
  return i;
}

function withCell(nb: Notebook, id: string, f: (c: Cell) => Cell): Notebook {
  const i = indexOf(nb, id);
  const cells = nb.cells.slice();
  cells[i] = f(cells[i]);
  return { ...nb, cells };
}

/** Apply one edit; throws EditError for an edit that would break the document. */
export function applyOp(nb: Notebook, op: EditOp): Notebook {
  switch (op.op) {
    case "addCell": {
      const problem = nameProblem(nb, op.cell.id, op.cell.name);
      if (problem) throw new EditError(problem);
      if (nb.cells.some((c) => c.id === op.cell.id)) throw new EditError(`duplicate cell id ${op.cell.id}`);
      const cells = nb.cells.slice();
      const at = op.index === undefined ? cells.length : Math.max(0, Math.min(cells.length, op.index));
      cells.splice(at, 0, op.cell);
      const positions = op.position ? { ...nb.graph.positions, [op.cell.id]: op.position } : nb.graph.positions;
      return { ...nb, cells, graph: { ...nb.graph, positions } };
    }
    case "removeCell": {
      const i = indexOf(nb, op.id);
      const cells = nb.cells.slice();
      cells.splice(i, 1);
      const { [op.id]: _gone, ...positions } = nb.graph.positions;
      return { ...nb, cells, graph: { ...nb.graph, positions } };
    }
    case "moveCell": {
      const i = indexOf(nb, op.id);
      const cells = nb.cells.slice();
      const [c] = cells.splice(i, 1);
      cells.splice(Math.max(0, Math.min(cells.length, op.to)), 0, c);
      return { ...nb, cells };
    }
    case "renameCell": {
      const i = indexOf(nb, op.id);
      const old = nb.cells[i].name;
      if (old === op.name) return nb;
      const problem = nameProblem(nb, op.id, op.name);
      if (problem) throw new EditError(problem);
      // Block bindings name cells explicitly: follow the rename there.
      const cells = nb.cells.map((c): Cell => {
        if (c.id === op.id) return { ...c, name: op.name };
        if (c.kind !== "block") return c;
        let changed = false;
        const inputs: Record<string, string> = {};
        for (const [p, b] of Object.entries(c.inputs)) {
          if (bindingCell(b) === old) { inputs[p] = op.name + b.slice(old.length); changed = true; } else inputs[p] = b;
        }
        return changed ? { ...c, inputs } : c;
      });
      return { ...nb, cells };
    }
    case "setSource":
      return withCell(nb, op.id, (c) => {
        if (c.kind === "block") throw new EditError("a block cell has no source");
        return c.source === op.source ? c : { ...c, source: op.source };
      });
    case "setCollapsed":
      return withCell(nb, op.id, (c) => ({ ...c, collapsed: op.collapsed }));
    case "setParams":
      return withCell(nb, op.id, (c) => {
        if (c.kind !== "block") throw new EditError("only block cells have parameters");
        return { ...c, params: op.params };
      });
    case "bindInput":
      return withCell(nb, op.id, (c) => {
        if (c.kind !== "block") throw new EditError("only block cells have inputs");
        const inputs = { ...c.inputs };
        if (op.binding === null || op.binding === "") delete inputs[op.port];
        else inputs[op.port] = op.binding;
        return { ...c, inputs };
      });
    case "moveNode":
      indexOf(nb, op.id);
      return { ...nb, graph: { ...nb.graph, positions: { ...nb.graph.positions, [op.id]: { x: Math.round(op.position.x), y: Math.round(op.position.y) } } } };
    case "setTitle":
      return { ...nb, title: op.title };
    case "replace":
      return op.notebook;
  }
}

/** Ops that change what the kernel computes (not only layout or folding). */
export function affectsKernel(op: EditOp): boolean {
  return op.op !== "moveNode" && op.op !== "setCollapsed" && op.op !== "setTitle";
}
