/**
 * Runs one cell of each kind. Markdown is its text; SQL becomes a view named
 * after the cell and its rows are the value; a block cell resolves its bound
 * inputs, adapts them to the ports and calls the block; a code cell runs
 * (only in a trusted notebook) with the cells it names as arguments.
 */
import { runBlock, type OutputSpec } from "../../blocks/core/block";
import { BlockError, formatPath } from "../../blocks/core/errors";
import { loadBlocks } from "./blocks";
import type { Table } from "../../blocks/core/values";
import type { Port } from "../../blocks/core/ports";
import type { Cell } from "../document/schema";
import { CellFailure, type CellExecutor, type RunContext } from "../scheduler/scheduler";
import { bindingCell } from "../scheduler/references";
import { compileCell } from "./codeCell";
import { freeNames } from "../scheduler/freeNames";
import { coerceToPort } from "./coerce";
import type { StdLib } from "./std";

export interface ExecutorEnv {
  /** SQL over the notebook's data; opens the engine on first use. */
  query(sql: string): Promise<Table>;
  createView(name: string, sql: string): Promise<void>;
  datasetNames(): ReadonlySet<string>;
  /** The cell of that name in the open notebook. */
  cell(name: string): Cell | undefined;
  /** Changes whenever a dataset changes, so SQL results are not reused across data versions. */
  datasetsVersion(): string;
  trusted(): boolean;
  /** What code cells see as `std`, made once the block catalog has loaded. */
  std(): Promise<StdLib>;
}

export class NotebookExecutor implements CellExecutor {
  constructor(private readonly env: ExecutorEnv) {}

  hashExtra(cell: Cell): unknown {
    if (cell.kind === "sql") return this.env.datasetsVersion();
    if (cell.kind === "block" && Object.values(cell.inputs).some((b) => this.env.datasetNames().has(bindingCell(b)))) return this.env.datasetsVersion();
    if (cell.kind === "code" && (/\bstd\.sql\b/.test(cell.source) || this.datasetsUsed(cell.source, new Map()).length)) return this.env.datasetsVersion();
    return null;
  }

  async execute(cell: Cell, inputs: ReadonlyMap<string, unknown>, ctx: RunContext): Promise<unknown> {
    switch (cell.kind) {
      case "markdown":
        return cell.source;
      case "sql":
        return this.sql(cell.name, cell.source);
      case "block":
        return this.block(cell, inputs, ctx);
      case "code":
        return this.code(cell.name, cell.source, inputs);
    }
  }

  private async sql(name: string, source: string): Promise<Table> {
    const body = source.trim().replace(/;\s*$/, "");
    if (!body) throw new CellFailure({ message: `${name}: the SQL cell is empty` });
    try {
      await this.env.createView(name, body);
      return await this.env.query(`SELECT * FROM "${name.replace(/"/g, '""')}"`);
    } catch (e) {
      throw new CellFailure({ message: `${name}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private async block(cell: Extract<Cell, { kind: "block" }>, inputs: ReadonlyMap<string, unknown>, ctx: RunContext): Promise<unknown> {
    const { findBlock } = await loadBlocks();
    const block = findBlock(cell.block);
    if (!block) throw new CellFailure({ message: `${cell.name}: there is no block "${cell.block}" in the catalog` });
    const raw: Record<string, unknown> = {};
    for (const [portName, binding] of Object.entries(cell.inputs)) {
      const port = block.inputs[portName];
      if (!port) {
        throw new CellFailure({ message: `${cell.name}: ${block.id} has no input "${portName}" (inputs: ${Object.keys(block.inputs).join(", ")})`, path: `inputs.${portName}` });
      }
      const source = bindingCell(binding);
      const key = binding.length > source.length ? binding.slice(source.length + 1) : undefined;
      let v: unknown = inputs.has(source) ? inputs.get(source) : this.env.datasetNames().has(source) ? await this.env.query(`SELECT * FROM "${source}"`) : undefined;
      const upstream = this.env.cell(source);
      if (key === undefined && upstream?.kind === "block") v = pickOutput(cell.name, portName, port, upstream, findBlock(upstream.block)?.outputs ?? {}, v);
      if (key !== undefined) {
        const rec = v as Record<string, unknown> | undefined;
        if (typeof rec !== "object" || rec === null || !(key in rec)) {
          const has = typeof rec === "object" && rec !== null ? Object.keys(rec).join(", ") : "none";
          throw new CellFailure({ message: `${cell.name}: input ${portName} is bound to ${binding}, but "${source}" has no output "${key}" (outputs: ${has})`, path: `inputs.${portName}` });
        }
        v = rec[key];
      }
      try {
        raw[portName] = coerceToPort(v, port, portName);
      } catch (e) {
        throw new CellFailure({ message: `${cell.name}: input ${portName} (${binding}): ${e instanceof Error ? e.message : String(e)}`, path: `inputs.${portName}` });
      }
    }
    try {
      return runBlock(block, cell.params, raw, { progress: ctx.progress, signal: ctx.signal });
    } catch (e) {
      if (e instanceof BlockError) {
        const path = e.issues[0] ? formatPath(e.issues[0].path) : undefined;
        throw new CellFailure({ message: `${cell.name} (${block.id}): ${e.message}`, path });
      }
      throw new CellFailure({ message: `${cell.name} (${block.id}): ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private async code(name: string, source: string, inputs: ReadonlyMap<string, unknown>): Promise<unknown> {
    if (!this.env.trusted()) {
      throw new CellFailure({ message: `${name}: this notebook is not trusted, so its code cells do not run. Trust it to run them (blocks and SQL run either way).` });
    }
    const args: Record<string, unknown> = Object.fromEntries(inputs);
    // A dataset named in code is its table.
    for (const ds of this.datasetsUsed(source, inputs)) args[ds] = await this.env.query(`SELECT * FROM "${ds}"`);
    args.std = await this.env.std();
    const compiled = compileCell(source, name, Object.keys(args));
    return compiled.run(args);
  }

  private datasetsUsed(source: string, inputs: ReadonlyMap<string, unknown>): string[] {
    const datasets = this.env.datasetNames();
    if (!datasets.size) return [];
    return [...(freeNames(source) ?? [])].filter((n) => datasets.has(n) && !inputs.has(n));
  }
}

/**
 * A block cell bound to another block cell by name alone: take the output named
 * like the port, the only output, or the only output of the port's kind.
 */
function pickOutput(cellName: string, portName: string, port: Port, upstream: Extract<Cell, { kind: "block" }>, outputs: Record<string, OutputSpec>, value: unknown): unknown {
  const rec = value as Record<string, unknown>;
  if (typeof rec !== "object" || rec === null) return value;
  if (portName in rec) return rec[portName];
  const names = Object.keys(outputs);
  if (names.length === 1 && names[0] in rec) return rec[names[0]];
  const sameKind = names.filter((n) => outputs[n].kind === port.kind && n in rec);
  if (sameKind.length === 1) return rec[sameKind[0]];
  throw new CellFailure({
    message: `${cellName}: input ${portName} is bound to "${upstream.name}", a ${upstream.block} cell with outputs ${names.join(", ")}; say which one, e.g. "${upstream.name}.${sameKind[0] ?? names[0]}"`,
    path: `inputs.${portName}`,
  });
}
