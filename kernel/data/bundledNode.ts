/** Bundled data files read from the checkout's public/data/ (Node: CLI, tests, benchmark). */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ReadBundledFile } from "./bundled";

/** public/data/ of this checkout, found upwards from this module (which may run from a bundle in node_modules/.cache). */
export const bundledDataDir = findUp(dirname(fileURLToPath(import.meta.url)), "public/data");

function findUp(from: string, target: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, target, "sp500-2000.csv"))) return resolve(dir, target);
    if (dirname(dir) === dir) return resolve(from, "../..", target);
  }
}

export const readBundledNode: ReadBundledFile = async (file) => new Uint8Array(await readFile(resolve(bundledDataDir, file)));
