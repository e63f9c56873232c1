/**
 * The service worker is registered once start-up has settled (studio/persistence/serviceWorker.ts):
 * not before, once only, at the latest after the fallback delay, and a failure is a warning.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FALLBACK_MS, registerServiceWorkerAfter } from "../../../studio/persistence/serviceWorker";
import { once } from "../../../studio/state/once";

/** A store whose value is a flag, as the engine status and the session are to boot.tsx. */
function flag(initial: boolean) {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(v: boolean) { value = v; for (const l of [...listeners]) l(); },
    subscribe(l: () => void) { listeners.add(l); return () => { listeners.delete(l); }; },
    get listeners() { return listeners.size; },
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); vi.restoreAllMocks(); });

describe("once", () => {
  it("resolves when the condition first holds across the stores, and stops listening", async () => {
    const engineUp = flag(false), running = flag(false);
    let resolved = false;
    void once(() => engineUp.get() && !running.get(), [engineUp, running]).then(() => { resolved = true; });
    running.set(true); // the first run starts
    engineUp.set(true); // DuckDB up while the run goes on
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toBe(false);
    running.set(false); // the run is over
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toBe(true);
    expect(engineUp.listeners + running.listeners).toBe(0);
  });

  it("resolves at once when the condition already holds", async () => {
    const s = flag(true);
    let resolved = false;
    void once(s.get, [s]).then(() => { resolved = true; });
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toBe(true);
    expect(s.listeners).toBe(0);
  });
});

describe("registerServiceWorkerAfter", () => {
  it("registers only after start-up has settled, in an idle moment, and once", async () => {
    const settled = deferred();
    const register = vi.fn(() => Promise.resolve());
    const done = registerServiceWorkerAfter(settled.promise, { register });
    await vi.advanceTimersByTimeAsync(FALLBACK_MS / 2);
    expect(register).not.toHaveBeenCalled();
    settled.resolve();
    await vi.advanceTimersByTimeAsync(10); // the idle moment (a plain task where there is no requestIdleCallback)
    expect(register).toHaveBeenCalledTimes(1);
    await done;
    await vi.advanceTimersByTimeAsync(FALLBACK_MS); // the fallback was cleared
    expect(register).toHaveBeenCalledTimes(1);
  });

  it("registers after the fallback delay when start-up never settles, and not again when it does", async () => {
    const settled = deferred();
    const register = vi.fn(() => Promise.resolve());
    void registerServiceWorkerAfter(settled.promise, { register, fallbackMs: 5_000 });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(register).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(register).toHaveBeenCalledTimes(1);
    settled.resolve();
    await vi.advanceTimersByTimeAsync(100);
    expect(register).toHaveBeenCalledTimes(1);
  });

  it("a failed registration is a warning that says why, not an error", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const done = registerServiceWorkerAfter(Promise.resolve(), { register: () => Promise.reject(new Error("sw.js not found")) });
    await vi.advanceTimersByTimeAsync(10);
    await expect(done).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith("The app could not be cached for offline use: sw.js not found");
  });

  it("without service workers in the browser, the default registration says so", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.stubGlobal("navigator", {});
    try {
      const done = registerServiceWorkerAfter(Promise.resolve());
      await vi.advanceTimersByTimeAsync(10);
      await done;
    } finally { vi.unstubAllGlobals(); }
    expect(warn).toHaveBeenCalledWith("The app could not be cached for offline use: this browser has no service workers");
  });
});
