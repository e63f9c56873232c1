/**
 * Running the example notebooks in tests: one native-DuckDB kernel per notebook,
 * shared by the tests of a file, and the bundled CSVs read plainly for independent checks.
 */
import { afterAll } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Kernel } from "../../../kernel/kernel";
import { nodeHost } from "../../../kernel/headless/nodeHost";

export const root = resolve(__dirname, "../../..");
export const notebookDir = resolve(root, "notebooks");

export interface Ran { kernel: Kernel; errors: string[] }
const runs = new Map<string, Promise<Ran>>();

/** Open and run a notebook once per test file; later calls share its kernel and values. */
export function runNotebook(file: string): Promise<Ran> {
  let p = runs.get(file);
  if (!p) {
    p = (async () => {
      const kernel = new Kernel(nodeHost({ engine: "native", baseDir: notebookDir }));
      const errors: string[] = [];
      kernel.subscribe((e) => { if (e.status === "error") errors.push(`${e.name}: ${e.error?.message ?? ""}`); });
      kernel.open(readFileSync(resolve(notebookDir, file), "utf8"), { trusted: true });
      const summary = await kernel.run();
      if (summary.errors.length && !errors.length) errors.push(...summary.errors);
      return { kernel, errors };
    })();
    runs.set(file, p);
  }
  return p;
}

afterAll(async () => {
  for (const p of runs.values()) await (await p).kernel.close();
});

/** A CSV of public/data as {header, dates, column(name) -> numbers (NaN when empty)}. */
export function readCsv(name: string) {
  const lines = readFileSync(resolve(root, "public/data", name), "utf8").trim().split("\n");
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((l) => l.split(","));
  const dates = rows.map((r) => r[0]);
  const column = (c: string) => {
    const j = header.indexOf(c);
    if (j < 0) throw new Error(`${name} has no column ${c}`);
    return rows.map((r) => (r[j] === "" || r[j] === undefined ? NaN : Number(r[j])));
  };
  return { header, dates, column };
}
