/**
 * The desk agents' tools: blocks called through the strict-JSON tool contract of
 * shared/CONTRACTS.md (request {params, inputs} -> {outputs} | {error}), each call logged
 * so that it can be replayed through the same block and give the same outputs.
 *
 * - A role (roles.ts) has a goal, an allowlist of block ids and what it may write. A call
 *   to a block outside the allowlist is refused (BlockError "invalid-request", "Tool not
 *   allowed", naming the role, the block and the allowlist) and the refusal is logged.
 * - Requests are strict JSON (in-memory values go through `toJson` first), answers too.
 * - The tool blocks are imported here directly (not through blocks/catalog.ts, which lists
 *   the agents themselves). No order-placing block is a tool: agents propose, a person
 *   approves (agents.approve).
 */
import { runBlock, type AnyBlock } from "../core/block";
import { BlockError, toProblem, type Problem } from "../core/errors";
import { toJson, type Json } from "../core/json";
import { factorReportBlock } from "../analysis/factorReport";
import { checkBlock } from "../compliance/check";
import { returnsBlock } from "../data/returns";
import { combineBlock } from "../factors/combine";
import { lowVolatilityBlock } from "../factors/lowVolatility";
import { momentumBlock } from "../factors/momentum";
import { rankBlock } from "../factors/rank";
import { reversalBlock } from "../factors/reversal";
import { zscoreBlock } from "../factors/zscore";
import { portfolioBlock } from "../optimize/portfolio";
import { liquidityBlock } from "../risk/liquidity";
import { stressBlock } from "../risk/stress";
import { varBlock } from "../risk/var";
import { covarianceBlock } from "../riskmodels/covariance";

/** Blocks an agent can ever reach (each role allows a subset). */
export const TOOL_BLOCKS: Record<string, AnyBlock> = Object.fromEntries([
  returnsBlock, momentumBlock, reversalBlock, lowVolatilityBlock, zscoreBlock, rankBlock, combineBlock,
  factorReportBlock, covarianceBlock, portfolioBlock, varBlock, stressBlock, liquidityBlock, checkBlock,
].map((b) => [b.id, b]));

export interface ToolRequest { params: Record<string, Json>; inputs: Record<string, Json> }
export type ToolAnswer = { outputs: Json } | { error: Problem };
export interface ToolCall { seq: number; block: string; request: ToolRequest; response: ToolAnswer }

export interface Role {
  id: string;
  title: string;
  goal: string;
  /** Block ids this role may call. */
  allowlist: string[];
  /** What it may write: the kinds of proposal it may make (never orders). */
  writes: string[];
}

/** A value exactly as JSON text carries it (-0 becomes 0), and a copy: the log never aliases live values. */
function strict(v: Json): Json {
  return JSON.parse(JSON.stringify(v)) as Json;
}

/** The strict-JSON call itself: same function for a live call and a replay. */
export function answer(block: AnyBlock, request: ToolRequest): ToolAnswer {
  try {
    return { outputs: strict(toJson(runBlock(block, request.params, request.inputs))) };
  } catch (err) {
    return { error: toProblem(err) };
  }
}

/** Replay a logged call through the same block: the answer it gives now. */
export function replay(call: Pick<ToolCall, "block" | "request">): ToolAnswer {
  const b = TOOL_BLOCKS[call.block];
  if (!b) return { error: { type: "unknown-block", title: "Unknown block", detail: `${call.block} is not an agent tool`, issues: [{ path: ["block"], message: "unknown tool" }] } };
  return answer(b, JSON.parse(JSON.stringify(call.request)) as ToolRequest);
}

export class ToolBox {
  readonly calls: ToolCall[] = [];
  constructor(readonly role: Role) {}

  /** Call a block by id with a strict-JSON request; throws a BlockError on refusal or on the block's error. */
  call(blockId: string, params: Record<string, unknown>, inputs: Record<string, unknown>): Record<string, Json> {
    const request: ToolRequest = { params: strict(toJson(params)) as Record<string, Json>, inputs: strict(toJson(inputs)) as Record<string, Json> };
    const seq = this.calls.length + 1;
    if (!this.role.allowlist.includes(blockId)) {
      const err = new BlockError("invalid-request", "Tool not allowed",
        `agent ${this.role.id} may not call ${blockId}; its allowlist is ${this.role.allowlist.join(", ")}`,
        [{ path: ["block"], message: `${blockId} is outside the allowlist of ${this.role.id}` }]);
      this.calls.push({ seq, block: blockId, request, response: { error: err.toProblem() } });
      throw err;
    }
    const block = TOOL_BLOCKS[blockId];
    if (!block) throw new BlockError("unknown-block", "Unknown tool", `${blockId} is not an agent tool (tools: ${Object.keys(TOOL_BLOCKS).join(", ")})`);
    const response = answer(block, request);
    this.calls.push({ seq, block: blockId, request, response });
    if ("error" in response) {
      const e = response.error;
      throw new BlockError(e.type, `${blockId} failed for agent ${this.role.id}`, e.detail, e.issues);
    }
    return response.outputs as Record<string, Json>;
  }
}
