/** Bundled data files read from the checkout's public/data/ (Node: CLI, tests, benchmark). */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ReadBundledFile } from "./bundled";

/** public/data/ of this checkout. */
export const bundledDataDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../public/data");

export const readBundledNode: ReadBundledFile = async (file) => new Uint8Array(await readFile(resolve(bundledDataDir, file)));
