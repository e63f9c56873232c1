/**
 * npm run --silent bench -- --data <prices.csv|prices.parquet> [--json] [--engine native|wasm] [--cold] [--threads 1|2]
 * npm run bench [-- --sizes small,medium,large] [--runs N] [--browser] [--skip-micro] [--skip-sweep]
 *
 * With --data: the reference pipeline (bench/fast.ts) on that long file; --json prints
 * {"stages": {...}, "total": s, "kpis": {...}} (shared/CONTRACTS.md). Without --data: the
 * full benchmark (bench/suite.ts): synthetic universes, stage table with peak memory and
 * targets, the fast-vs-reference check, the indicator micro-bench and the parameter sweep.
 */
import { resolve } from "node:path";
import { toJson } from "../blocks/core/json";
import type { FileDataEngine } from "../kernel/data/engine";
import { runPipeline, warmUp } from "./fast";
import { startHelper, threadsArg } from "./computeHelper";

export async function openEngine(kind: string): Promise<FileDataEngine> {
  if (kind === "wasm") return (await import("../kernel/data/duckdbWasmNode")).openDuckDbWasmNode();
  return (await import("../kernel/data/duckdbNative")).openDuckDbNative();
}

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: npm run --silent bench -- --data <prices.csv|prices.parquet> [--json] [--engine native|wasm] [--cold] [--threads 1|2]\n       npm run bench [-- --sizes small,medium,large] [--runs N] [--browser]\n`);
  process.exit(2);
}

export function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) usage(`${name} needs a value.`);
  return v;
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  const engineKind = argValue(args, "--engine") ?? "native";
  if (engineKind !== "native" && engineKind !== "wasm") usage(`--engine is native or wasm, not ${engineKind}.`);
  const data = argValue(args, "--data");
  if (!data) return (await import("./suite")).runSuite(args);
  const threads = threadsArg(argValue(args, "--threads"));
  if (threads === null) usage("--threads is 1 or 2.");
  const engine = await openEngine(engineKind);
  const helper = await startHelper(threads);
  try {
    if (!args.includes("--cold")) await warmUp(engine, helper);
    const r = await runPipeline(engine, resolve(data), helper);
    const out = { stages: r.stages, total: r.total, kpis: r.kpis };
    if (args.includes("--json")) process.stdout.write(JSON.stringify(toJson(out)) + "\n");
    else {
      for (const [k, v] of Object.entries(r.stages)) process.stdout.write(`${k.padEnd(9)} ${v.toFixed(3)} s\n`);
      process.stdout.write(`${"total".padEnd(9)} ${r.total.toFixed(3)} s\n`);
      for (const [k, v] of Object.entries(r.kpis)) process.stdout.write(`${k.padEnd(14)} ${Number.isFinite(v) ? +v.toPrecision(8) : "null"}\n`);
    }
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await helper?.close();
    await engine.close();
  }
}

const invoked = process.argv[1] && /bench[\\/]pipeline\.ts$/.test(process.argv[1]);
if (invoked) main(process.argv.slice(2)).then((code) => process.exit(code));
