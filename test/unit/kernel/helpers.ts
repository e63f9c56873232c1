import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type Cell, type NotebookInput } from "../../../kernel/document/schema";
import { Kernel, type KernelHost } from "../../../kernel/kernel";
import type { CellEvent } from "../../../kernel/scheduler/scheduler";

/** A notebook of code cells: {name: source}. */
export function codeNotebook(cells: Record<string, string>): NotebookInput {
  return notebook(Object.entries(cells).map(([name, source]) => ({ id: `id_${name}`, name, kind: "code", source })));
}

export function notebook(cells: Cell[] | NotebookInput["cells"], extra: Partial<NotebookInput> = {}): NotebookInput {
  return { format: NOTEBOOK_FORMAT, version: NOTEBOOK_VERSION, id: "nb", title: "test", cells, ...extra };
}

/** A host without data: opening the engine is an error a test would see. */
export const noDataHost: KernelHost = {
  openEngine: () => Promise.reject(new Error("this test opens no database")),
  loadBundled: () => Promise.reject(new Error("no bundled data in this test")),
};

/** A kernel that records which cells started running. */
export function recordingKernel(host: KernelHost = noDataHost): { kernel: Kernel; ran: string[]; events: CellEvent[] } {
  const kernel = new Kernel(host);
  const ran: string[] = [];
  const events: CellEvent[] = [];
  kernel.subscribe((e) => {
    events.push(e);
    if (e.status === "running" && e.progress === undefined) ran.push(e.name);
  });
  return { kernel, ran, events };
}
