/**
 * Whether the kernel worker's data engine (DuckDB-WASM, 1-2.5 s to compile) is up. The
 * document opens and can be edited while it starts; runs and data calls wait for it in
 * the worker, and the header says so meanwhile.
 */
import { useSyncExternalStore } from "react";
import type { Remote } from "comlink";
import type { KernelApi } from "../../kernel/worker/api";
import type { KernelSession } from "../kernel/session";
import { markStartup } from "../perf";

export type EngineState = { kind: "starting" } | { kind: "ready" } | { kind: "failed"; message: string };

export class EngineStatus {
  private state: EngineState = { kind: "starting" };
  private readonly listeners = new Set<() => void>();
  /** Counts workers: only the newest one's answer counts (a restarted kernel starts its engine again). */
  private worker = 0;

  getState = (): EngineState => this.state;
  subscribe = (l: () => void): (() => void) => { this.listeners.add(l); return () => { this.listeners.delete(l); }; };

  /** Follow every worker the session starts; call before the session starts. */
  follow(session: KernelSession): void {
    session.onWorkerStart(async (api) => { this.watch(api); });
  }

  watch(api: Remote<KernelApi>): void {
    const me = ++this.worker;
    this.set({ kind: "starting" });
    api.engineReady().then(
      () => { if (me === this.worker) { this.set({ kind: "ready" }); markStartup("studio:engine"); } },
      (e: unknown) => { if (me === this.worker) this.set({ kind: "failed", message: e instanceof Error ? e.message : String(e) }); },
    );
  }

  private set(state: EngineState): void {
    this.state = state;
    for (const l of [...this.listeners]) l();
  }
}

export function useEngineStatus(engine: EngineStatus): EngineState {
  return useSyncExternalStore(engine.subscribe, engine.getState, engine.getState);
}
