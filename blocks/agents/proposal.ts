/**
 * Proposals and their approval. An agent never places an order: it returns a proposal
 * with `requires_approval: true` and a pending `approval` gate; agents.approve records a
 * person's decision on it. Only an approved record may lead to orders (orders.generate /
 * orders.paper_book, run by a person). The proposal's `id` is a content hash of what the
 * agent proposed (agent, kind, summary, payload), so a proposal changed after the agent
 * made it is refused; records carry no clock time (deterministic; the notebook dates them).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { BlockError, inputError } from "../core/errors";
import type { Json } from "../core/json";
import { port } from "../core/ports";
import { canonicalJson, contentHash } from "../orders/schema";
import type { Role, ToolCall } from "./toolbox";

export interface Approval { status: "pending" | "approved" | "rejected"; required_from: string; approver: string | null; comment: string | null }
export interface Proposal {
  id: string; agent: string; kind: string; summary: string; payload: Json;
  requires_approval: true; approval: Approval;
}

export function makeProposal(agent: string, kind: string, summary: string, payload: Json): Proposal {
  return {
    id: contentHash(canonicalJson({ agent, kind, summary, payload })),
    agent, kind, summary, payload, requires_approval: true,
    approval: { status: "pending", required_from: "a person with authority over the book (portfolio manager)", approver: null, comment: null },
  };
}

export interface AgentReport { agent: string; role: Role; tool_calls: ToolCall[]; findings: string[]; proposal: Proposal }

/** Block outputs of an agent run. */
export function reportOutputs(r: AgentReport): Record<string, unknown> {
  return { report: r, tool_calls: r.tool_calls, findings: r.findings, proposal: r.proposal };
}

export const agentOutputs = {
  report: { kind: "object" as const, description: "{agent, role, tool_calls, findings, proposal}" },
  tool_calls: { kind: "list" as const, description: "[{seq, block, request: {params, inputs}, response: {outputs} | {error}}], replayable" },
  findings: { kind: "list" as const, description: "what the agent found, one sentence each" },
  proposal: { kind: "object" as const, description: "the proposal; requires_approval true, approval pending" },
};

export const proposalSchema = z.object({
  id: z.string(), agent: z.string(), kind: z.string(), summary: z.string(), payload: z.unknown(),
  requires_approval: z.literal(true),
  approval: z.object({ status: z.enum(["pending", "approved", "rejected"]), required_from: z.string(), approver: z.string().nullable(), comment: z.string().nullable() }),
});

export const decisionSchema = z.object({
  approver: z.string().trim().min(1).describe("the person deciding (name or id)"),
  decision: z.enum(["approve", "reject"]),
  comment: z.string().default(""),
});

export const approveBlock = defineBlock({
  id: "agents.approve",
  title: "Approve a proposal",
  description: "A person's decision on an agent's proposal: returns the approved or rejected record. Refuses a proposal already decided, changed since the agent made it, or approved by an agent.",
  category: "agents",
  params: z.object({}),
  inputs: {
    proposal: port.json(proposalSchema, "a proposal from an agents.* block"),
    decision: port.json(decisionSchema, "{approver, decision: approve | reject, comment}"),
  },
  outputs: {
    record: { kind: "object", description: "{id, proposal_id, agent, kind, status, approver, comment, payload, orders_allowed}" },
    proposal: { kind: "object", description: "the proposal with its approval gate filled" },
  },
  compute: (_params, inputs) => {
    const p = inputs.proposal;
    const d = inputs.decision;
    if (p.approval.status !== "pending") throw inputError(["inputs", "proposal", "approval", "status"], `proposal ${p.id} was already ${p.approval.status} by ${p.approval.approver}`);
    const expected = contentHash(canonicalJson({ agent: p.agent, kind: p.kind, summary: p.summary, payload: p.payload }));
    if (expected !== p.id) throw new BlockError("invalid-inputs", "Proposal changed", `proposal ${p.id} does not match its content (hash ${expected}): it was changed after ${p.agent} made it; ask the agent again`, [{ path: ["inputs", "proposal", "id"], message: "content hash mismatch" }]);
    if (d.approver === p.agent || d.approver.startsWith("agents.")) throw inputError(["inputs", "decision", "approver"], `an agent (${d.approver}) cannot approve a proposal: a person must`);
    const status = d.decision === "approve" ? "approved" : "rejected";
    const comment = d.comment || null;
    const record = {
      id: contentHash(canonicalJson({ proposal: p.id, approver: d.approver, status, comment })),
      proposal_id: p.id, agent: p.agent, kind: p.kind, status, approver: d.approver, comment,
      payload: status === "approved" ? p.payload : null,
      orders_allowed: status === "approved",
      explanation: status === "approved"
        ? `${d.approver} approved ${p.agent}'s ${p.kind} proposal ${p.id}: it may now be turned into orders by a person (orders.generate, orders.paper_book).`
        : `${d.approver} rejected ${p.agent}'s ${p.kind} proposal ${p.id}: nothing may be traded from it.`,
    };
    return { record, proposal: { ...p, approval: { ...p.approval, status, approver: d.approver, comment } } };
  },
});
