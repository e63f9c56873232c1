/**
 * The results cache: cell values in IndexedDB keyed by the cell's content hash
 * (the scheduler's hash of its content, its upstream hashes and the datasets'
 * version). Values are plain objects of typed arrays, which IndexedDB stores by
 * structured clone. Reopening a notebook computes the same hashes on the page
 * (`contentHashes`, the scheduler's own function) and shows the stored values at
 * once, before the worker has even started; the worker is primed with them too,
 * so it recomputes only what changed.
 */
import type { Cell, Notebook } from "../../kernel/document/schema";
import { hashValue } from "../../kernel/scheduler/hash";
import { Scheduler } from "../../kernel/scheduler/scheduler";
import { NotebookExecutor } from "../../kernel/runtime/executor";
import { freeNames, knownFreeNames } from "../../kernel/scheduler/freeNames";
import { isQuotaError, type ResultRow, type StudioDb } from "./db";
import { whenIdle } from "../ui/idle";
import { idleTurn } from "./idleTurn";

/** Values larger than this are not cached (they would crowd out everything else). */
export const MAX_RESULT_BYTES = 16 * 1024 * 1024;
/** At most this many cached results in all; the oldest go first. */
export const MAX_RESULTS = 400;

/**
 * Content hashes of every cell, by name, as the kernel computes them: its
 * scheduler, with its executor's hashExtra (SQL cells, blocks bound to a dataset
 * and code using data depend on the datasets' version).
 */
export function contentHashes(nb: Notebook): Map<string, string> {
  const datasetsVersion = hashValue(nb.datasets);
  const datasetNames = new Set(nb.datasets.map((d) => d.name));
  // The kernel's own executor answers hashExtra; nothing here runs.
  const env = {
    query: () => Promise.reject(new Error("hash only")),
    createView: () => Promise.reject(new Error("hash only")),
    datasetNames: () => datasetNames,
    cell: (name: string) => nb.cells.find((c) => c.name === name),
    datasetsVersion: () => datasetsVersion,
    trusted: () => false,
    std: () => Promise.reject(new Error("hash only")),
  };
  const executor = new NotebookExecutor(env as unknown as ConstructorParameters<typeof NotebookExecutor>[0]);
  const s = new Scheduler({ execute: () => Promise.reject(new Error("hash only")), hashExtra: (cell: Cell) => executor.hashExtra(cell) });
  s.setNotebook(nb);
  const out = new Map<string, string>();
  for (const c of nb.cells) {
    const h = s.hashOf(c.name);
    if (h) out.set(c.name, h);
  }
  return out;
}

/** Rough size in bytes of a value (typed arrays and strings dominate). */
export function approxBytes(v: unknown, seen = new Set<unknown>()): number {
  if (v === null || v === undefined) return 8;
  if (typeof v === "string") return v.length * 2;
  if (typeof v !== "object") return 8;
  if (seen.has(v)) return 0;
  seen.add(v);
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (v instanceof ArrayBuffer) return v.byteLength;
  let n = 16;
  for (const x of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
    n += approxBytes(x, seen);
    if (n > MAX_RESULT_BYTES * 2) break;
  }
  return n;
}

/** Keep one result (in an idle moment); false when it was too big or the disk is full (nothing else is affected). */
export async function saveResult(db: StudioDb, row: Omit<ResultRow, "savedAt">): Promise<boolean> {
  await idleTurn();
  if (approxBytes(row.value) > MAX_RESULT_BYTES) return false;
  try {
    await db.results.put({ ...row, savedAt: Date.now() });
  } catch (e) {
    if (isQuotaError(e)) { await evict(db, Math.ceil(MAX_RESULTS / 4)).catch(() => undefined); return false; }
    if (e instanceof Error && e.name === "DataCloneError") return false;
    throw e;
  }
  const n = await db.results.count();
  if (n > MAX_RESULTS) await evict(db, n - MAX_RESULTS);
  return true;
}

async function evict(db: StudioDb, count: number): Promise<void> {
  const old = await db.results.orderBy("savedAt").limit(count).primaryKeys();
  await db.results.bulkDelete(old);
}

export interface PrimedResult { cellId: string; name: string; hash: string; value: unknown; ms: number }

/**
 * Parse the notebook's code cells for their free names one per idle moment (freeNames keeps what it
 * parsed, so the graph of contentHashes then parses nothing): parsed in one task, an example's cells
 * took 40-60 ms of the page's thread as it opened, under load.
 */
async function parseInIdleMoments(nb: Notebook): Promise<void> {
  for (const c of nb.cells) {
    if (c.kind !== "code" || knownFreeNames(c.source) !== undefined) continue;
    await new Promise<void>((resolve) => whenIdle(() => { freeNames(c.source); resolve(); }, 500));
  }
}

/** The stored results of the notebook's cells whose content hash matches now. */
export async function cachedResults(db: StudioDb, nb: Notebook): Promise<PrimedResult[]> {
  // Nothing kept yet (a first visit): no content hashes, whose graph parses every code cell (the
  // page's first parse compiles the parser: 20-90 ms at start-up, before the first cell is usable).
  if ((await db.results.count()) === 0) return [];
  await parseInIdleMoments(nb);
  const hashes = contentHashes(nb);
  const cells = nb.cells.filter((c) => hashes.has(c.name));
  const rows = await db.results.bulkGet(cells.map((c) => hashes.get(c.name)!));
  const out: PrimedResult[] = [];
  cells.forEach((c, i) => {
    const r = rows[i];
    if (r) out.push({ cellId: c.id, name: c.name, hash: r.hash, value: r.value, ms: r.ms });
  });
  return out;
}
