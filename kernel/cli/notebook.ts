/**
 * npm run notebook -- run <file> [--out result.json] [--engine native|wasm]
 *
 * Runs a notebook file in Node and writes each cell's output (strict JSON, NaN as
 * null), status and time. Datasets load into native DuckDB (fast start) or, with
 * --engine wasm, into DuckDB-WASM: the same engine as the studio. Code cells run:
 * running a file from the command line is trusting it. Exit 0 when every cell
 * succeeded, 1 when a cell failed, 2 for a bad command or an unreadable notebook.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { toJson } from "../../blocks/core/json";
import { NotebookError } from "../document/parse";
import { nodeHost } from "../headless/nodeHost";
import { Kernel } from "../kernel";
import type { CellEvent } from "../scheduler/scheduler";

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: npm run notebook -- run <file> [--out result.json] [--engine native|wasm]\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  if (args[0] !== "run" || !args[1]) usage("Say what to run.");
  const file = resolve(args[1]);
  const outAt = args.indexOf("--out");
  const out = outAt > 0 ? args[outAt + 1] : undefined;
  if (outAt > 0 && !out) usage("--out needs a file name.");
  const engineAt = args.indexOf("--engine");
  const engine = engineAt > 0 ? args[engineAt + 1] : "native";
  if (engine !== "native" && engine !== "wasm") usage(`--engine is native or wasm, not ${engine}.`);

  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    process.stderr.write(`Cannot read ${file}.\n`);
    return 2;
  }
  const kernel = new Kernel(nodeHost({ engine, baseDir: dirname(file) }));
  const events = new Map<string, CellEvent>();
  kernel.subscribe((e) => { if (e.status !== "running" && e.status !== "queued") events.set(e.name, e); });
  try {
    kernel.open(text, { trusted: true });
  } catch (e) {
    process.stderr.write(`${e instanceof NotebookError ? e.message : String(e)}\n`);
    return 2;
  }
  const t0 = performance.now();
  const summary = await kernel.run();
  const cells = kernel.graphInfo().cells.map(({ name }) => {
    const e = events.get(name);
    const ok = e?.status === "done";
    return {
      name,
      status: e?.status ?? "idle",
      ms: e?.ms === undefined ? null : Math.round(e.ms * 1000) / 1000,
      ...(ok ? { output: toJson(kernel.value(name)) } : { error: e?.error?.message ?? "did not run" }),
    };
  });
  const result = { notebook: file, ms: Math.round(performance.now() - t0), cells };
  await kernel.close();
  const json = JSON.stringify(result);
  if (out) {
    writeFileSync(out, json + "\n");
    for (const c of cells) process.stderr.write(`${c.status === "done" ? "ok   " : "FAIL "} ${c.name}${c.ms !== null ? ` (${c.ms.toFixed(1)} ms)` : ""}${"error" in c ? `: ${c.error}` : ""}\n`);
    process.stderr.write(`wrote ${out}\n`);
  } else {
    process.stdout.write(json + "\n");
  }
  return summary.errors.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
