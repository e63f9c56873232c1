/**
 * notebooks/ml_signals.json and notebooks/desk_agents.json, run headless in-process (native
 * DuckDB): every cell must succeed, and a few numbers are checked against values computed
 * here: the AUC as the Mann-Whitney statistic of the out-of-sample probabilities, the label
 * count from the CSV, buy-and-hold from the CSV closes, the historical VaR from the CSV,
 * each agent's logged tool calls replayed through the catalog, and the approval record.
 */
import { describe, expect, it } from "vitest";
import { readCsv, runNotebook as run } from "./harness";
import { runBlock } from "../../../blocks/core/block";
import { getBlock } from "../../../blocks/catalog";
import { daysToIso } from "../../../blocks/core/dates";
import { toJson } from "../../../blocks/core/json";
import type { Series } from "../../../blocks/core/values";


/** Mann-Whitney U / (n1 n0): the share of (positive, negative) pairs ranked right, ties one half. */
function mannWhitneyAuc(y: number[], p: number[]): number {
  const pos = p.filter((_, i) => y[i] === 1), neg = p.filter((_, i) => y[i] === 0);
  let u = 0;
  for (const a of pos) for (const b of neg) u += a > b ? 1 : a === b ? 0.5 : 0;
  return u / (pos.length * neg.length);
}

/** numpy's default (linear) quantile. */
function quantile(x: number[], q: number): number {
  const s = [...x].sort((a, b) => a - b);
  const h = (s.length - 1) * q, lo = Math.floor(h);
  return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}

describe("ml_signals.json", () => {
  const csv = readCsv("sp500-2000.csv");
  const close = csv.column("close");

  it("run(ml_signals.json) has no cell errors", async () => {
    const { errors } = await run("ml_signals.json");
    expect(errors).toEqual([]);
  });

  it("wf_logistic's pooled AUC is the Mann-Whitney statistic of its out-of-sample probabilities; confusion at p > 0.5", async () => {
    const { kernel } = await run("ml_signals.json");
    const wf = kernel.value("wf_logistic") as { predictions: Series; metrics: { auc: number; n: number }; confusion: { tp: number; fp: number; tn: number; fn: number } };
    const labels = (kernel.value("labels_tb") as { labels: Series }).labels;
    const byDay = new Map<number, number>();
    labels.index.forEach((d, i) => byDay.set(d, labels.values[i]));
    const y: number[] = [], p: number[] = [];
    wf.predictions.index.forEach((d, i) => {
      const q = wf.predictions.values[i], l = byDay.get(d);
      if (Number.isFinite(q) && l !== undefined && Number.isFinite(l)) { y.push(l > 0 ? 1 : 0); p.push(q); }
    });
    expect(y.length).toBe(wf.metrics.n);
    expect(wf.metrics.auc).toBeCloseTo(mannWhitneyAuc(y, p), 12);
    const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
    y.forEach((yy, i) => { const hat = p[i] > 0.5 ? 1 : 0; if (hat && yy) c.tp++; else if (hat) c.fp++; else if (yy) c.fn++; else c.tn++; });
    expect(wf.confusion).toEqual(c);
  });

  it("labels: sign(5) has rows - 5 labels, triple barrier(10, vol 20) rows - 10 - 20; t1 of the sign label is 5 rows on", async () => {
    const { kernel } = await run("ml_signals.json");
    const count = (s: Series) => s.values.reduce((n, v) => n + (Number.isFinite(v) ? 1 : 0), 0);
    const sign = kernel.value("labels_sign") as { labels: Series; t1: { values: (string | null)[] } };
    const tb = kernel.value("labels_tb") as { labels: Series };
    const rows = csv.dates.length;
    expect(count(sign.labels)).toBe(rows - 5);
    expect(count(tb.labels)).toBe(rows - 10 - 20);
    expect(sign.t1.values[0]).toBe(csv.dates[5]);
    // sign of close[t+5]/close[t] - 1 on the first date
    expect(sign.labels.values[0]).toBe(Math.sign(close[5] / close[0] - 1));
  });

  it("buy-and-hold over the out-of-sample days is close[last]/close[first prediction] - 1 from the CSV", async () => {
    const { kernel } = await run("ml_signals.json");
    const cmp = kernel.value("vs_buy_and_hold") as { out_of_sample_from: string; days: number; buy_and_hold: { total_return: number } };
    const i0 = csv.dates.indexOf(cmp.out_of_sample_from);
    expect(i0).toBeGreaterThan(0);
    expect(cmp.days).toBe(close.length - 1 - i0);
    expect(cmp.buy_and_hold.total_return).toBeCloseTo(close[close.length - 1] / close[i0] - 1, 10);
    const strat = kernel.value("strategy") as { predictions: Series };
    expect(daysToIso(strat.predictions.index[strat.predictions.values.findIndex((v) => Number.isFinite(v))])).toBe(cmp.out_of_sample_from);
  });
});

interface ToolCall { seq: number; block: string; request: { params: Record<string, unknown>; inputs: Record<string, unknown> }; response: { outputs?: unknown; error?: unknown } }
interface Report { agent: string; role: { allowlist: string[] }; tool_calls: ToolCall[]; proposal: { id: string; agent: string; payload: unknown; approval: { status: string } } }

describe("desk_agents.json", () => {
  const agents = ["quant", "strategist", "risk", "compliance"];

  it("run(desk_agents.json) has no cell errors", async () => {
    const { errors } = await run("desk_agents.json");
    expect(errors).toEqual([]);
  });

  it("every logged tool call of every agent replays to the same JSON through runBlock(getBlock(id))", async () => {
    const { kernel } = await run("desk_agents.json");
    for (const name of agents) {
      const r = (kernel.value(name) as { report: Report }).report;
      expect(r.tool_calls.length).toBeGreaterThan(0);
      for (const c of r.tool_calls) {
        expect(r.role.allowlist).toContain(c.block);
        expect(c.response.error).toBeUndefined();
        const again = JSON.parse(JSON.stringify(toJson(runBlock(getBlock(c.block), c.request.params, c.request.inputs))));
        expect(again, `${r.agent} call ${c.seq} (${c.block})`).toEqual(c.response.outputs);
      }
      expect(r.role.allowlist.some((id) => id.startsWith("orders."))).toBe(false);
    }
  });

  it("the risk manager's 99% historical VaR is minus the 1% quantile of sum w_i r_i from the CSV closes", async () => {
    const { kernel } = await run("desk_agents.json");
    const w = kernel.value("strategist_book") as Record<string, number>;
    const csv = readCsv("stock_prices.csv");
    const i0 = csv.dates.findIndex((d) => d >= "2015-01-01");
    const cols = Object.keys(w).map((s) => ({ w: w[s], c: csv.column(s) }));
    const r: number[] = [];
    for (let t = i0 + 1; t < csv.dates.length; t++) r.push(cols.reduce((s, { w: wi, c }) => s + wi * (c[t] / c[t - 1] - 1), 0));
    const risk = (kernel.value("risk") as { proposal: { payload: { measured: { var: number } } } }).proposal.payload.measured;
    expect(risk.var).toBeCloseTo(-quantile(r, 0.01), 10);
  });

  it("approval records pm@desk's decision on the compliance proposal; its weights meet the ruleset; the others stay pending", async () => {
    const { kernel } = await run("desk_agents.json");
    const approval = kernel.value("approval") as { record: { approver: string; status: string; orders_allowed: boolean; proposal_id: string; comment: string | null; payload: { proposed_weights: Record<string, number> } }; proposal: { approval: { approver: string; status: string } } };
    const compliance = (kernel.value("compliance") as { proposal: Report["proposal"] }).proposal;
    expect(approval.record.approver).toBe("pm@desk");
    expect(approval.record.status).toBe("approved");
    expect(approval.record.orders_allowed).toBe(true);
    expect(approval.record.comment).toMatch(/\S/);
    expect(approval.record.proposal_id).toBe(compliance.id);
    expect(approval.record.payload).toEqual(compliance.payload);
    expect(approval.proposal.approval).toMatchObject({ approver: "pm@desk", status: "approved" });
    expect(compliance.approval.status).toBe("pending"); // the agent's own output is never approved in place
    // The approved weights against the mandate, by hand: long only, <= 10% each, gross <= 1, SHLD out, sectors <= 35%.
    const w = approval.record.payload.proposed_weights;
    const groups = (kernel.value("desk") as { groups: Record<string, string> }).groups;
    const sectors: Record<string, number> = {};
    let gross = 0;
    for (const [a, x] of Object.entries(w)) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(0.1 + 1e-12);
      gross += Math.abs(x);
      sectors[groups[a]] = (sectors[groups[a]] ?? 0) + x;
    }
    expect(gross).toBeLessThanOrEqual(1 + 1e-12);
    expect(w.SHLD).toBe(0);
    for (const s of Object.values(sectors)) expect(s).toBeLessThanOrEqual(0.35 + 1e-12);
    const guard = kernel.value("guardrails") as { agent_approves_itself: string; still_pending: string[] };
    expect(guard.agent_approves_itself).toMatch(/cannot approve/);
    expect(guard.still_pending.every((s) => s.endsWith("pending"))).toBe(true);
    const orders = kernel.value("pm_orders") as { approved_by: string; orders: unknown[] };
    expect(orders.approved_by).toBe("pm@desk");
    expect(orders.orders.length).toBeGreaterThan(0);
  });
});
