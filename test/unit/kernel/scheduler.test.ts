import { describe, expect, it } from "vitest";
import { codeNotebook, recordingKernel } from "./helpers";
import { parseNotebook } from "../../../kernel/document/parse";
import type { Cell } from "../../../kernel/document/schema";

function setSource(cell: Cell, source: string): void {
  if (cell.kind === "block") throw new Error("a block cell has no source");
  cell.source = source;
}

describe("scheduler", () => {
  it("runs a diamond a -> (b, c) -> d in topological order, each cell once", async () => {
    const { kernel, ran } = recordingKernel();
    kernel.open(codeNotebook({ d: "b + c", b: "a + 1", c: "a * 10", a: "2" }), { trusted: true });
    const summary = await kernel.run();
    expect(summary.errors).toEqual([]);
    expect(kernel.value("d")).toBe(3 + 20);
    expect(ran.indexOf("a")).toBeLessThan(ran.indexOf("b"));
    expect(ran.indexOf("a")).toBeLessThan(ran.indexOf("c"));
    expect(ran.indexOf("d")).toBeGreaterThan(Math.max(ran.indexOf("b"), ran.indexOf("c")));
    expect([...ran].sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("after an edit, only the edited cell and those downstream run again", async () => {
    const { kernel, ran } = recordingKernel();
    const nb = codeNotebook({ a: "2", b: "a + 1", c: "a * 10", d: "b + c", e: "100" });
    kernel.open(nb, { trusted: true });
    await kernel.run();
    ran.length = 0;
    const edited = parseNotebook(nb);
    setSource(edited.cells.find((c) => c.name === "b")!, "a + 5");
    kernel.update(edited);
    const summary = await kernel.run();
    expect(ran).toEqual(["b", "d"]);
    expect(summary.cached.sort()).toEqual(["a", "c", "e"]);
    expect(kernel.value("d")).toBe(7 + 20);
  });

  it("a run with nothing edited runs nothing", async () => {
    const { kernel, ran } = recordingKernel();
    kernel.open(codeNotebook({ a: "1", b: "a + 1" }), { trusted: true });
    await kernel.run();
    ran.length = 0;
    await kernel.run();
    expect(ran).toEqual([]);
  });

  it("force re-runs a cell and its downstream even when cached", async () => {
    const { kernel, ran } = recordingKernel();
    kernel.open(codeNotebook({ a: "1", b: "a + 1", c: "5" }), { trusted: true });
    await kernel.run();
    ran.length = 0;
    await kernel.run({ force: ["a"] });
    expect(ran).toEqual(["a", "b"]);
  });

  it("a cycle is an error on the cells involved, not a hang; other cells still run", async () => {
    const { kernel, events } = recordingKernel();
    const info = kernel.open(codeNotebook({ a: "c + 1", b: "a + 1", c: "b + 1", free: "42", after: "a + free" }), { trusted: true });
    expect(info.cells.find((c) => c.name === "a")!.cycle).toMatch(/a -> .* -> a/);
    const summary = await kernel.run();
    expect(summary.errors.sort()).toEqual(["a", "after", "b", "c"]);
    expect(kernel.value("free")).toBe(42);
    const err = events.filter((e) => e.status === "error");
    expect(err.find((e) => e.name === "b")!.error!.message).toMatch(/Circular definition: b -> .*b/);
    expect(err.find((e) => e.name === "after")!.error!.message).toMatch(/Waiting on "a"/);
  });

  it("a cell that refers to itself is a cycle", async () => {
    const { kernel, events } = recordingKernel();
    kernel.open(codeNotebook({ x: "x + 1" }), { trusted: true });
    await kernel.run();
    expect(events.find((e) => e.status === "error")!.error!.message).toMatch(/Circular definition: x -> x/);
  });

  it("a missing name is an error on that cell that names it", async () => {
    const { kernel, events } = recordingKernel();
    kernel.open(codeNotebook({ a: "1", b: "a + nothere" }), { trusted: true });
    await kernel.run();
    const e = events.find((x) => x.status === "error")!;
    expect(e.name).toBe("b");
    expect(e.error!.message).toMatch(/nothere/);
    expect(kernel.value("a")).toBe(1);
  });

  it("cancel() stops a long run: the running cell and the queued ones are cancelled", async () => {
    const { kernel, events } = recordingKernel();
    kernel.open(codeNotebook({ slow: "await new Promise((r) => setTimeout(r, 20000)); return 1;", after: "slow + 1", quick: "3" }), { trusted: true });
    const started = Date.now();
    const p = kernel.run();
    await new Promise((r) => setTimeout(r, 50));
    kernel.cancel();
    const summary = await p;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(summary.cancelled).toBe(true);
    const status = (n: string) => events.filter((e) => e.name === n).at(-1)!.status;
    expect(status("slow")).toBe("cancelled");
    expect(status("after")).toBe("cancelled");
    expect(kernel.value("after")).toBeUndefined();
  });

  it("reports queued, running and done with a time for each cell", async () => {
    const { kernel, events } = recordingKernel();
    kernel.open(codeNotebook({ a: "1" }), { trusted: true });
    await kernel.run();
    expect(events.map((e) => e.status)).toEqual(["queued", "running", "done"]);
    expect(events[2].ms).toBeGreaterThanOrEqual(0);
  });

  it("a code cell error names the line", async () => {
    const { kernel, events } = recordingKernel();
    kernel.open(codeNotebook({ a: "const x = 1;\nconst y = null as any;\nreturn y.z + x;" }), { trusted: true });
    await kernel.run();
    const e = events.find((x) => x.status === "error")!;
    expect(e.error!.line).toBe(3);
    expect(e.error!.message).toMatch(/line 3/);
  });

  it("an untrusted notebook does not run code cells", async () => {
    const { kernel, events } = recordingKernel();
    kernel.open(codeNotebook({ a: "1" }));
    await kernel.run();
    expect(events.find((x) => x.status === "error")!.error!.message).toMatch(/not trusted/);
    kernel.setTrusted(true);
    await kernel.run();
    expect(kernel.value("a")).toBe(1);
  });

  it("the content hash changes when an upstream cell changes, not when an unrelated one does", async () => {
    const { kernel } = recordingKernel();
    const nb = parseNotebook(codeNotebook({ a: "1", b: "a + 1", c: "2" }));
    kernel.open(nb, { trusted: true });
    const hb = kernel.scheduler.hashOf("b");
    setSource(nb.cells[2], "3");
    kernel.update(nb);
    expect(kernel.scheduler.hashOf("b")).toBe(hb);
    setSource(nb.cells[0], "5");
    kernel.update(nb);
    expect(kernel.scheduler.hashOf("b")).not.toBe(hb);
  });

  it("a cancel sent while a synchronous cell computes stops the run before the next cell", async () => {
    const { kernel, events } = recordingKernel();
    const busy = (ms: number) => `const t0 = Date.now(); while (Date.now() - t0 < ${ms}) {}`;
    kernel.open(codeNotebook({ a: `${busy(300)}; return 1`, b: `${busy(300)}; return a + 1`, c: `${busy(300)}; return b + 1` }), { trusted: true });
    const run = kernel.run();
    // A macrotask, like a message from the page: it can only run when the scheduler yields.
    setTimeout(() => kernel.cancel(), 50);
    const summary = await run;
    expect(summary.cancelled).toBe(true);
    expect(kernel.value("a")).toBe(1);
    const last = (n: string) => events.filter((e) => e.name === n).at(-1)!.status;
    expect(last("b")).toBe("cancelled");
    expect(last("c")).toBe("cancelled");
  });
});
