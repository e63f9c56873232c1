/**
 * Run `run` in an idle moment of the page (requestIdleCallback; a plain task where there is none,
 * as in tests), at the latest after `timeout` ms when one is given.
 */
export function whenIdle(run: () => void, timeout?: number): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => run(), timeout === undefined ? undefined : { timeout });
  else setTimeout(run, 0);
}
