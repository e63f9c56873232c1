import { describe, expect, it } from "vitest";
import { approvalCells, agentReportOf, approvalRecordOf, decisionProblem, decisionSource, isAgentBlock, reportCellEdit, reportMarkdown, summarizeToolCall, type AgentReport } from "../../../studio/outputs/agents";
import { renderMarkdown } from "../../../studio/outputs/markdown";
import { detectOutput } from "../../../studio/outputs/detect";
import { confusionRates } from "../../../studio/outputs/MlViews";
import { rocAuc } from "../../../studio/outputs/charts";
import { applyOp } from "../../../studio/state/ops";
import { starterNotebook } from "../../../studio/state/starter";
import type { Notebook } from "../../../kernel/document/schema";
import { complianceOfficerBlock } from "../../../blocks/agents/complianceOfficer";
import { approveBlock } from "../../../blocks/agents/proposal";
import { runBlock } from "../../../blocks/core/block";

function report(): AgentReport {
  const out = runBlock(complianceOfficerBlock, { ruleset: [{ rule: "max_weight", limit: 0.5, severity: "BLOCK" }] }, { weights: { A: 0.7, B: 0.3 } }) as Record<string, unknown>;
  return agentReportOf(out)!;
}

function withAgent(): Notebook {
  const nb = starterNotebook();
  return { ...nb, cells: [...nb.cells.slice(0, 2), { id: "agent", name: "compliance", kind: "block", block: "agents.compliance_officer", params: {}, inputs: {} }, ...nb.cells.slice(2)] };
}

describe("studio agents", () => {
  it("agentReportOf(compliance officer outputs) finds the report; detectOutput calls it an agent report", () => {
    const r = report();
    expect(r.agent).toBe("agents.compliance_officer");
    expect(r.tool_calls.map((c) => c.block)).toEqual(["compliance.check", "compliance.check"]);
    expect(detectOutput({ report: r, tool_calls: r.tool_calls, findings: r.findings, proposal: r.proposal }).type).toBe("agent-report");
  });

  it("isAgentBlock is true for the agents but not agents.approve", () => {
    expect(isAgentBlock("agents.risk_manager")).toBe(true);
    expect(isAgentBlock("agents.approve")).toBe(false);
    expect(isAgentBlock("ta.sma")).toBe(false);
  });

  it("summarizeToolCall(call) names the block and summarises request and answer", () => {
    const s = summarizeToolCall(report().tool_calls[0]);
    expect(s.block).toBe("compliance.check");
    expect(s.request).toContain("weights={A: 0.7, B: 0.3}");
    expect(s.response).toContain('status="BLOCK"');
    expect(s.error).toBe(false);
  });

  it("reportMarkdown(name, report) has the role, a tool-call table, the findings and the proposal requiring approval", () => {
    const r = report();
    const md = reportMarkdown("compliance", r);
    const html = renderMarkdown(md);
    expect(html).toContain("Compliance officer");
    expect(html).toContain("<table class=\"md-table\">");
    expect((html.match(/<tr>/g) ?? []).length).toBe(1 + r.tool_calls.length);
    for (const f of r.findings) expect(md).toContain(`- ${f}`);
    expect(md).toContain(r.proposal.summary);
    expect(md).toContain("Requires approval");
  });

  it("reportCellEdit adds compliance_report right after the agent, then replaces it", () => {
    const nb = withAgent();
    const op = reportCellEdit(nb, "agent", report());
    expect(op.op).toBe("addCell");
    const nb2 = applyOp(nb, op);
    const i = nb2.cells.findIndex((c) => c.name === "compliance");
    expect(nb2.cells[i + 1]).toMatchObject({ name: "compliance_report", kind: "markdown" });
    const again = reportCellEdit(nb2, "agent", report());
    expect(again.op).toBe("setSource");
    expect(applyOp(nb2, again).cells.filter((c) => c.name.startsWith("compliance_report")).length).toBe(1);
  });

  it("approvalCells binds agents.approve to compliance.proposal and a decision cell whose value agents.approve accepts", () => {
    const nb = withAgent();
    const { cells, index } = approvalCells(nb, "agent", { decision: "approve", approver: " Jane Doe ", note: "ok" });
    expect(index).toBe(3);
    expect(cells[1]).toMatchObject({ kind: "block", block: "agents.approve", inputs: { proposal: "compliance.proposal", decision: "compliance_decision" } });
    // The decision cell's code returns exactly the decision JSON.
    const src = decisionSource({ decision: "approve", approver: " Jane Doe ", note: "ok" });
    const decision = new Function(src)() as unknown;
    expect(decision).toEqual({ approver: "Jane Doe", decision: "approve", comment: "ok" });
    const out = runBlock(approveBlock, {}, { proposal: report().proposal, decision }) as Record<string, unknown>;
    const rec = approvalRecordOf(out)!;
    expect(rec.status).toBe("approved");
    expect(rec.approver).toBe("Jane Doe");
    expect(detectOutput(out).type).toBe("approval");
  });

  it("decisionProblem refuses an empty approver and an agent", () => {
    expect(decisionProblem({ decision: "approve", approver: "  ", note: "" })).toMatch(/name/);
    expect(decisionProblem({ decision: "reject", approver: "agents.risk_manager", note: "" })).toMatch(/person/);
    expect(decisionProblem({ decision: "reject", approver: "pm", note: "" })).toBeNull();
  });
});

describe("studio ML views", () => {
  it("confusionRates({tp: 30, fn: 10, fp: 20, tn: 40}) are tpr 0.75, fpr 1/3, precision 0.6, accuracy 0.7", () => {
    const r = confusionRates({ tp: 30, fn: 10, fp: 20, tn: 40 });
    expect(r.tpr).toBeCloseTo(0.75, 12);
    expect(r.fpr).toBeCloseTo(1 / 3, 12);
    expect(r.precision).toBeCloseTo(0.6, 12);
    expect(r.accuracy).toBeCloseTo(0.7, 12);
    expect(Number.isNaN(confusionRates({ tp: 0, fn: 0, fp: 0, tn: 1 }).tpr)).toBe(true);
  });

  it("rocAuc is 0.5 on the diagonal, 1 for a perfect curve, 0.75 for (0,0),(0,0.5),(1,1)", () => {
    expect(rocAuc([{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }])).toBeCloseTo(0.5, 12);
    expect(rocAuc([{ fpr: 0, tpr: 0 }, { fpr: 0, tpr: 1 }, { fpr: 1, tpr: 1 }])).toBeCloseTo(1, 12);
    // trapezoid: 1 x (0.5 + 1) / 2 = 0.75
    expect(rocAuc([{ fpr: 0, tpr: 0 }, { fpr: 0, tpr: 0.5 }, { fpr: 1, tpr: 1 }])).toBeCloseTo(0.75, 12);
  });

  it("detectOutput of a walk-forward record is ml-validation", () => {
    const v = { metrics: { auc: 0.5 }, confusion: { tp: 1, fp: 1, tn: 1, fn: 1 }, roc: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }], model: {} };
    expect(detectOutput(v).type).toBe("ml-validation");
  });

  it("renderMarkdown draws a pipe table and keeps an escaped bar in a cell", () => {
    const html = renderMarkdown("| a | b |\n|---|---|\n| x \\| y | <b> |");
    expect(html).toBe('<table class="md-table"><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>x | y</td><td>&lt;b&gt;</td></tr></tbody></table>');
  });
});
