/**
 * Another notebook's cells are mounted a few at a time, a frame between two batches. Mounted in one
 * commit (an example opening: 19 cells with their forms and outputs), their style and layout came
 * in a single frame of 90-190 ms under load, a long task at the start of every run.
 */
import { startTransition, useEffect, useState } from "react";

/** Cells mounted in the first commit of a notebook: more than a screen holds. */
export const FIRST_CELLS = 5;
/** Cells mounted per frame after that. */
export const MORE_CELLS = 3;

/** How many of a notebook's cells to mount now (all, once every batch is in: later edits render at once). */
export function mountedCount(mounted: { id: string; count: number }, id: string): number {
  return mounted.id === id ? mounted.count : FIRST_CELLS;
}

/** The next state after a batch has been painted: `count` cells of `total` were mounted. */
export function nextMounted(id: string, count: number, total: number): { id: string; count: number } {
  return { id, count: count + MORE_CELLS >= total ? Infinity : count + MORE_CELLS };
}

/** After the next frame has been painted (a task after the frame's callback). */
function afterPaint(f: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const raf = requestAnimationFrame(() => { timer = setTimeout(f, 0); });
  return () => { cancelAnimationFrame(raf); if (timer !== null) clearTimeout(timer); };
}

/** The number of cells of notebook `id` (of `total`) to render now; grows a batch per frame until all are in. */
export function useProgressiveCount(id: string, total: number): number {
  const [mounted, setMounted] = useState({ id: "", count: 0 });
  const count = mountedCount(mounted, id);
  useEffect(() => {
    if (count >= total) {
      if (count !== Infinity) setMounted({ id, count: Infinity }); // all in: later additions render at once
      return;
    }
    // A transition: React renders the batch in ~5 ms slices (a plain update from a timer rendered three
    // cells with their forms in one task of 30-45 ms under load), and commits it once all is rendered.
    return afterPaint(() => startTransition(() => setMounted(nextMounted(id, count, total))));
  }, [id, count, total]);
  return count;
}
