/**
 * Desk agents in the studio (issue 9), kept apart from React so it is unit-tested:
 * recognising an agent's report and an approval record, short summaries of a
 * logged tool call's request and answer, the Markdown of a report cell, and the
 * cells that put a person's decision into the notebook (a decision code cell
 * and an `agents.approve` block cell bound to the agent's proposal).
 * Nothing here places an order: after an approval the studio only hints that a
 * person may add an orders.generate cell.
 */
import type { Cell, Notebook } from "../../kernel/document/schema";
import { freshName, newCellId } from "../state/ops";

export interface AgentRole { id: string; title: string; goal: string; allowlist: string[]; writes: string[] }
export interface AgentToolCall { seq: number; block: string; request: { params: Record<string, unknown>; inputs: Record<string, unknown> }; response: { outputs: unknown } | { error: { title?: string; detail?: string } } }
export interface AgentProposal {
  id: string; agent: string; kind: string; summary: string; payload: unknown; requires_approval: boolean;
  approval: { status: string; required_from: string; approver: string | null; comment: string | null };
}
export interface AgentReport { agent: string; role: AgentRole; tool_calls: AgentToolCall[]; findings: string[]; proposal: AgentProposal }
export interface ApprovalRecord {
  id: string; proposal_id: string; agent: string; kind: string; status: "approved" | "rejected";
  approver: string; comment: string | null; payload: unknown; orders_allowed: boolean; explanation?: string;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

export function isProposal(v: unknown): v is AgentProposal {
  return isObj(v) && typeof v.id === "string" && typeof v.agent === "string" && typeof v.summary === "string" && isObj(v.approval) && "requires_approval" in v;
}

/** An agent's report: {agent, role, tool_calls, findings, proposal}. */
export function isAgentReport(v: unknown): v is AgentReport {
  return isObj(v) && typeof v.agent === "string" && isObj(v.role) && Array.isArray(v.tool_calls) && Array.isArray(v.findings) && isProposal(v.proposal);
}

/** The report inside an agent block's outputs ({report, tool_calls, findings, proposal}) or the report itself. */
export function agentReportOf(v: unknown): AgentReport | null {
  if (isAgentReport(v)) return v;
  if (isObj(v) && isAgentReport(v.report)) return v.report;
  return null;
}

export function isApprovalRecord(v: unknown): v is ApprovalRecord {
  return isObj(v) && typeof v.proposal_id === "string" && (v.status === "approved" || v.status === "rejected") && typeof v.approver === "string" && typeof v.orders_allowed === "boolean";
}

/** The record inside agents.approve's outputs ({record, proposal}) or the record itself. */
export function approvalRecordOf(v: unknown): ApprovalRecord | null {
  if (isApprovalRecord(v)) return v;
  if (isObj(v) && isApprovalRecord(v.record)) return v.record;
  return null;
}

/** Whether a block id is an agent that writes a report (every agents.* but agents.approve). */
export function isAgentBlock(blockId: string): boolean {
  return blockId.startsWith("agents.") && blockId !== "agents.approve";
}

/** A value's shape in a few characters: numbers as they are, lists and objects by size. */
export function shortValue(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return v.length > 24 ? `"${v.slice(0, 21)}…"` : `"${v}"`;
  if (Array.isArray(v)) {
    if (depth > 0 || v.length > 4) return `[${v.length}]`;
    return `[${v.map((x) => shortValue(x, depth + 1)).join(", ")}]`;
  }
  if (isObj(v)) {
    if (Array.isArray(v.index) && Array.isArray(v.columns)) return `panel ${v.index.length}×${v.columns.length}`;
    if (Array.isArray(v.index) && Array.isArray(v.values)) return `series ${v.index.length}`;
    const keys = Object.keys(v);
    if (depth > 0) return `{${keys.length}}`;
    if (keys.length > 4) return `{${keys.length} keys}`;
    return `{${keys.map((k) => `${k}: ${shortValue(v[k], depth + 1)}`).join(", ")}}`;
  }
  return String(v);
}

/** `key=value, ...` of an object's entries, cut to `max` characters. */
export function summarizeEntries(o: Record<string, unknown> | undefined, max = 90): string {
  if (!o) return "";
  const s = Object.entries(o).map(([k, v]) => `${k}=${shortValue(v)}`).join(", ");
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** One logged call in three short columns: the block, its request (params; inputs), its answer (or error). */
export function summarizeToolCall(c: AgentToolCall): { block: string; request: string; response: string; error: boolean } {
  const params = summarizeEntries(c.request?.params);
  const inputs = summarizeEntries(c.request?.inputs);
  const request = [params && `params: ${params}`, inputs && `inputs: ${inputs}`].filter(Boolean).join("; ") || "(none)";
  if ("error" in c.response) return { block: c.block, request, response: `error: ${c.response.error.title ?? ""}${c.response.error.detail ? ` (${c.response.error.detail})` : ""}`, error: true };
  const outs = c.response.outputs;
  return { block: c.block, request, response: isObj(outs) ? summarizeEntries(outs) || "{}" : shortValue(outs), error: false };
}

function cellText(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The Markdown of a report cell: role and goal, tool calls, findings, proposal. */
export function reportMarkdown(cellName: string, r: AgentReport): string {
  const p = r.proposal;
  const lines = [
    `## Report of ${r.role.title} (\`${cellName}\`)`,
    "",
    `**Agent**: \`${r.agent}\`. **Goal**: ${r.role.goal}`,
    `**Allowlist**: ${r.role.allowlist.map((b) => `\`${b}\``).join(", ")}. **May write**: ${r.role.writes.join(", ")}.`,
    "",
    `### Tool calls (${r.tool_calls.length})`,
    "",
    `Each call is a strict-JSON request logged in \`${cellName}.tool_calls\`; replaying it through the same block (\`std.block(block, params, inputs)\`) gives the same answer.`,
    "",
    "| # | block | request | answer |",
    "|---|---|---|---|",
    ...r.tool_calls.map((c) => {
      const s = summarizeToolCall(c);
      return `| ${c.seq} | \`${s.block}\` | ${cellText(s.request)} | ${cellText(s.response)} |`;
    }),
    "",
    "### Findings",
    "",
    ...(r.findings.length ? r.findings.map((f) => `- ${f}`) : ["- (none)"]),
    "",
    "### Proposal",
    "",
    `**${p.kind}**: ${p.summary}`,
    "",
    `- Proposal id \`${p.id}\`, made by \`${p.agent}\`.`,
    p.requires_approval
      ? `- **Requires approval** by ${p.approval.required_from}; status: **${p.approval.status}**. Nothing is traded until a person approves it (agents.approve).`
      : `- Status: ${p.approval.status}.`,
  ];
  return lines.join("\n");
}

/** The name of a cell's report cell. */
export function reportCellName(cellName: string): string {
  return `${cellName}_report`;
}

/**
 * The edit that writes `cellName`'s report: replace the source of an existing
 * markdown cell named `<cell>_report`, or add one right after the agent cell.
 */
export function reportCellEdit(nb: Notebook, agentCellId: string, r: AgentReport): { op: "setSource"; id: string; source: string } | { op: "addCell"; cell: Cell; index: number } {
  const i = nb.cells.findIndex((c) => c.id === agentCellId);
  const agent = nb.cells[i];
  const name = reportCellName(agent.name);
  const source = reportMarkdown(agent.name, r);
  const existing = nb.cells.find((c) => c.name === name);
  if (existing && existing.kind === "markdown") return { op: "setSource", id: existing.id, source };
  return { op: "addCell", cell: { id: newCellId(), name: existing ? freshName(nb, name) : name, kind: "markdown", source }, index: i + 1 };
}

export interface Decision { decision: "approve" | "reject"; approver: string; note: string }

/** The decision as the code a cell returns: plain JSON, the shape agents.approve's `decision` port reads. */
export function decisionSource(d: Decision): string {
  const json = JSON.stringify({ approver: d.approver.trim(), decision: d.decision, comment: d.note.trim() }, null, 2);
  return `// ${d.decision === "approve" ? "Approval" : "Rejection"} recorded in the studio by ${d.approver.trim()}: the input of agents.approve below.\nreturn ${json};`;
}

/**
 * The two cells that record a person's decision on `agentCellId`'s proposal:
 * `<cell>_decision` (code returning {approver, decision, comment}) and
 * `<cell>_approval` (agents.approve bound to `<cell>.proposal` and the decision),
 * inserted after the agent cell and its report cell.
 */
export function approvalCells(nb: Notebook, agentCellId: string, d: Decision): { cells: [Cell, Cell]; index: number } {
  const i = nb.cells.findIndex((c) => c.id === agentCellId);
  const agent = nb.cells[i];
  let index = i + 1;
  while (index < nb.cells.length && nb.cells[index].name.startsWith(`${agent.name}_`)) index++;
  const decisionName = freshName(nb, `${agent.name}_decision`);
  const decision: Cell = { id: newCellId(), name: decisionName, kind: "code", source: decisionSource(d) };
  const withDecision: Notebook = { ...nb, cells: [...nb.cells, decision] };
  const approval: Cell = {
    id: newCellId(), name: freshName(withDecision, `${agent.name}_approval`), kind: "block", block: "agents.approve",
    params: {}, inputs: { proposal: `${agent.name}.proposal`, decision: decisionName },
  };
  return { cells: [decision, approval], index };
}

/** Why a decision cannot be recorded yet (empty name, an agent as approver), or null. */
export function decisionProblem(d: Decision): string | null {
  const a = d.approver.trim();
  if (!a) return "Enter the approver's name.";
  if (a.startsWith("agents.")) return "An agent cannot approve a proposal: a person must.";
  return null;
}
