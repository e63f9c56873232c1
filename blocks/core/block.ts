/**
 * A block: one pure, typed operation. It declares its id, title, description,
 * zod params, typed input ports, the kinds of its outputs and a compute function.
 * The same definition serves the studio's worker, the headless CLI and agents.
 */
import { z } from "zod";
import { BlockError, type Issue, type PathItem } from "./errors";
import type { Port, PortKind, PortValues } from "./ports";

export interface OutputSpec { kind: PortKind | "object" | "list" | "text" | "boolean"; description: string }

export interface BlockContext {
  /** Report progress as a fraction in [0, 1]. */
  progress?(fraction: number): void;
  /** Cooperative cancellation: long loops check `signal.aborted`. */
  signal?: AbortSignal;
}

export interface BlockDef<P extends z.ZodType = z.ZodType, I extends Record<string, Port> = Record<string, Port>> {
  id: string;
  title: string;
  description: string;
  /** Catalog section: data, indicators, factors, backtest, metrics, risk, optimize, compliance, options, ... */
  category: string;
  params: P;
  inputs: I;
  outputs: Record<string, OutputSpec>;
  compute(params: z.output<P>, inputs: PortValues<I>, ctx: BlockContext): Record<string, unknown>;
}

export type AnyBlock = BlockDef<z.ZodType, Record<string, Port>>;

/**
 * Define a block with its compute function typed from its params schema and ports;
 * the result is the catalog's uniform type.
 */
export function defineBlock<P extends z.ZodType, I extends Record<string, Port>>(def: BlockDef<P, I>): AnyBlock {
  return def as unknown as AnyBlock;
}

function zodIssues(error: z.ZodError, prefix: PathItem[]): Issue[] {
  return error.issues.map((i) => ({ path: [...prefix, ...(i.path as PathItem[])], message: i.message }));
}

/** Validate params with the block's schema; the error names each bad parameter. */
export function parseParams(block: AnyBlock, raw: unknown): unknown {
  const r = block.params.safeParse(raw ?? {});
  if (!r.success) {
    const issues = zodIssues(r.error, ["params"]);
    const detail = issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new BlockError("invalid-params", `Invalid parameters for ${block.id}`, detail, issues);
  }
  return r.data;
}

/** Convert and check inputs through the ports; the error names the input and where in it. */
export function parseInputs(block: AnyBlock, raw: Record<string, unknown> | undefined): Record<string, unknown> {
  const given = raw ?? {};
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(given)) {
    if (!(name in block.inputs)) {
      const known = Object.keys(block.inputs).join(", ") || "none";
      throw new BlockError("invalid-inputs", `Unknown input for ${block.id}`, `inputs.${name} is not an input of ${block.id} (inputs: ${known})`, [{ path: ["inputs", name], message: "unknown input" }]);
    }
  }
  for (const [name, p] of Object.entries(block.inputs)) {
    const v = given[name];
    if ((v === undefined || v === null) && !p.optional) {
      throw new BlockError("invalid-inputs", `Missing input for ${block.id}`, `inputs.${name} is required (${p.description})`, [{ path: ["inputs", name], message: "required" }]);
    }
    out[name] = p.accept(v, ["inputs", name]);
  }
  return out;
}

/** Run a block on raw params and inputs (JSON or in-memory values). */
export function runBlock(block: AnyBlock, rawParams: unknown, rawInputs: Record<string, unknown> | undefined, ctx: BlockContext = {}): Record<string, unknown> {
  const params = parseParams(block, rawParams);
  const inputs = parseInputs(block, rawInputs);
  return block.compute(params, inputs as PortValues<Record<string, Port>>, ctx);
}

/** JSON Schemas of a block's params and inputs, generated from its zod schemas. */
export function describeBlock(block: AnyBlock): { id: string; title: string; description: string; category: string; params: unknown; inputs: unknown; outputs: Record<string, OutputSpec> } {
  const inputShape: Record<string, z.ZodType> = {};
  for (const [name, p] of Object.entries(block.inputs)) {
    const s = p.json.describe(p.description);
    inputShape[name] = p.optional ? s.optional() : s;
  }
  return {
    id: block.id,
    title: block.title,
    description: block.description,
    category: block.category,
    params: z.toJSONSchema(block.params, { io: "input", unrepresentable: "any" }),
    inputs: z.toJSONSchema(z.object(inputShape), { io: "input", unrepresentable: "any" }),
    outputs: block.outputs,
  };
}
