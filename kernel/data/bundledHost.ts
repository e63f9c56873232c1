/**
 * Datasets a notebook declares, loaded under the notebook's own name for them:
 * a bundled set (and its long view, renamed alike) or a synthetic universe.
 */
import { generateUniverse, longCsvChunks, syntheticParams } from "../../blocks/data/synthetic";
import { loadBundled, findBundled, type ReadBundledFile } from "./bundled";
import { quoteIdent, type DataEngine } from "./engine";

/** Load bundled set `id` and expose it as `name` (and `<name>_long` when the set has a long view). */
export async function loadBundledAs(engine: DataEngine, id: string, name: string, readFile: ReadBundledFile): Promise<void> {
  const d = findBundled(id);
  const existing = new Set((await engine.tables()).map((t) => t.name));
  if (!existing.has(d.name)) await loadBundled(engine, id, readFile);
  if (name !== d.name) {
    await engine.createView(name, `SELECT * FROM ${quoteIdent(d.name)}`);
    for (const v of d.views) {
      const renamed = v.replace(d.name, name);
      if (renamed !== v) await engine.createView(renamed, `SELECT * FROM ${quoteIdent(v)}`);
    }
  }
}

/**
 * A synthetic universe as table `name` (date, symbol, close, volume: long, missing
 * prices left out) and table `<name>_sectors` (symbol, sector).
 */
export async function loadSyntheticAs(engine: DataEngine, name: string, params: Record<string, unknown>): Promise<void> {
  const u = generateUniverse(syntheticParams.parse(params));
  await engine.loadCsv(name, [...longCsvChunks(u.prices, u.volumes)].join(""), { columns: { date: "DATE", symbol: "VARCHAR", close: "DOUBLE", volume: "DOUBLE" } });
  const sectors = ["symbol,sector", ...Object.entries(u.groups).map(([s, g]) => `${s},${g}`)].join("\n") + "\n";
  await engine.loadCsv(`${name}_sectors`, sectors, { columns: { symbol: "VARCHAR", sector: "VARCHAR" } });
}
