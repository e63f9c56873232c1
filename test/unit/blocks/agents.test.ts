import { describe, expect, it } from "vitest";
import { runBlock } from "../../../blocks/core/block";
import { BlockError } from "../../../blocks/core/errors";
import { toJson } from "../../../blocks/core/json";
import { findBlock } from "../../../blocks/catalog";
import { quantAnalystBlock } from "../../../blocks/agents/quantAnalyst";
import { marketStrategistBlock } from "../../../blocks/agents/marketStrategist";
import { riskManagerBlock } from "../../../blocks/agents/riskManager";
import { complianceOfficerBlock } from "../../../blocks/agents/complianceOfficer";
import { approveBlock } from "../../../blocks/agents/proposal";
import { ROLES } from "../../../blocks/agents/roles";
import { ToolBox } from "../../../blocks/agents/toolbox";

const day = (t: number) => new Date(Date.UTC(2021, 0, 1 + t)).toISOString().slice(0, 10);

/**
 * Six assets whose daily returns are g_j + a_j s_t with s_t = +1, -1, +1, ... and g_j, a_j
 * increasing in j: over an even number of rows the swings cancel ((1+g+a)(1+g-a) grows with
 * j), so momentum and 2-row forward returns rank assets alike (IC +1), reversal ranks them
 * backwards (IC -1) and volatility grows with a_j (low volatility: IC -1).
 */
function trendPrices(n = 80) {
  const cols = ["A", "B", "C", "D", "E", "F"];
  const px = cols.map(() => 100);
  const values: number[][] = [px.slice()];
  for (let t = 1; t < n; t++) {
    const s = t % 2 ? 1 : -1;
    cols.forEach((_, j) => { px[j] *= 1 + 0.001 * j + 0.001 * (j + 1) * s; });
    values.push(px.slice());
  }
  return { index: Array.from({ length: n }, (_, t) => day(t)), columns: cols, values };
}

/** Noisy prices (deterministic LCG) for the strategist and the risk manager. */
function noisyPrices(n = 260, m = 5) {
  let s = 11;
  const rand = () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
  const cols = Array.from({ length: m }, (_, j) => `S${j}`);
  const px = cols.map(() => 100);
  const values: number[][] = [];
  for (let t = 0; t < n; t++) { cols.forEach((_, j) => { px[j] *= 1 + 0.0004 * j + 0.012 * (rand() - 0.5); }); values.push(px.slice()); }
  return { index: Array.from({ length: n }, (_, t) => day(t)), columns: cols, values };
}

const qaParams = { momentum: { lookback: 10, skip: 2 }, reversal: { lookback: 4 }, low_volatility: { window: 6 }, horizon: 2, quantiles: 3 };
const prices = trendPrices();
const noisy = noisyPrices();
const returns = { index: noisy.index.slice(1), columns: noisy.columns, values: noisy.values.slice(1).map((r, t) => r.map((x, j) => x / noisy.values[t][j] - 1)) };
const book = { S0: 0.4, S1: 0.3, S2: 0.3, S3: 0.2, S4: 0.1 };
const ruleset = [{ rule: "max_weight", limit: 0.3, severity: "BLOCK" }, { rule: "restricted", symbols: ["S4"], severity: "BLOCK" }, { rule: "max_names", limit: 10, severity: "REVIEW" }];

const runs = {
  quant: () => toJson(runBlock(quantAnalystBlock, qaParams, { prices })) as any,
  strategist: () => toJson(runBlock(marketStrategistBlock, { momentum: { lookback: 60, skip: 5 } }, { prices: noisy })) as any,
  risk: () => toJson(runBlock(riskManagerBlock, { limits: { var: 0.002, es: 0.03, stress_loss: 0.5, liquidity_days: 5 } }, { weights: book, returns })) as any,
  compliance: () => toJson(runBlock(complianceOfficerBlock, { ruleset }, { weights: book })) as any,
};
const reports = Object.fromEntries(Object.entries(runs).map(([k, f]) => [k, f()])) as Record<keyof typeof runs, any>;

describe("agents", () => {
  it("quant_analyst(trend prices) finds IC +1 for momentum, -1 for reversal and low volatility, and proposes momentum alone", () => {
    const r = reports.quant;
    const ic = r.proposal.payload.evidence.ic;
    expect(ic.momentum.mean).toBeCloseTo(1, 12);
    expect(ic.reversal.mean).toBeCloseTo(-1, 12);
    expect(ic.low_volatility.mean).toBeCloseTo(-1, 12);
    expect(r.proposal.payload.combine).toEqual({ block: "factor.combine", params: { weights: { momentum: 1 } } });
    expect(r.proposal.payload.evidence.combined_ic.mean).toBeCloseTo(1, 12);
    expect(r.tool_calls.map((c: any) => c.block)).toEqual([
      "factor.momentum", "factor.zscore", "analysis.factor_report", "factor.reversal", "factor.zscore", "analysis.factor_report",
      "factor.low_volatility", "factor.zscore", "analysis.factor_report", "factor.combine", "analysis.factor_report",
    ]);
  });

  it("every agent gives the same report for the same input (deterministic)", () => {
    for (const [k, f] of Object.entries(runs)) expect(f(), k).toEqual(reports[k as keyof typeof runs]);
  });

  it("every logged tool call replays through the catalog's block to the same outputs", () => {
    for (const r of Object.values(reports)) {
      for (const call of JSON.parse(JSON.stringify(r.tool_calls))) {
        const block = findBlock(call.block);
        expect(block, call.block).toBeDefined();
        expect(JSON.stringify(toJson(runBlock(block!, call.request.params, call.request.inputs)))).toBe(JSON.stringify(call.response.outputs));
      }
    }
  });

  it("a tool outside the role's allowlist is refused with an error naming the role, the block and the allowlist, and logged", () => {
    const tb = new ToolBox(ROLES.risk_manager);
    expect(() => tb.call("orders.paper_book", {}, { orders: [], prices: {} })).toThrow(BlockError);
    expect(() => tb.call("optimize.portfolio", {}, {})).toThrow(/agent agents\.risk_manager may not call optimize\.portfolio; its allowlist is risk\.var, risk\.stress, risk\.liquidity/);
    expect(tb.calls.map((c) => [c.block, "error" in c.response && c.response.error.title])).toEqual([["orders.paper_book", "Tool not allowed"], ["optimize.portfolio", "Tool not allowed"]]);
    for (const role of Object.values(ROLES)) expect(role.allowlist.some((id) => id.startsWith("orders."))).toBe(false);
  });

  it("market_strategist views are Q = pi + scale z sigma with pi = delta S w_mkt, and confidences 0.6 min(1, |z|/2)", () => {
    const r = reports.strategist;
    const S = r.tool_calls.find((c: any) => c.block === "risk.covariance").response.outputs.covariance.values as number[][];
    const zRows = r.tool_calls.find((c: any) => c.block === "factor.zscore").response.outputs.scores.values;
    const z = zRows[zRows.length - 1] as number[];
    const m = S.length;
    const views = r.proposal.payload.views;
    expect(views.assets.length).toBeGreaterThan(0);
    views.assets.forEach((a: string, k: number) => {
      const i = Number(a.slice(1));
      let pi = 0;
      for (let j = 0; j < m; j++) pi += 2.5 * S[i][j] / m;
      expect(Math.abs(z[i])).toBeGreaterThanOrEqual(0.5);
      expect(views.P[k]).toEqual(Array.from({ length: m }, (_, j) => (j === i ? 1 : 0)));
      expect(views.Q[k]).toBeCloseTo(pi + 0.25 * z[i] * Math.sqrt(S[i][i]), 14);
      expect(views.confidences[k]).toBeCloseTo(Math.max(0.05, 0.6 * Math.min(1, Math.abs(z[i]) / 2)), 14);
    });
    const w = Object.values(r.proposal.payload.weights) as number[];
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(r.proposal.requires_approval).toBe(true);
    expect(r.proposal.approval.status).toBe("pending");
  });

  it("risk_manager scales the book by limit / VaR, and the scaled book's VaR is that fraction of the old one", () => {
    const r = reports.risk;
    const [before, stress, after] = r.tool_calls;
    expect([before.block, stress.block, after.block]).toEqual(["risk.var", "risk.stress", "risk.var"]);
    // the default scenario shocks every held asset -20%: pnl = -0.2 x sum of weights
    expect(stress.response.outputs.scenarios[0].pnl).toBeCloseTo(-0.2 * 1.3, 14);
    const v = before.response.outputs.var;
    expect(v).toBeGreaterThan(0.002);
    const k = 0.002 / v;
    const action = r.proposal.payload.actions[0];
    expect(action.type).toBe("scale");
    expect(action.factor).toBeCloseTo(k, 14);
    expect(r.proposal.payload.proposed_weights.S0).toBeCloseTo(0.4 * k, 14);
    expect(after.response.outputs.var).toBeCloseTo(0.002, 12); // historical VaR is positively homogeneous
  });

  it("compliance_officer explains each breach and proposes clipping to 30% and selling the restricted name, which then passes", () => {
    const r = reports.compliance;
    expect(r.findings[0]).toBe("Status BLOCK: 2 of 3 rules breached.");
    expect(r.findings[1]).toMatch(/^max_weight \(BLOCK\): S0 at 40% exceeds the maximum weight of 30%\. Why it matters/);
    expect(r.findings[2]).toMatch(/^restricted \(BLOCK\): S4.*Why it matters/);
    expect(r.proposal.payload.proposed_weights).toEqual({ S0: 0.3, S1: 0.3, S2: 0.3, S3: 0.2, S4: 0 });
    expect(r.proposal.payload.status_after).toBe("OK");
  });

  describe("agents.approve", () => {
    const proposal = reports.compliance.proposal;
    it("approve(proposal, jane approves) is an approved record that allows orders; rejecting does not", () => {
      const ok = toJson(runBlock(approveBlock, {}, { proposal, decision: { approver: "jane", decision: "approve", comment: "fine" } })) as any;
      expect(ok.record).toMatchObject({ proposal_id: proposal.id, status: "approved", approver: "jane", comment: "fine", orders_allowed: true });
      expect(ok.record.payload).toEqual(proposal.payload);
      expect(ok.proposal.approval).toMatchObject({ status: "approved", approver: "jane" });
      const no = toJson(runBlock(approveBlock, {}, { proposal, decision: { approver: "jane", decision: "reject" } })) as any;
      expect(no.record).toMatchObject({ status: "rejected", orders_allowed: false, payload: null });
      expect(() => runBlock(approveBlock, {}, { proposal: ok.proposal, decision: { approver: "bob", decision: "approve" } })).toThrow(/already approved by jane/);
    });
    it("approve refuses a proposal changed after the agent made it, and an agent as approver", () => {
      const tampered = JSON.parse(JSON.stringify(proposal));
      tampered.payload.proposed_weights.S4 = 0.5;
      expect(() => runBlock(approveBlock, {}, { proposal: tampered, decision: { approver: "jane", decision: "approve" } })).toThrow(/changed after agents\.compliance_officer made it/);
      expect(() => runBlock(approveBlock, {}, { proposal, decision: { approver: "agents.risk_manager", decision: "approve" } })).toThrow(/cannot approve/);
    });
  });
});
