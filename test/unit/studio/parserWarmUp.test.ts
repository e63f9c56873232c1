/**
 * The code cells' parser is warmed up on made-up cells in idle moments (studio/state/graph.ts): one
 * parse per moment, each made-up cell a few times with a different text, and it stops when cancelled.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import * as freeNamesModule from "../../../kernel/scheduler/freeNames";
import { PARSER_WARM_UP_ROUNDS, PARSER_WARM_UP_SOURCES, warmUpCodeParser } from "../../../studio/state/graph";

function manualIdle() {
  const waiting: (() => void)[] = [];
  return { idle: (run: () => void) => { waiting.push(run); }, runNext: () => waiting.shift()?.(), get pending() { return waiting.length; } };
}

afterEach(() => { vi.restoreAllMocks(); });

describe("warmUpCodeParser", () => {
  it("every made-up cell parses, and together they name the cells they read", () => {
    for (const src of PARSER_WARM_UP_SOURCES) expect(freeNamesModule.freeNames(src), src).not.toBeNull();
    const names = PARSER_WARM_UP_SOURCES.flatMap((s) => [...freeNamesModule.freeNames(s)!]);
    for (const cell of ["prices", "report", "weights"]) expect(names).toContain(cell);
  });

  it("parses one text per idle moment, each made-up cell PARSER_WARM_UP_ROUNDS times with a new text, then stops", () => {
    const parsed: string[] = [];
    vi.spyOn(freeNamesModule, "freeNames").mockImplementation((s: string) => { parsed.push(s); return new Set(); });
    const q = manualIdle();
    warmUpCodeParser(q.idle);
    expect(parsed).toHaveLength(0); // nothing before the first idle moment
    let moments = 0;
    while (q.pending) { const before = parsed.length; q.runNext(); moments++; expect(parsed.length - before).toBeLessThanOrEqual(1); }
    expect(parsed).toHaveLength(PARSER_WARM_UP_SOURCES.length * PARSER_WARM_UP_ROUNDS);
    expect(new Set(parsed).size).toBe(parsed.length); // each a text not parsed before (free names are memoized by text)
    expect(moments).toBe(parsed.length + 1); // the last moment finds nothing left
  });

  it("stops when cancelled", () => {
    const spy = vi.spyOn(freeNamesModule, "freeNames").mockImplementation(() => new Set());
    const q = manualIdle();
    const cancel = warmUpCodeParser(q.idle);
    q.runNext();
    cancel();
    while (q.pending) q.runNext();
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
