/**
 * A parameter form's edit (one block cell's params) takes the kernel's cheap path
 * (kernel/scheduler/paramsEdit.ts, Scheduler.updateParams): it must give the same graph, hashes,
 * stale events and results as the full update, and bad params must still fail with a message
 * naming the cell and the parameter.
 */
import { describe, expect, it } from "vitest";
import { notebook, recordingKernel } from "./helpers";
import { parseNotebook } from "../../../kernel/document/parse";
import type { Notebook } from "../../../kernel/document/schema";
import type { Kernel } from "../../../kernel/kernel";
import { deepEqual, paramsOnlyEdit } from "../../../kernel/scheduler/paramsEdit";
import { freeNames } from "../../../kernel/scheduler/freeNames";

const PX = `const n = 60; const index = new Int32Array(n), values = new Float64Array(n);
for (let i = 0; i < n; i++) { index[i] = 18000 + i; values[i] = 100 + 10 * Math.sin(i / 5) + i / 3; }
return { kind: "series", index, values, name: "px" };`;

function base(): Notebook {
  return parseNotebook(notebook([
    { id: "c1", name: "px", kind: "code", source: PX },
    { id: "c2", name: "sma", kind: "block", block: "ta.sma", params: { period: 5 }, inputs: { series: "px" } },
    { id: "c3", name: "rsi", kind: "block", block: "ta.rsi", params: { period: 14 }, inputs: { series: "px" } },
    { id: "c4", name: "last", kind: "code", source: "const v = sma.values.values; return v[v.length - 1];" },
    { id: "c5", name: "other", kind: "code", source: "return rsi.values.values.length;" },
  ]));
}

function withParams(nb: Notebook, name: string, params: Record<string, unknown>, extra: Partial<Notebook> = {}): Notebook {
  const copy = structuredClone(nb);
  const cell = copy.cells.find((c) => c.name === name)!;
  if (cell.kind !== "block") throw new Error("not a block cell");
  cell.params = params;
  return { ...copy, ...extra };
}

async function opened(): Promise<{ kernel: Kernel; events: ReturnType<typeof recordingKernel>["events"]; ran: string[] }> {
  const k = recordingKernel();
  k.kernel.open(base(), { trusted: true });
  const s = await k.kernel.run();
  expect(s.errors).toEqual([]);
  k.events.length = 0;
  k.ran.length = 0;
  return k;
}

const hashes = (k: Kernel) => Object.fromEntries(["px", "sma", "rsi", "last", "other"].map((n) => [n, k.scheduler.hashOf(n)]));

describe("params-only update", () => {
  it("gives the same graph, hashes, stale set and results as the full update", async () => {
    const fast = await opened(), full = await opened();
    // The same edit; a new title (which no hash covers) sends the second kernel down the full path.
    const g1 = fast.kernel.update(withParams(base(), "sma", { period: 9 }));
    const g2 = full.kernel.update(withParams(base(), "sma", { period: 9 }, { title: "retitled" }));
    expect(fast.kernel.lastUpdate).toBe("params");
    expect(full.kernel.lastUpdate).toBe("full");
    expect(g1).toEqual(g2);
    expect(hashes(fast.kernel)).toEqual(hashes(full.kernel));
    expect(fast.kernel.scheduler.getGraph().order).toEqual(full.kernel.scheduler.getGraph().order);
    expect(fast.events).toEqual(full.events);
    expect(fast.events.map((e) => `${e.name}:${e.status}`)).toEqual(["sma:stale", "last:stale"]);

    const [s1, s2] = [await fast.kernel.run(), await full.kernel.run()];
    expect(fast.ran).toEqual(["sma", "last"]);
    expect(full.ran).toEqual(fast.ran);
    expect(s1.cached.sort()).toEqual(s2.cached.sort());
    expect(fast.kernel.value("last")).toBe(full.kernel.value("last"));
    expect(Number.isFinite(fast.kernel.value("last") as number)).toBe(true);

    // Back to the first value: the cache answers, on both paths alike.
    fast.kernel.update(base());
    expect(fast.kernel.lastUpdate).toBe("params");
    fast.ran.length = 0;
    await fast.kernel.run();
    expect(fast.ran).toEqual([]);
  });

  it("the same document again is unchanged; any other edit takes the full path", async () => {
    const { kernel } = await opened();
    kernel.update(base());
    expect(kernel.lastUpdate).toBe("unchanged");
    const renamed = structuredClone(base());
    renamed.cells[1].name = "sma2";
    expect(paramsOnlyEdit(base(), renamed)).toBeNull();
    const rebound = structuredClone(base());
    (rebound.cells[2] as Extract<Notebook["cells"][number], { kind: "block" }>).inputs = { series: "sma" };
    expect(paramsOnlyEdit(base(), rebound)).toBeNull();
    expect(paramsOnlyEdit(base(), withParams(withParams(base(), "sma", { period: 3 }), "rsi", { period: 3 }))).toBeNull();
    expect(paramsOnlyEdit(base(), { ...withParams(base(), "sma", { period: 3 }), extra: 1 })).toBeNull();
    // params that are not an object: the full path reports it with its JSON path
    const bad = structuredClone(base()) as unknown as { cells: Record<string, unknown>[] };
    bad.cells[1].params = 7;
    expect(paramsOnlyEdit(base(), bad)).toBeNull();
    expect(() => kernel.update(bad)).toThrow(/cells\[1\]\.params/);
    kernel.update(rebound);
    expect(kernel.lastUpdate).toBe("full");
    expect(kernel.graphInfo().cells.find((c) => c.name === "rsi")!.uses).toEqual(["sma"]);
  });

  it("bad params fail when the cell runs, naming the cell and the parameter, as on the full path", async () => {
    const fast = await opened(), full = await opened();
    fast.kernel.update(withParams(base(), "sma", { period: -4 }));
    full.kernel.update(withParams(base(), "sma", { period: -4 }, { title: "retitled" }));
    expect(fast.kernel.lastUpdate).toBe("params");
    const [s1, s2] = [await fast.kernel.run(), await full.kernel.run()];
    expect(s1.errors).toEqual(["sma", "last"]);
    expect(s2.errors).toEqual(s1.errors);
    const err = (k: typeof fast) => k.events.find((e) => e.name === "sma" && e.status === "error")!.error!;
    expect(err(fast).message).toMatch(/^sma \(ta\.sma\): .*period/);
    expect(err(fast)).toEqual(err(full));
  });

  it("in a notebook with a cycle, gives the full path's hashes", async () => {
    const nb = parseNotebook(notebook([
      { id: "a", name: "a", kind: "code", source: "return b + sma.values.values.length;" },
      { id: "b", name: "b", kind: "code", source: "return a;" },
      { id: "c1", name: "px", kind: "code", source: PX },
      { id: "c2", name: "sma", kind: "block", block: "ta.sma", params: { period: 5 }, inputs: { series: "px" } },
    ]));
    const one = recordingKernel(), two = recordingKernel();
    one.kernel.open(nb, { trusted: true });
    two.kernel.open(nb, { trusted: true });
    one.kernel.update(withParams(nb, "sma", { period: 8 }));
    two.kernel.update(withParams(nb, "sma", { period: 8 }, { title: "x" }));
    expect(one.kernel.lastUpdate).toBe("params");
    expect(Object.fromEntries(["a", "b", "px", "sma"].map((n) => [n, one.kernel.scheduler.hashOf(n)])))
      .toEqual(Object.fromEntries(["a", "b", "px", "sma"].map((n) => [n, two.kernel.scheduler.hashOf(n)])));
  });

  it("freeNames is memoized by source, each caller getting its own set", () => {
    const a = freeNames("const k = 2; return x + y * k;")!;
    a.add("changed");
    expect([...freeNames("const k = 2; return x + y * k;")!].sort()).toEqual(["x", "y"]);
    expect(freeNames("return (")).toBeNull();
    expect(freeNames("return (")).toBeNull();
  });

  it("deepEqual: JSON-like structural equality", () => {
    expect(deepEqual({ a: [1, { b: "x" }], c: undefined }, { a: [1, { b: "x" }] })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
    expect(deepEqual(NaN, NaN)).toBe(true);
    expect(deepEqual(null, {})).toBe(false);
  });
});
