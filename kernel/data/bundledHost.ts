/**
 * Datasets a notebook declares, loaded under the notebook's own name for them:
 * a bundled set (and its long view, renamed alike) or a synthetic universe.
 */
import * as arrow from "apache-arrow";
import { generateUniverse, syntheticParams } from "../../blocks/data/synthetic";
import type { Panel } from "../../blocks/core/values";
import { loadBundled, findBundled, type ReadBundledFile } from "./bundled";
import { quoteIdent, type DataEngine } from "./engine";
import { utf8Vector } from "./arrowTable";

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
 * prices left out) and table `<name>_sectors` (symbol, sector). The long table goes
 * in as Arrow (symbols dictionary-encoded), not CSV text: no parsing, a fraction of the memory.
 */
export async function loadSyntheticAs(engine: DataEngine, name: string, params: Record<string, unknown>): Promise<void> {
  const u = generateUniverse(syntheticParams.parse(params));
  await engine.loadArrow(name, longArrowIpc(u.prices, u.volumes));
  const sectors = ["symbol,sector", ...Object.entries(u.groups).map(([s, g]) => `${s},${g}`)].join("\n") + "\n";
  await engine.loadCsv(`${name}_sectors`, sectors, { columns: { symbol: "VARCHAR", sector: "VARCHAR" } });
}

/** Long Arrow IPC (date, symbol, close, volume) of a price and a volume panel, rows with a price only. */
export function longArrowIpc(prices: Panel, volumes: Panel): Uint8Array {
  const n = prices.index.length, m = prices.columns.length;
  let rows = 0;
  for (let i = 0; i < n * m; i++) if (!Number.isNaN(prices.values[i])) rows++;
  const date = new Int32Array(rows), symbol = new Int32Array(rows);
  const close = new Float64Array(rows), volume = new Float64Array(rows);
  let r = 0;
  for (let t = 0; t < n; t++) {
    for (let j = 0; j < m; j++) {
      const x = prices.values[t * m + j];
      if (Number.isNaN(x)) continue;
      // Rounded to 6 decimals as longCsvChunks writes them: the same universe as its CSV.
      date[r] = prices.index[t]; symbol[r] = j; close[r] = Math.round(x * 1e6) / 1e6; volume[r] = volumes.values[t * m + j];
      r++;
    }
  }
  const dictionary = utf8Vector(prices.columns);
  const volumeNulls = new Uint8Array(Math.ceil(rows / 8));
  let volumeNullCount = 0;
  for (let i = 0; i < rows; i++) { if (Number.isNaN(volume[i])) volumeNullCount++; else volumeNulls[i >> 3] |= 1 << (i & 7); }
  const table = new arrow.Table({
    date: arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: rows, data: date })),
    symbol: arrow.makeVector(arrow.makeData({ type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()), length: rows, data: symbol, dictionary })),
    close: arrow.makeVector(arrow.makeData({ type: new arrow.Float64(), length: rows, data: close })),
    volume: arrow.makeVector(arrow.makeData({ type: new arrow.Float64(), length: rows, data: volume, nullCount: volumeNullCount, nullBitmap: volumeNullCount ? volumeNulls : undefined })),
  });
  return arrow.tableToIPC(table, "stream");
}

