/**
 * Synthetic universes of the benchmark (blocks/data/synthetic.ts), written as long CSV
 * files (date, symbol, close, volume) chunk by chunk to a stream: the large universe is
 * ~10M rows (~400 MB of text) and never exists as one string.
 */
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateUniverse, longCsvChunks } from "../blocks/data/synthetic";

export interface Size { name: string; assets: number; days: number; seed: number }

export const SIZES: Record<string, Size> = {
  tiny: { name: "tiny", assets: 30, days: 700, seed: 7 },
  small: { name: "small", assets: 50, days: 1260, seed: 42 },
  medium: { name: "medium", assets: 500, days: 2520, seed: 42 },
  large: { name: "large", assets: 2000, days: 5040, seed: 42 },
};

export const OUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "out");

/** Write the universe's long CSV to `file` (streamed, backpressure respected). */
export async function writeUniverseCsv(file: string, size: Pick<Size, "assets" | "days" | "seed">): Promise<{ rows: number; bytes: number }> {
  mkdirSync(dirname(file), { recursive: true });
  const u = generateUniverse({ assets: size.assets, days: size.days, seed: size.seed });
  const out = createWriteStream(file);
  let rows = -1; // header
  for (const chunk of longCsvChunks(u.prices, u.volumes, 50_000)) {
    for (let i = chunk.indexOf("\n"); i >= 0; i = chunk.indexOf("\n", i + 1)) rows++;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  return { rows, bytes: statSync(file).size };
}

/** bench/out/<name>.csv, generated when absent (or always with `fresh`). */
export async function universeFile(size: Size, fresh = false): Promise<string> {
  const file = join(OUT_DIR, `${size.name}-${size.assets}x${size.days}-s${size.seed}.csv`);
  if (fresh || !existsSync(file)) await writeUniverseCsv(file, size);
  return file;
}
