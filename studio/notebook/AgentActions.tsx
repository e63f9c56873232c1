/**
 * An agent cell's result with its human-in-the-loop actions: "Write report cell"
 * (a Markdown cell `<cell>_report` right after it, replaced when it exists) and
 * "Approve…" / "Reject…" (an inline form for the approver's name and a note, then
 * a decision cell and an agents.approve cell bound to `<cell>.proposal`). The
 * studio never places orders.
 */
import { useState } from "react";
import type { BlockCell } from "../../kernel/document/schema";
import { useNotebook } from "../state";
import { useStudio } from "../ui/context";
import { AgentReportView, DecisionForm } from "../outputs/AgentViews";
import { approvalCells, reportCellEdit, reportCellName, type AgentReport, type Decision } from "../outputs/agents";

export function AgentCellOutput({ cell, report }: { cell: BlockCell; report: AgentReport }) {
  const { store, session, edit, toast, select } = useStudio();
  const nb = useNotebook(store);
  const [deciding, setDeciding] = useState<Decision["decision"] | null>(null);
  const decisions = nb.cells.filter((c) => c.kind === "block" && c.block === "agents.approve" && c.inputs.proposal?.split(".")[0] === cell.name);
  const hasReport = nb.cells.some((c) => c.name === reportCellName(cell.name) && c.kind === "markdown");

  const writeReport = () => {
    const op = reportCellEdit(store.getState(), cell.id, report);
    if (edit(op) === null) {
      toast(`${op.op === "addCell" ? "Wrote" : "Rewrote"} the report cell ${op.op === "addCell" ? op.cell.name : reportCellName(cell.name)}.`);
      if (op.op === "addCell") select(op.cell.id);
    }
  };
  const record = (d: Decision) => {
    const { cells, index } = approvalCells(store.getState(), cell.id, d);
    if (edit({ op: "addCell", cell: cells[0], index }) !== null) return;
    if (edit({ op: "addCell", cell: cells[1], index: index + 1 }) !== null) return;
    setDeciding(null);
    select(cells[1].id);
    if (!store.trusted()) toast(`The decision cell ${cells[0].name} is code: trust this notebook to run it.`, "warn");
    else toast(`${d.decision === "approve" ? "Approval" : "Rejection"} by ${d.approver.trim()} recorded in ${cells[1].name}.`);
    void session.run();
  };

  const actions = (
    <span className="agent-actions">
      <button type="button" className="small" onClick={writeReport} title={`write the findings, tool calls and proposal into a Markdown cell ${reportCellName(cell.name)} after this one`}>
        {hasReport ? "Rewrite report cell" : "Write report cell"}
      </button>
    </span>
  );
  return (
    <AgentReportView report={report} title={cell.name} actions={actions}>
      {report.proposal.approval.status === "pending" && (
        <div className="proposal-actions">
          {deciding === null ? (
            <>
              <button type="button" className="small approve-btn" onClick={() => setDeciding("approve")}>Approve…</button>
              <button type="button" className="small reject-btn" onClick={() => setDeciding("reject")}>Reject…</button>
              {decisions.length > 0 && (
                <span className="muted small">Decision recorded in {decisions.map((c, i) => <span key={c.id}>{i > 0 && ", "}<button type="button" className="link small" onClick={() => select(c.id)}>{c.name}</button></span>)}.</span>
              )}
            </>
          ) : (
            <DecisionForm decision={deciding} onSubmit={record} onCancel={() => setDeciding(null)} />
          )}
        </div>
      )}
    </AgentReportView>
  );
}
