/**
 * How an agent's report and a person's decision on it look: the role and goal,
 * the findings, the proposal in a box with its approval badge, the logged tool
 * calls folded (each replayable), and the APPROVED / REJECTED record of
 * agents.approve. The buttons (write a report cell, approve, reject) are passed
 * in by the notebook, which owns the document.
 */
import { useState, type ReactNode } from "react";
import { summarizeToolCall, type AgentReport, type ApprovalRecord, type Decision, decisionProblem } from "./agents";

export function AgentReportView({ report, title, actions, children }: { report: AgentReport; title?: string; actions?: ReactNode; children?: ReactNode }) {
  const p = report.proposal;
  const status = p.approval.status;
  return (
    <div className="agent-report" data-agent={report.agent}>
      <div className="agent-head">
        <span className="agent-role">{report.role.title}</span>
        <code className="muted small">{report.agent}</code>
        {title && <span className="muted small">in <code>{title}</code></span>}
        <span className="grow" />
        {actions}
      </div>
      <p className="agent-goal"><strong>Goal:</strong> {report.role.goal}</p>
      <div className="agent-findings">
        <strong className="chart-title">Findings</strong>
        <ul className="list-output">{report.findings.map((f, i) => <li key={i}>{f}</li>)}</ul>
      </div>
      <div className={`proposal-box proposal-${status}`} data-testid="proposal">
        <div className="proposal-head">
          <strong>Proposal</strong> <span className="tag">{p.kind}</span>
          <span className={`badge badge-${status}`}>{status === "pending" ? "awaiting approval" : status}</span>
        </div>
        <p className="proposal-summary">{p.summary}</p>
        <p className="muted small">
          {p.requires_approval ? <>Requires approval by {p.approval.required_from}. </> : null}
          Nothing is traded from a proposal. Id <code>{p.id}</code>.
        </p>
        {children}
      </div>
      <ToolCalls report={report} />
    </div>
  );
}

function ToolCalls({ report }: { report: AgentReport }) {
  const calls = report.tool_calls;
  return (
    <details className="agent-tools">
      <summary><strong>Tool calls ({calls.length})</strong> <span className="muted small">allowlist: {report.role.allowlist.join(", ")}</span></summary>
      <p className="muted small">
        Replay: each call is a strict-JSON request logged in the report's <code>tool_calls</code>; sending it again to the same block
        (<code>std.block(call.block, call.request.params, call.request.inputs)</code> in a code cell) gives the same answer.
      </p>
      <div className="grid-scroll">
        <table className="mini-table tool-table">
          <thead><tr><th>#</th><th>block</th><th>request</th><th>answer</th></tr></thead>
          <tbody>
            {calls.map((c) => {
              const s = summarizeToolCall(c);
              return (
                <tr key={c.seq} className={s.error ? "neg" : ""}>
                  <td className="num">{c.seq}</td><td><code>{s.block}</code></td><td className="small">{s.request}</td><td className="small">{s.response}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** The small inline form of a decision: the approver's name and a note. */
export function DecisionForm({ decision, onSubmit, onCancel }: { decision: Decision["decision"]; onSubmit(d: Decision): void; onCancel(): void }) {
  const [approver, setApprover] = useState("");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    const d: Decision = { decision, approver, note };
    const p = decisionProblem(d);
    if (p) { setProblem(p); return; }
    onSubmit(d);
  };
  return (
    <form className={`decision-form decision-${decision}`} aria-label={`${decision} proposal`} onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <strong>{decision === "approve" ? "Approve this proposal" : "Reject this proposal"}</strong>
      <label>Approver <input aria-label="approver" value={approver} autoFocus placeholder="your name" onChange={(e) => { setApprover(e.target.value); setProblem(null); }} /></label>
      <label className="grow-label">Note <input aria-label="note" value={note} placeholder={decision === "approve" ? "why it is approved, conditions" : "why it is rejected"} onChange={(e) => setNote(e.target.value)} /></label>
      <span className="decision-buttons">
        <button type="submit" className={decision === "approve" ? "primary" : "warn"}>{decision === "approve" ? "Record approval" : "Record rejection"}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </span>
      {problem && <span className="field-error" role="alert">{problem}</span>}
      <span className="muted small">Adds a decision cell and an <code>agents.approve</code> cell after this one: the decision becomes part of the notebook.</span>
    </form>
  );
}

export function ApprovalView({ record }: { record: ApprovalRecord }) {
  const approved = record.status === "approved";
  return (
    <div className={`approval-record approval-${record.status}`} data-testid="approval-record">
      <div className="approval-head">
        <span className={`approval-stamp ${approved ? "ok" : "no"}`}>{approved ? "APPROVED" : "REJECTED"}</span>
        <span>by <strong className="approver">{record.approver}</strong></span>
        <span className="muted small">{record.kind} proposal <code>{record.proposal_id}</code> of <code>{record.agent}</code></span>
      </div>
      {record.comment && <p className="approval-note">“{record.comment}”</p>}
      {record.explanation && <p className="muted small">{record.explanation}</p>}
      <p className="small approval-orders">
        {approved
          ? <>Orders allowed: a person may now add an <code>orders.generate</code> cell from this record&apos;s approved payload. The studio places no orders.</>
          : <>Orders not allowed: nothing may be traded from this proposal.</>}
      </p>
    </div>
  );
}
