/**
 * The parameter form's model: a block's zod params as JSON Schema (draft 2020-12,
 * z.toJSONSchema with io "input"), read into a few field shapes the form knows how
 * to draw, plus validation messages by path from the block's own safeParse.
 */
import { z } from "zod";
import type { AnyBlock } from "../../blocks/core/block";

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export type FieldShape =
  | { shape: "number"; integer: boolean; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean }
  | { shape: "enum"; options: unknown[] }
  | { shape: "boolean" }
  | { shape: "string"; format?: string }
  | { shape: "symbols" }
  | { shape: "list"; item: JsonSchema }
  | { shape: "tuple"; items: JsonSchema[] }
  | { shape: "object"; properties: Record<string, JsonSchema>; required: string[] }
  | { shape: "record"; value: JsonSchema }
  | { shape: "nullable"; inner: JsonSchema }
  | { shape: "union"; options: JsonSchema[] }
  | { shape: "json" };

const SYMBOL_LIST = /^(symbols?|assets?|tickers?|universe|restricted|names|columns|exclude|include)$/i;

const cache = new WeakMap<AnyBlock, JsonSchema>();

export function paramsSchema(block: AnyBlock): JsonSchema {
  let s = cache.get(block);
  if (!s) {
    s = z.toJSONSchema(block.params, { io: "input", unrepresentable: "any" }) as JsonSchema;
    cache.set(block, s);
  }
  return s;
}

/** How to draw a schema; `name` is the field's key (a list of strings named like symbols gets a picker). */
export function fieldShape(s: JsonSchema, name = ""): FieldShape {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const nonNull = alts.filter((a) => a.type !== "null");
    if (nonNull.length < alts.length && nonNull.length === 1) return { shape: "nullable", inner: { ...nonNull[0], description: s.description ?? nonNull[0].description } };
    if (nonNull.every((a) => a.const !== undefined)) return { shape: "enum", options: nonNull.map((a) => a.const) };
    return { shape: "union", options: alts };
  }
  if (s.enum) return { shape: "enum", options: s.enum };
  if (s.const !== undefined) return { shape: "enum", options: [s.const] };
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
  switch (t) {
    case "number":
    case "integer":
      return {
        shape: "number", integer: t === "integer",
        min: s.minimum ?? s.exclusiveMinimum, exclusiveMin: s.minimum === undefined && s.exclusiveMinimum !== undefined,
        max: s.maximum !== undefined && s.maximum < 9e15 ? s.maximum : s.exclusiveMaximum, exclusiveMax: s.maximum === undefined && s.exclusiveMaximum !== undefined,
      };
    case "boolean": return { shape: "boolean" };
    case "string": return { shape: "string", format: s.format };
    case "array":
      if (s.prefixItems) return { shape: "tuple", items: s.prefixItems };
      if (s.items && s.items.type === "string" && !s.items.enum && SYMBOL_LIST.test(name)) return { shape: "symbols" };
      return { shape: "list", item: s.items ?? {} };
    case "object":
      if (s.properties) return { shape: "object", properties: s.properties, required: s.required ?? [] };
      if (s.additionalProperties && typeof s.additionalProperties === "object") return { shape: "record", value: s.additionalProperties };
      return { shape: "json" };
  }
  return { shape: "json" };
}

/** Does `v` look like it belongs to alternative `s` of a union (by JSON type)? */
export function matchesSchema(v: unknown, s: JsonSchema): boolean {
  if (s.const !== undefined) return v === s.const;
  if (s.enum) return s.enum.includes(v);
  const t = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (s.anyOf) return s.anyOf.some((a) => matchesSchema(v, a));
  return t.some((x) =>
    x === "null" ? v === null
      : x === "array" ? Array.isArray(v)
        : x === "object" ? typeof v === "object" && v !== null && !Array.isArray(v)
          : x === "integer" ? Number.isInteger(v)
            : typeof v === x);
}

/** A starting value for a field of schema `s` (its default, else an empty value of its type). */
export function emptyValue(s: JsonSchema): unknown {
  if (s.default !== undefined) return structuredClone(s.default);
  const f = fieldShape(s);
  switch (f.shape) {
    case "number": return f.min !== undefined ? f.min + (f.exclusiveMin ? (f.integer ? 1 : 0.01) : 0) : 0;
    case "enum": return f.options[0];
    case "boolean": return false;
    case "string": return "";
    case "symbols": case "list": return [];
    case "tuple": return f.items.map(emptyValue);
    case "object": {
      const o: Record<string, unknown> = {};
      for (const k of f.required) o[k] = emptyValue(f.properties[k]);
      return o;
    }
    case "record": return {};
    case "nullable": return null;
    case "union": return emptyValue(f.options[0]);
    case "json": return null;
  }
}

/** Validation messages of a block's params, keyed by dotted path ("" for the whole form). */
export function paramIssues(block: AnyBlock, params: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const r = block.params.safeParse(params ?? {});
  if (!r.success) {
    for (const i of r.error.issues) {
      const key = i.path.map(String).join(".");
      const message = /received undefined$/.test(i.message) ? "required" : i.message;
      if (!out.has(key)) out.set(key, message);
    }
  }
  return out;
}
