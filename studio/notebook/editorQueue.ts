/**
 * Monaco editors are created one at a time, each in an idle callback of its own, with a frame
 * between two of them: creating an editor measures the font, builds its DOM and lays out the page
 * (20-100 ms), and its first render comes in the next frame. Created together (as when an example
 * opens: every cell's effect resolved the same promise) they made one task of 100-950 ms.
 * Jobs asked for by the user (focus, hover) go to the front. The others also wait while charts wait
 * to be drawn (a run's or a parameter change's results): the page's layout that an editor forces
 * then took in every new chart (a task of 60-100 ms), and held the charts back.
 */
import { pendingCharts } from "../outputs/chartQueue";
import { idleQueue, whenIdle } from "../ui/idle";

type Job = () => void;

const queue: Job[] = [];
const asked = new WeakSet<Job>();
let scheduled = false;
/** Idle moments skipped in a row because charts were waiting (bounded: a chart queue never empty does not starve editors). */
let skipped = 0;
const MAX_SKIPPED = 50;

/** Editors wait for an idle moment, but not longer than this. */
const IDLE_TIMEOUT_MS = 1000;

/** The next job after a frame (its editor's first render) and then an idle moment. */
function scheduleNext(afterFrame: boolean): void {
  if (scheduled || queue.length === 0) return;
  scheduled = true;
  const go = () => whenIdle(() => {
    scheduled = false;
    if (queue.length && !asked.has(queue[0]) && pendingCharts() > 0 && skipped++ < MAX_SKIPPED) {
      setTimeout(() => scheduleNext(true), 50);
      return;
    }
    skipped = 0;
    const job = queue.shift();
    if (job) job();
    scheduleNext(true);
  }, IDLE_TIMEOUT_MS);
  if (afterFrame && typeof requestAnimationFrame === "function") requestAnimationFrame(go);
  else go();
}

/** Queue an editor's creation: `drop` removes it if it has not run yet, `promote` moves it to the front. */
export function enqueueEditor(job: Job, urgent = false): { drop(): void; promote(): void } {
  if (urgent) { queue.unshift(job); asked.add(job); }
  else queue.push(job);
  scheduleNext(false);
  const drop = () => {
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
  };
  return { drop, promote: () => { if (queue.includes(job)) { drop(); queue.unshift(job); asked.add(job); } } };
}

/**
 * Dispose an editor that has left the page in an idle moment of its own, one per task. Disposed in
 * the effects that unmounted them, a notebook's editors were one task of 40-60 ms when another
 * notebook opened (an example: the start of its run).
 */
export const disposeLater = idleQueue(IDLE_TIMEOUT_MS, "editor dispose");
