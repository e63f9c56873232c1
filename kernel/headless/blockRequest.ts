/**
 * The strict-JSON block call of shared/CONTRACTS.md: a request
 * {"params", "inputs"} in, {"outputs"} or {"error"} out. Shared by the CLI and agents.
 */
import { runBlock, type AnyBlock } from "../../blocks/core/block";
import { BlockError, toProblem, type Problem } from "../../blocks/core/errors";
import { toJson, type Json } from "../../blocks/core/json";

export type BlockAnswer = { outputs: Json } | { error: Problem };

export function answerRequest(block: AnyBlock, request: unknown): BlockAnswer {
  try {
    if (typeof request !== "object" || request === null || Array.isArray(request)) {
      throw new BlockError("invalid-request", "Invalid request", 'A request is a JSON object {"params": {...}, "inputs": {...}}.', [{ path: [], message: "expected an object" }]);
    }
    const { params, inputs, ...rest } = request as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length) {
      throw new BlockError("invalid-request", "Invalid request", `Unknown request field(s): ${extra.join(", ")}; a request has "params" and "inputs".`, extra.map((k) => ({ path: [k], message: "unknown field" })));
    }
    if (inputs !== undefined && (typeof inputs !== "object" || inputs === null || Array.isArray(inputs))) {
      throw new BlockError("invalid-request", "Invalid request", '"inputs" must be an object of named inputs.', [{ path: ["inputs"], message: "expected an object" }]);
    }
    const outputs = runBlock(block, params, inputs as Record<string, unknown> | undefined);
    return { outputs: toJson(outputs) };
  } catch (err) {
    return { error: toProblem(err) };
  }
}

export function isError(a: BlockAnswer): a is { error: Problem } {
  return "error" in a;
}
