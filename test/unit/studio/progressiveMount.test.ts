import { describe, expect, it } from "vitest";
import { FIRST_CELLS, MORE_CELLS, mountedCount, nextMounted } from "../../../studio/notebook/progressiveMount";

/** The counts a notebook of `total` cells renders, commit after commit, from its first. */
function batches(id: string, total: number, from = { id: "before", count: Infinity }): number[] {
  const counts: number[] = [];
  let state = from;
  for (let k = 0; k < 100; k++) {
    const count = mountedCount(state, id);
    counts.push(Math.min(count, total));
    if (count >= total) return counts;
    state = nextMounted(id, count, total);
  }
  throw new Error("never mounted every cell");
}

describe("progressive mount of a notebook's cells", () => {
  it("mounts another notebook a batch per frame until every cell is in", () => {
    expect(FIRST_CELLS).toBe(5);
    expect(MORE_CELLS).toBe(3);
    // 19 cells (the momentum example): 5, then 3 per frame, then all.
    expect(batches("momentum", 19)).toEqual([5, 8, 11, 14, 17, 19]);
  });

  it("a short notebook is mounted at once", () => {
    expect(batches("short", 4)).toEqual([4]);
    expect(batches("five", 5)).toEqual([5]);
  });

  it("once every cell is in, cells added later render at once", () => {
    const done = nextMounted("nb", 17, 19);
    expect(done).toEqual({ id: "nb", count: Infinity });
    expect(mountedCount(done, "nb")).toBe(Infinity);
  });

  it("the notebook shown before does not carry its count over", () => {
    expect(mountedCount({ id: "a", count: Infinity }, "b")).toBe(FIRST_CELLS);
  });
});
