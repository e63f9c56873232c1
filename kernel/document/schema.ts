/**
 * The notebook document: one versioned JSON file holding ordered cells, graph
 * positions beside them, and the datasets the notebook uses. Both studio views
 * edit this one document; the kernel runs it; files share it.
 */
import { z } from "zod";

export const NOTEBOOK_FORMAT = "strategy-studio-notebook";
export const NOTEBOOK_VERSION = 2;

/** A cell name is an identifier, so that code and SQL can refer to it. */
export const cellName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a cell name is a letter or _ followed by letters, digits or _");

const cellBase = {
  id: z.string().min(1, "a cell needs an id"),
  name: cellName,
  collapsed: z.boolean().optional(),
};

export const markdownCell = z.object({ ...cellBase, kind: z.literal("markdown"), source: z.string() });
export const sqlCell = z.object({ ...cellBase, kind: z.literal("sql"), source: z.string() });
export const codeCell = z.object({ ...cellBase, kind: z.literal("code"), source: z.string() });
export const blockCell = z.object({
  ...cellBase,
  kind: z.literal("block"),
  block: z.string().min(1, "a block cell names a block id"),
  params: z.record(z.string(), z.unknown()).default({}),
  /** Input port -> "cellName" or "cellName.output". */
  inputs: z.record(z.string(), z.string()).default({}),
});

export const cellSchema = z.discriminatedUnion("kind", [markdownCell, sqlCell, codeCell, blockCell]);

export const datasetSource = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("bundled"), id: z.string() }),
  z.object({ kind: z.literal("embedded"), format: z.enum(["parquet", "csv", "arrow"]), base64: z.string() }),
  z.object({ kind: z.literal("reference"), file: z.string(), hash: z.string().optional() }),
  z.object({ kind: z.literal("synthetic"), params: z.record(z.string(), z.unknown()).default({}) }),
]);

export const datasetSchema = z.object({
  name: cellName,
  source: datasetSource,
  description: z.string().optional(),
});

export const positionSchema = z.object({ x: z.number(), y: z.number() });

export const notebookSchema = z
  .object({
    format: z.literal(NOTEBOOK_FORMAT),
    version: z.literal(NOTEBOOK_VERSION),
    id: z.string().min(1),
    title: z.string().default("Untitled"),
    description: z.string().optional(),
    cells: z.array(cellSchema),
    /** Graph-view positions by cell id, kept beside the cells. */
    graph: z.object({ positions: z.record(z.string(), positionSchema).default({}) }).default({ positions: {} }),
    datasets: z.array(datasetSchema).default([]),
  })
  .superRefine((nb, ctx) => {
    const names = new Map<string, number>();
    const ids = new Set<string>();
    const datasetNames = new Set(nb.datasets.map((d) => d.name));
    nb.cells.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: "custom", path: ["cells", i, "id"], message: `duplicate cell id "${c.id}"` });
      ids.add(c.id);
      const prev = names.get(c.name);
      if (prev !== undefined) ctx.addIssue({ code: "custom", path: ["cells", i, "name"], message: `cell name "${c.name}" is already used by cells[${prev}]` });
      else names.set(c.name, i);
      if (datasetNames.has(c.name)) ctx.addIssue({ code: "custom", path: ["cells", i, "name"], message: `cell name "${c.name}" is also a dataset name` });
    });
  });

export type Notebook = z.output<typeof notebookSchema>;
export type NotebookInput = z.input<typeof notebookSchema>;
export type Cell = z.output<typeof cellSchema>;
export type CellKind = Cell["kind"];
export type BlockCell = z.output<typeof blockCell>;
export type Dataset = z.output<typeof datasetSchema>;
