/**
 * The data sets shipped in public/data/ (see public/data/ATTRIBUTION.md), loaded into a
 * DataEngine with clean column names and types. The bytes come from a `readFile`
 * function: bundledNode.ts reads public/data/ from disk, bundledBrowser.ts fetches the
 * app's own copy (no CDN, works offline).
 */
import { quoteIdent, type DataEngine, type DatasetInfo } from "./engine";
import { dataError } from "./errors";

export type ReadBundledFile = (file: string) => Promise<Uint8Array>;

export interface BundledDataset {
  /** Table name in DuckDB. */
  name: string;
  /** File name in public/data/. */
  file: string;
  format: "csv";
  /** ohlc: one row per date with open/high/low/close/adjclose/volume; wide: date + one column per symbol. */
  shape: "ohlc" | "wide";
  description: string;
  attribution: string;
  /** Other tables or views made with it. */
  views: string[];
}

export const bundledDatasets: BundledDataset[] = [
  {
    name: "sp500",
    file: "sp500-2000.csv",
    format: "csv",
    shape: "ohlc",
    description: "S&P 500 index, daily open, high, low, close, adjusted close and volume, 2000-01-03 to 2020-04-17 (5,105 days).",
    attribution: "vega-datasets 3.2.1 (BSD-3-Clause), data from Yahoo Finance.",
    views: [],
  },
  {
    name: "stocks20",
    file: "stock_prices.csv",
    format: "csv",
    shape: "wide",
    description: "Daily adjusted closes of 20 US stocks (GOOG, AAPL, FB, BABA, AMZN, GE, AMD, WMT, BAC, GM, T, UAA, SHLD, XOM, RRC, BBY, MA, PFE, JPM, SBUX), 1989-12-29 to 2018-04-11; empty before each listing. Also as the long view stocks20_long(date, symbol, close).",
    attribution: "PyPortfolioOpt tests/resources/stock_prices.csv (MIT, (c) 2018 Robert Andrew Martin), Yahoo Finance adjusted closes.",
    views: ["stocks20_long"],
  },
  {
    name: "spy",
    file: "spy_prices.csv",
    format: "csv",
    shape: "wide",
    description: "SPY ETF daily adjusted closes, 1993-01-29 to 2019-12-09. Also as the long view spy_long(date, symbol, close).",
    attribution: "PyPortfolioOpt tests/resources/spy_prices.csv (MIT, (c) 2018 Robert Andrew Martin), Yahoo Finance adjusted closes.",
    views: ["spy_long"],
  },
];

export function findBundled(name: string): BundledDataset {
  const d = bundledDatasets.find((x) => x.name === name);
  if (!d) throw dataError(`There is no bundled data set "${name}" (bundled: ${bundledDatasets.map((x) => x.name).join(", ")}).`, [name]);
  return d;
}

/** The first line of CSV bytes, split on commas (header names of our own simple files). */
function headerOf(bytes: Uint8Array): string[] {
  let end = bytes.indexOf(10);
  if (end < 0) end = bytes.length;
  return new TextDecoder().decode(bytes.subarray(0, end)).replace(/\r$/, "").split(",").map((s) => s.trim().replace(/^"|"$/g, ""));
}

/**
 * Load a bundled data set as the DuckDB table of its name: sp500 (date DATE, open, high,
 * low, close, adjclose, volume DOUBLE); stocks20 and spy wide (date DATE + one DOUBLE
 * column per symbol) plus the long view `<name>_long(date, symbol, close)` without the
 * empty cells, so SQL cells can query either shape.
 */
export async function loadBundled(engine: DataEngine, name: string, readFile: ReadBundledFile): Promise<DatasetInfo> {
  const d = findBundled(name);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(d.file);
  } catch (err) {
    throw dataError(`The bundled file ${d.file} could not be read (${err instanceof Error ? err.message : String(err)}).`, [d.file]);
  }
  const columns: Record<string, string> = {};
  for (const c of headerOf(bytes)) columns[c] = c === "date" ? "DATE" : "DOUBLE";
  const info = await engine.loadCsv(d.name, bytes, { header: true, delimiter: ",", columns });
  if (d.shape === "wide") {
    await engine.createView(`${d.name}_long`,
      `SELECT date, symbol, close FROM (UNPIVOT ${quoteIdent(d.name)} ON COLUMNS(* EXCLUDE (date)) INTO NAME symbol VALUE close) ORDER BY date, symbol`);
  }
  return info;
}
