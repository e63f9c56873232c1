/**
 * Run `run` in an idle moment of the page (requestIdleCallback; a plain task where there is none,
 * as in tests), at the latest after `timeout` ms when one is given. `run` is told how many ms the
 * moment has left (0 in a plain task, or once the timeout forced it).
 */
export function whenIdle(run: (timeLeft: () => number) => void, timeout?: number): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback((deadline) => run(() => deadline.timeRemaining()), timeout === undefined ? undefined : { timeout });
  else setTimeout(() => run(() => 0), 0);
}
