/**
 * Writes to IndexedDB wait for an idle moment, one at a time: a `put` structured-clones its value on
 * the page's thread, and a run's results (and their runs' rows) arrive in the event batches whose
 * commits draw them. The page hidden (maybe closing): what waits is written at once rather than lost.
 */
import { whenIdle } from "../ui/idle";

let saving: Promise<unknown> = Promise.resolve();
const waiting = new Set<() => void>();
let hidden = false;

/** Resolves in this write's idle turn, after the writes asked for before it. */
export function idleTurn(): Promise<void> {
  const turn = saving.then(() => new Promise<void>((resolve) => {
    if (hidden) { resolve(); return; }
    const go = () => { waiting.delete(go); resolve(); };
    waiting.add(go);
    whenIdle(go, 2000);
  }));
  saving = turn;
  return turn;
}

if (typeof document !== "undefined") {
  document.addEventListener("visibilitychange", () => {
    hidden = document.visibilityState === "hidden";
    if (hidden) for (const go of [...waiting]) go();
  });
}
