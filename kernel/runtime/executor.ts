/**
 * Runs one cell of each kind. Markdown is its text; SQL becomes a view named
 * after the cell and its rows are the value; a block cell resolves its bound
 * inputs, adapts them to the ports and calls the block; a code cell runs
 * (only in a trusted notebook) with the cells it names as arguments.
 */
import { runBlock } from "../../blocks/core/block";
import { BlockError, formatPath } from "../../blocks/core/errors";
import { findBlock } from "../../blocks/catalog";
import type { Table } from "../../blocks/core/values";
import type { Cell } from "../document/schema";
import { CellFailure, type CellExecutor, type RunContext } from "../scheduler/scheduler";
import { bindingCell } from "../scheduler/references";
import { compileCell } from "./codeCell";
import { coerceToPort } from "./coerce";
import type { StdLib } from "./std";

export interface ExecutorEnv {
  /** SQL over the notebook's data; opens the engine on first use. */
  query(sql: string): Promise<Table>;
  createView(name: string, sql: string): Promise<void>;
  datasetNames(): ReadonlySet<string>;
  /** Changes whenever a dataset changes, so SQL results are not reused across data versions. */
  datasetsVersion(): string;
  trusted(): boolean;
  std: StdLib;
}

export class NotebookExecutor implements CellExecutor {
  constructor(private readonly env: ExecutorEnv) {}

  hashExtra(cell: Cell): unknown {
    if (cell.kind === "sql") return this.env.datasetsVersion();
    if (cell.kind === "block" && Object.values(cell.inputs).some((b) => this.env.datasetNames().has(bindingCell(b)))) return this.env.datasetsVersion();
    if (cell.kind === "code" && /\bstd\.sql\b/.test(cell.source)) return this.env.datasetsVersion();
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
    const argNames = [...inputs.keys(), "std"];
    const compiled = compileCell(source, name, argNames);
    const args: Record<string, unknown> = Object.fromEntries(inputs);
    args.std = this.env.std;
    return compiled.run(args);
  }
}
