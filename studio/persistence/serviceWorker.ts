/**
 * The service worker (vite-plugin-pwa's generateSW, `sw.js`) precaches the whole build for offline
 * use: ~54 MB, DuckDB's WebAssembly, Monaco and the bundled data. Its install fetches, stores and
 * compiles all of it, about a second of work on the browser's threads. Registered at the page's
 * load event (the plugin's script), that work ran on a first visit while DuckDB started and the
 * first notebook ran, on the same two cores: DuckDB came up ~0.7 s later and the first result ~1 s
 * later (bench/STUDIO.md, round 10). So the studio registers it itself once start-up has settled:
 * the data engine is up (or failed) and the first run is over, in an idle moment; at the latest
 * `FALLBACK_MS` after boot, whatever happens. A later visit is served by the worker installed before;
 * registering again only checks for a new build.
 */
import { whenIdle } from "../ui/idle";

/** Register anyway this long after boot (a notebook that runs for minutes must not keep the app from going offline). */
export const FALLBACK_MS = 30_000;

/** Wait this long at most for an idle moment once start-up has settled. */
const IDLE_TIMEOUT_MS = 2_000;

function registerBuildWorker(): Promise<unknown> {
  if (!("serviceWorker" in navigator)) return Promise.reject(new Error("this browser has no service workers"));
  return navigator.serviceWorker.register("./sw.js", { scope: "./" });
}

/**
 * Register the service worker once `settled` resolves and the page is idle, or after `fallbackMs`,
 * whichever comes first; once. A failed registration (no service worker support, a private window,
 * a dev server without `sw.js`) is a warning: the studio works without it, only not offline.
 */
export function registerServiceWorkerAfter(
  settled: Promise<void>,
  options: { register?: () => Promise<unknown>; fallbackMs?: number } = {},
): Promise<void> {
  const register = options.register ?? registerBuildWorker;
  return new Promise((resolve) => {
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      clearTimeout(fallback);
      Promise.resolve().then(register).catch((e: unknown) => {
        console.warn(`The app could not be cached for offline use: ${e instanceof Error ? e.message : String(e)}`);
      }).finally(resolve);
    };
    const fallback = setTimeout(start, options.fallbackMs ?? FALLBACK_MS);
    void settled.then(() => whenIdle(start, IDLE_TIMEOUT_MS));
  });
}
