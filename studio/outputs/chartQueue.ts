/**
 * Chart drawing in tasks of their own. A run's results mount several charts in one React commit, and
 * drawing them there made a single task of several hundred ms (the page froze, input waited). Charts
 * are drawn in the order asked, right after the commit that asked for them (a MessageChannel message:
 * no timer clamp, and input and frames get their turn between tasks), one per task, or a few while the
 * task is still short. A chart drawn in steps (steppedPlot.ts) asks for its next step by returning
 * true: it stays at the head of the queue, so its steps follow one another and later charts wait.
 * The chart the user waits for (its cell's parameter was just edited) goes ahead of those waiting.
 * Charts out of sight wait for idle moments once the others are drawn, and join them when they come
 * into sight: during a run the page then draws what is seen, and leaves the rest of the main thread's
 * time to the kernel's worker computing the next cells (both share the machine's cores).
 */
import { idleSteps, whenIdle } from "../ui/idle";

type Job = { draw: () => boolean | void; cancelled: boolean; first: boolean };

const queue: Job[] = [];
/** Charts out of sight, drawn in idle moments while `queue` is empty. */
const outOfSight: Job[] = [];
let scheduled = false, idleScheduled = false;
let channel: MessageChannel | null = null;

export interface ChartTicket {
  cancel(): void;
  /** The chart came into sight: drawn with the others from now on (nothing if it already is, or is drawn). */
  inSight(): void;
}

/**
 * Draw `draw` in a task of its own, after the charts already waiting (before them when `first`; in
 * an idle moment once they are drawn when `hidden`); while it returns true it is called again, each
 * time in a task of its own, before any other chart.
 */
export function scheduleChart(first: boolean, draw: () => boolean | void, hidden = false): ChartTicket {
  const job: Job = { draw, cancelled: false, first };
  if (first) queue.unshift(job);
  else if (hidden) outOfSight.push(job);
  else queue.push(job);
  wake();
  return {
    cancel: () => { job.cancelled = true; },
    inSight: () => {
      const i = outOfSight.indexOf(job);
      if (i < 0) return;
      outOfSight.splice(i, 1);
      queue.push(job);
      wake();
    },
  };
}

function wake(): void {
  if (!queue.length) { wakeIdle(); return; }
  if (scheduled) return;
  scheduled = true;
  if (typeof MessageChannel === "undefined") { setTimeout(drainOne, 0); return; }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = drainOne;
  }
  channel.port2.postMessage(null);
}

function wakeIdle(): void {
  if (idleScheduled || !outOfSight.length) return;
  idleScheduled = true;
  whenIdle(drainOutOfSight);
}

/**
 * Charts or steps of a chart go on in one task while it is under this many ms. A step is 3-8 ms on an
 * idle machine, where a 20-line chart then fits in one task (each yield let frames and other tasks in
 * first: its parameter's new chart came ~40 ms later in alternated runs at load 5-7); under load a
 * step is 10-40 ms and goes alone. The next job starts under budget, so a task stays under ~25 ms + one step.
 * Other charts than the one the user waits for have less: one chart of a run drawn in a single Plot call
 * (an equity curve, a drawdown area, a histogram) is 20-40 ms under load, and after 25 ms of others it
 * made a long task; short steps still go several to a task (6 ms made no measurable difference to long
 * tasks, and more yields drew a notebook's charts more slowly under load).
 */
const TASK_BUDGET_MS = 25;
const OTHERS_BUDGET_MS = 12;

/** Charts (or steps) until the task's budget is spent, then yield: the next ones wait for the next task. */
function drainOne(): void {
  scheduled = false;
  const start = performance.now();
  while (drawNext(queue) && performance.now() - start < (queue[0].first ? TASK_BUDGET_MS : OTHERS_BUDGET_MS));
  wake();
}

/** Charts out of sight (or steps of one) while the idle moment has room, unless charts in sight wait. */
function drainOutOfSight(timeLeft: () => number): void {
  idleScheduled = false;
  idleSteps(() => queue.length === 0 && drawNext(outOfSight), timeLeft); // those in sight first: this lane wakes again after them
  wake();
}

/** Draw (a step of) the first chart of `lane` not cancelled, kept at its head while it asks for more; whether the lane has more. */
function drawNext(lane: Job[]): boolean {
  let job = lane.shift();
  while (job?.cancelled) job = lane.shift();
  if (!job) return false;
  let again = false;
  try { again = job.draw() === true; } catch (e) { console.error("chart failed", e); }
  if (again && !job.cancelled) lane.unshift(job);
  return lane.length > 0;
}

/** Charts waiting to be drawn now (in sight); those out of sight too with `all`. */
export function pendingCharts(all = false): number {
  return queue.filter((j) => !j.cancelled).length + (all ? outOfSight.filter((j) => !j.cancelled).length : 0);
}
