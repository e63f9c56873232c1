/**
 * Run `run` in an idle moment of the page (requestIdleCallback; a plain task where there is none,
 * as in tests), at the latest after `timeout` ms when one is given. `run` is told how many ms the
 * moment has left (0 in a plain task, or once the timeout forced it).
 */
export function whenIdle(run: (timeLeft: () => number) => void, timeout?: number): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback((deadline) => run(() => deadline.timeRemaining()), timeout === undefined ? undefined : { timeout });
  else setTimeout(() => run(() => 0), 0);
}

/**
 * A step is not started with less than this many ms left of an idle moment: a step of drawing is
 * 2-10 ms once compiled, 10-40 the first time or under load (a moment is at most 50 ms).
 */
export const IDLE_STEP_ROOM_MS = 20;

/**
 * In an idle moment with `timeLeft`: `step`, and more steps while it returns true and the moment has
 * room for one. Returns whether the last step asked for more (for the caller to ask for another moment).
 */
export function idleSteps(step: () => boolean, timeLeft: () => number): boolean {
  let more = step();
  while (more && timeLeft() > IDLE_STEP_ROOM_MS) more = step();
  return more;
}

/**
 * A queue of jobs run one per idle moment, in order, each at the latest `timeout` ms after the one
 * before: for work that must happen but not in the task that asked for it (a state change the page
 * is rendering). A job that throws is logged as `what` failed; the next ones still run.
 */
export function idleQueue(timeout: number, what: string): (job: () => void) => void {
  const jobs: (() => void)[] = [];
  const next = () => {
    const job = jobs.shift();
    try { job?.(); } catch (e) { console.error(`${what} failed`, e); }
    if (jobs.length) whenIdle(next, timeout);
  };
  return (job) => {
    jobs.push(job);
    if (jobs.length === 1) whenIdle(next, timeout);
  };
}
