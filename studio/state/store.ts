/**
 * The one document state both views share: a small external store holding the
 * notebook, applying serializable edit ops, with undo/redo. Persistence, import
 * and sharing plug in here: `subscribe` sees every change with the op that made it
 * (autosave), `load` replaces the document (open/import), `getState` reads it.
 */
import { useSyncExternalStore } from "react";
import type { Notebook } from "../../kernel/document/schema";
import { applyOp, EditError, type EditOp } from "./ops";

export type DocumentListener = (nb: Notebook, op: EditOp | null) => void;

export interface DocumentStore {
  getState(): Notebook;
  /** Apply an edit; returns the error message when the edit was refused. */
  dispatch(op: EditOp): string | null;
  /** Replace the whole document (open a file, import); clears undo history. */
  load(nb: Notebook, meta?: { trusted?: boolean }): void;
  subscribe(listener: DocumentListener): () => void;
  undo(): boolean;
  redo(): boolean;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Whether the open document may run code cells (set by whoever loads it). */
  trusted(): boolean;
  setTrusted(t: boolean): void;
}

const HISTORY = 200;

export function createDocumentStore(initial: Notebook, options: { trusted?: boolean } = {}): DocumentStore {
  let state = initial;
  let trusted = options.trusted ?? true;
  let past: Notebook[] = [];
  let future: Notebook[] = [];
  let lastCoalesce: { key: string; at: number } | null = null;
  const listeners = new Set<DocumentListener>();
  const emit = (op: EditOp | null) => { for (const l of [...listeners]) l(state, op); };

  /** Typing in one cell coalesces into one undo step per second of quiet. */
  function coalesceKey(op: EditOp): string | null {
    if (op.op === "setSource" || op.op === "setParams") return `${op.op}:${op.id}`;
    if (op.op === "moveNode") return `move:${op.id}`;
    if (op.op === "setTitle") return "title";
    return null;
  }

  return {
    getState: () => state,
    dispatch(op) {
      let next: Notebook;
      try {
        next = applyOp(state, op);
      } catch (e) {
        if (e instanceof EditError) return e.message;
        throw e;
      }
      if (next === state) return null;
      const key = coalesceKey(op);
      const now = Date.now();
      const coalesce = key !== null && lastCoalesce?.key === key && now - lastCoalesce.at < 1000;
      if (!coalesce) {
        past.push(state);
        if (past.length > HISTORY) past.shift();
      }
      lastCoalesce = key ? { key, at: now } : null;
      future = [];
      state = next;
      emit(op);
      return null;
    },
    load(nb, meta) {
      state = nb;
      past = [];
      future = [];
      lastCoalesce = null;
      if (meta?.trusted !== undefined) trusted = meta.trusted;
      emit({ op: "replace", notebook: nb });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    undo() {
      const prev = past.pop();
      if (!prev) return false;
      future.push(state);
      state = prev;
      lastCoalesce = null;
      emit({ op: "replace", notebook: state });
      return true;
    },
    redo() {
      const next = future.pop();
      if (!next) return false;
      past.push(state);
      state = next;
      lastCoalesce = null;
      emit({ op: "replace", notebook: state });
      return true;
    },
    canUndo: () => past.length > 0,
    canRedo: () => future.length > 0,
    trusted: () => trusted,
    setTrusted(t) { trusted = t; emit(null); },
  };
}

/** The current notebook, re-rendering on every change. */
export function useNotebook(store: DocumentStore): Notebook {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
