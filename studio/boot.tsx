/**
 * The studio itself, loaded by main.tsx once the kernel worker is spawned: design tokens,
 * the document store (starter notebook when nothing else is open), one kernel worker
 * session following the document, and the React app.
 */
import { createRoot } from "react-dom/client";
import { affectsKernel, documentStore } from "./state";
import { KernelSession } from "./kernel/session";
import type { KernelClient } from "../kernel/worker/client";
import { applyTokens } from "./ui/tokens";
import { App } from "./App";
import { openPersistence } from "./persistence/controller";
import type { Prefetched } from "./persistence/prefetch";
import { EngineStatus } from "./ui/engineStatus";
import { preloadOutputs } from "./notebook/CellParts";
import { holdMonacoUntil } from "./notebook/CodeEditor";
import { warmUpCodeParser } from "./state/graph";
import { registerServiceWorkerAfter } from "./persistence/serviceWorker";
import { once } from "./state/once";
import "./styles.css";

declare global {
  interface Window { studio: { store: typeof documentStore; session: KernelSession } }
}

/** `prefetched`: main.tsx's read of the notebook to open (persistence/prefetch.ts), begun before this chunk loaded. */
export async function boot(client: KernelClient, prefetched?: Promise<Prefetched | null>): Promise<void> {
  applyTokens();
  const store = documentStore;
  // The last notebook (or a shared link's) is loaded from IndexedDB before the kernel opens it.
  void preloadOutputs(); // fetched while IndexedDB answers: a warm start shows cached results at once
  const persistence = await openPersistence(store, prefetched);
  const session = new KernelSession(store.getState(), { trusted: store.trusted(), runOnChange: true, client });
  const engine = new EngineStatus();
  engine.follow(session); // first: it only listens, the data library's hook below waits for DuckDB
  // Once the data engine is up (start-up's own work done), Plot's code is compiled on tiny charts in
  // idle moments, before a run's charts need it (plotWarmUp.ts), and the code cells' parser on made-up cells.
  void once(() => engine.getState().kind === "ready", [engine]).then(() => {
    void preloadOutputs().then((m) => m.warmUpPlot());
    warmUpCodeParser();
  });
  persistence.attach(session);
  holdMonacoUntil(once(() => session.getState().graph !== null, [session])); // the kernel has the document
  store.subscribe((nb, op) => {
    if (op === null) { session.setTrusted(store.trusted()); return; }
    // A parameter form's edit runs at once, and its cell's result is drawn first; typed sources wait
    // for a pause (see KernelSession.setDocument).
    const form = op.op === "setParams" || op.op === "bindInput";
    session.setDocument(nb, { kernel: affectsKernel(op), immediate: form, focus: form ? op.id : undefined });
  });
  // start() and run() report their failures in the session's state: this settles either way.
  const firstRun = session.start().then(() => (session.getState().runOnChange ? session.run() : null));
  window.studio = { store, session };
  // The offline cache's install is heavy: it waits until DuckDB is up and the first run is over (serviceWorker.ts).
  if (import.meta.env.PROD) {
    const engineSettled = once(() => engine.getState().kind !== "starting", [engine]);
    void registerServiceWorkerAfter(Promise.all([firstRun, engineSettled]).then(() => undefined));
  }

  createRoot(document.getElementById("root")!).render(<App store={store} session={session} engine={engine} />);
}
