import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import Dexie from "dexie";
import { StudioDb } from "../../../studio/persistence/db";
import { compareRuns, datasetVersion, downsample, equityOf, kpisOf, listRuns, recordRun, runRowOf } from "../../../studio/runs/runs";
import { starterNotebook } from "../../../studio/state/starter";
import type { BlockCell, Notebook } from "../../../kernel/document/schema";
import { Persistence } from "../../../studio/persistence/controller";
import { createDocumentStore } from "../../../studio/state/store";
import type { KernelSession, SessionState } from "../../../studio/kernel/session";

const dbs: StudioDb[] = [];
afterEach(async () => { for (const db of dbs.splice(0)) { db.close(); await Dexie.delete(db.name); } });

const equity = (n: number) => ({ kind: "series" as const, index: Int32Array.from({ length: n }, (_, i) => 19000 + i), values: Float64Array.from({ length: n }, (_, i) => 1 + i / 1000) });

describe("run history", () => {
  it("downsample(series, 5) keeps the first and last points and evenly spaced ones between", () => {
    const s = equity(101);
    const d = downsample(s, 5);
    expect(Array.from(d.index)).toEqual([19000, 19025, 19050, 19075, 19100]);
    expect(d.values[4]).toBeCloseTo(1.1, 12);
    expect(downsample(equity(3), 5).index.length).toBe(3);
  });

  it("kpisOf reads kpis / diagnostics records and top-level numbers; NaN becomes null", () => {
    expect(kpisOf({ equity: equity(3), kpis: { sharpe: 1.5, max_drawdown: -0.2, calmar: NaN } })).toEqual({ sharpe: 1.5, max_drawdown: -0.2, calmar: null });
    expect(kpisOf({ weights: { A: 0.5 }, diagnostics: { expected_return: 0.08, volatility: 0.15, sharpe: 0.53 } })).toEqual({ expected_return: 0.08, volatility: 0.15, sharpe: 0.53 });
    expect(equityOf({ equity: equity(4) })?.index.length).toBe(4);
    expect(equityOf({ weights: {} })).toBeNull();
  });

  it("datasetVersion changes with the data's content hash and not with a description", () => {
    const nb = starterNotebook();
    const withRef = (hash: string): Notebook => ({ ...nb, datasets: [{ name: "mine", source: { kind: "reference", file: "library/x.csv", hash } }] });
    expect(datasetVersion(withRef("aaa"))).not.toBe(datasetVersion(withRef("bbb")));
    expect(datasetVersion({ ...withRef("aaa"), datasets: [{ ...withRef("aaa").datasets[0], description: "new words" }] })).toBe(datasetVersion(withRef("aaa")));
  });

  it("runRowOf + recordRun + listRuns keep params, data version, KPIs and a typed-array equity curve per notebook", async () => {
    const db = new StudioDb(`test-runs-${Date.now()}`);
    dbs.push(db);
    const nb = starterNotebook();
    const cell: BlockCell = { id: "bt", name: "bt", kind: "block", block: "backtest.run", params: { cost_bps: 5, rebalance: "monthly" }, inputs: { prices: "px" } };
    await recordRun(db, runRowOf(nb, cell, { equity: equity(1000), kpis: { sharpe: 1 } }, { ms: 30 }));
    await recordRun(db, { ...runRowOf(nb, { ...cell, params: { cost_bps: 10, rebalance: "monthly" } }, { equity: equity(10), kpis: { sharpe: 0.8 } }, { ms: 20 }), at: Date.now() + 1 });
    await recordRun(db, runRowOf({ ...nb, id: "other" }, cell, { kpis: {} }, { ms: 1 }));
    const runs = await listRuns(db, nb.id);
    expect(runs).toHaveLength(2);
    expect(runs[0].params).toEqual({ cost_bps: 10, rebalance: "monthly" }); // newest first
    expect(runs[1].equity?.values).toBeInstanceOf(Float64Array);
    expect(runs[1].equity?.index.length).toBe(400);
    const cmp = compareRuns(runs);
    expect(cmp.params.find((p) => p.key === "cost_bps")).toEqual({ key: "cost_bps", values: ["10", "5"], differs: true });
    expect(cmp.params.find((p) => p.key === "rebalance")?.differs).toBe(false);
    expect(cmp.params.find((p) => p.key === "input.prices")?.differs).toBe(false);
    expect(cmp.kpis).toEqual([{ key: "sharpe", values: [0.8, 1] }]);
  });
});

describe("compliance checks in the run history", () => {
  it("a compliance.check result is kept with its status and reasons as the note", () => {
    const nb = { id: "n", datasets: [] } as unknown as Notebook;
    const cell = { id: "c", name: "check", kind: "block", block: "compliance.check", params: { ruleset: [] }, inputs: {} } as BlockCell;
    const row = runRowOf(nb, cell, { status: "BLOCK", reasons: ["AAPL weighs 0.3, over the 0.25 limit."] }, { ms: 1 });
    expect(row.note).toBe("BLOCK: AAPL weighs 0.3, over the 0.25 limit.");
  });
});

describe("runs kept by the studio's persistence", () => {
  it("a backtest's new result is kept as a run after the task that applied it, in an idle moment", async () => {
    const db = new StudioDb(`test-runs-kept-${Date.now()}`);
    dbs.push(db);
    const cell = { id: "bt", name: "bt", kind: "block", block: "backtest.run", params: { cost_bps: 10 }, inputs: {} } as BlockCell;
    const nb: Notebook = { ...starterNotebook(), cells: [cell] };
    // The session as the controller sees it: a state and its subscribers (the kernel is not needed).
    let state = { events: {}, values: {} } as unknown as SessionState;
    const listeners = new Set<() => void>();
    const session = {
      getState: () => state,
      subscribe: (l: () => void) => { listeners.add(l); return () => listeners.delete(l); },
      onWorkerStart: () => () => {},
      prime: () => {},
    } as unknown as KernelSession;
    const persistence = new Persistence(db, createDocumentStore(nb), null);
    persistence.attach(session);
    // A result whose KPIs are read only when its row is made.
    let read = false;
    const value = { equity: equity(30), get kpis() { read = true; return { sharpe: 1.25 }; } };
    state = { ...state, events: { bt: { cellId: "bt", name: "bt", status: "done", hash: "h1", ms: 7 } }, values: { bt: { value, hash: "h1" } } } as unknown as SessionState;
    for (const l of [...listeners]) l();
    expect(read).toBe(false); // not in the task that applies the kernel's events (the page is rendering them)
    const t0 = Date.now();
    while (persistence.getState().runsVersion === 0) {
      if (Date.now() - t0 > 3000) throw new Error("the run was not kept");
      await new Promise((r) => setTimeout(r, 5));
    }
    const rows = await listRuns(db, nb.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ cellName: "bt", block: "backtest.run", params: { cost_bps: 10 }, kpis: { sharpe: 1.25 }, ms: 7, hash: "h1" });
    // The same result seen again (another state change) is not kept twice.
    for (const l of [...listeners]) l();
    await new Promise((r) => setTimeout(r, 50));
    expect(await db.runs.count()).toBe(1);
  });
});
