/**
 * From DuckDB to Panels, efficiently: only the needed columns leave the engine, symbols are
 * coded to column numbers in SQL and dates to rows from their day numbers, and the pivot is one pass over
 * typed arrays. Also the price-table validator that turns "something is wrong with this
 * CSV" into a sentence naming the column and the line.
 */
import { fillPanel, indexDates, widePanel } from "../../blocks/data/pivot";
import type { Panel, Table } from "../../blocks/core/values";
import { daysToIso } from "../../blocks/core/dates";
import { quoteIdent, sqlString, type DataEngine } from "./engine";
import { dataError } from "./errors";

export interface PanelMapping { date: string; symbol: string; value: string }
export const DEFAULT_MAPPING: PanelMapping = { date: "date", symbol: "symbol", value: "close" };

/** A FROM-able relation: a table or view name, or a query (SELECT/WITH/FROM/VALUES/...) in parentheses. */
export function relation(sqlOrTable: string): string {
  const s = sqlOrTable.trim();
  return /^(select|with|from|values|pivot|unpivot|table|\()/i.test(s) ? `(${s.replace(/;\s*$/, "")})` : quoteIdent(s);
}

const DATE_TYPE = /^(DATE|TIMESTAMP)/i;
const NUMBER_TYPE = /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC|TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)/i;
/** Numbers the temporary symbol tables of loadPanel (engines are shared: each call its own). */
let symbolTables = 0;

export interface PriceTableMapping {
  date: string;
  symbol?: string;
  /** The price column (required when given). */
  value?: string;
  /** Other columns that must hold numbers (volume, open, ...). */
  numeric?: string[];
}

export interface ValidateOptions {
  /** Lines before the first row (1 for a CSV with a header): line = row + this. */
  headerLines?: number;
}

/**
 * Check a price table (or view, or query) before use: every mapped column exists, dates
 * parse, symbols are present, prices and other numeric columns are numbers. Throws a
 * plain sentence naming the column and the first bad line (rows counted in the order the
 * relation returns them, plus `headerLines`); returns the number of rows when all is well.
 */
export async function validatePriceTable(engine: DataEngine, sqlOrTable: string, mapping: PriceTableMapping, options: ValidateOptions = {}): Promise<{ rows: number }> {
  const rel = relation(sqlOrTable);
  const header = options.headerLines ?? 1;
  const described = await engine.query(`DESCRIBE SELECT * FROM ${rel}`);
  const names = described.columns.column_name as string[], types = described.columns.column_type as string[];
  const typeOf = new Map(names.map((n, i) => [n, types[i]]));
  const label = /^[A-Za-z_][\w]*$/.test(sqlOrTable.trim()) ? `"${sqlOrTable.trim()}"` : "the query";
  const required: [string, "date" | "symbol" | "number"][] = [[mapping.date, "date"]];
  if (mapping.symbol) required.push([mapping.symbol, "symbol"]);
  if (mapping.value) required.push([mapping.value, "number"]);
  for (const c of mapping.numeric ?? []) required.push([c, "number"]);
  for (const [col] of required) {
    if (!typeOf.has(col)) throw dataError(`${label} has no column "${col}" (its columns: ${names.map((n) => `"${n}"`).join(", ")}).`, [col]);
  }
  const checks: string[] = [];
  for (const [col, role] of required) {
    const q = quoteIdent(col), t = typeOf.get(col)!;
    if (role === "date") {
      checks.push(`WHEN ${q} IS NULL THEN ${sqlString(`${col}|empty|`)}`);
      if (!DATE_TYPE.test(t)) checks.push(`WHEN TRY_CAST(trim(${q}::VARCHAR) AS DATE) IS NULL THEN ${sqlString(`${col}|date|`)} || ${q}::VARCHAR`);
    } else if (role === "symbol") {
      checks.push(`WHEN ${q} IS NULL OR trim(${q}::VARCHAR) = '' THEN ${sqlString(`${col}|empty|`)}`);
    } else if (!NUMBER_TYPE.test(t)) {
      checks.push(`WHEN ${q} IS NOT NULL AND trim(${q}::VARCHAR) <> '' AND TRY_CAST(trim(${q}::VARCHAR) AS DOUBLE) IS NULL THEN ${sqlString(`${col}|number|`)} || ${q}::VARCHAR`);
    }
  }
  const count = await engine.query(`SELECT count(*)::DOUBLE AS n FROM ${rel}`);
  const rows = (count.columns.n as Float64Array)[0];
  if (!checks.length) return { rows };
  const bad = await engine.query(
    `SELECT row_no::DOUBLE AS row_no, problem FROM (SELECT row_number() OVER () AS row_no, CASE ${checks.join(" ")} END AS problem FROM ${rel}) WHERE problem IS NOT NULL ORDER BY row_no LIMIT 1`,
  );
  if (bad.rowCount) {
    const line = (bad.columns.row_no as Float64Array)[0] + header;
    const [col, kind, ...rest] = (bad.columns.problem as string[])[0].split("|");
    const value = rest.join("|");
    const what = kind === "empty" ? "is empty" : kind === "date" ? `has "${value}", which is not a date (YYYY-MM-DD)` : `has "${value}", which is not a number`;
    throw dataError(`Line ${line}, column "${col}" ${what}.`, [col, line]);
  }
  return { rows };
}

/**
 * A long price table (or view, or query) as a Panel (dates x symbols, both sorted, NaN
 * where a pair is absent). A duplicate (date, symbol) pair is an error naming it.
 */
export async function loadPanel(engine: DataEngine, sqlOrTable: string, mapping: PanelMapping = DEFAULT_MAPPING): Promise<Panel> {
  const rel = relation(sqlOrTable);
  const d = quoteIdent(mapping.date), s = quoteIdent(mapping.symbol), v = quoteIdent(mapping.value);
  // Types and presence first, so that a bad table gets a sentence, not a SQL error.
  const described = await engine.query(`DESCRIBE SELECT ${d}, ${s}, ${v} FROM ${rel}`).catch(() => null);
  const types = described ? (described.columns.column_type as string[]) : [];
  if (!described || !DATE_TYPE.test(types[0]) || !NUMBER_TYPE.test(types[2])) {
    await validatePriceTable(engine, sqlOrTable, { date: mapping.date, symbol: mapping.symbol, value: mapping.value });
  }
  // One scan codes the symbols to column numbers (sorted) and counts, per symbol, its rows without a date
  // (a missing symbol is a group of its own, numbered last): a small table the pivot joins with.
  const codes = `__panel_symbols_${++symbolTables}`;
  await engine.exec(
    `CREATE TEMP TABLE ${codes} AS SELECT s, (row_number() OVER (ORDER BY s NULLS LAST) - 1)::INTEGER AS si,
      (s IS NULL)::DOUBLE AS no_symbol, count(*) FILTER (WHERE d IS NULL)::DOUBLE AS no_date
    FROM (SELECT CAST(${d} AS DATE) AS d, CAST(${s} AS VARCHAR) AS s FROM ${rel}) GROUP BY s`,
  );
  let coded: Table, columns: string[];
  try {
    const groups = await engine.query(`SELECT s, no_symbol, no_date FROM ${codes} ORDER BY si`);
    const noSymbol = groups.columns.no_symbol as Float64Array, noDate = groups.columns.no_date as Float64Array;
    if (noSymbol.some((x) => x > 0) || noDate.some((x) => x > 0)) {
      await validatePriceTable(engine, sqlOrTable, { date: mapping.date, symbol: mapping.symbol });
    }
    columns = (groups.columns.s as string[]).filter((_, i) => !noSymbol[i]); // a null symbol's group comes back as ""
    const sorted = columns.slice().sort();
    if (sorted.some((x, i) => x !== columns[i])) {
      // DuckDB's text order differs from JS code-unit order only for non-ASCII symbols; keep JS order.
      throw dataError(`Symbols must be plain text that sorts the same everywhere; got ${columns.slice(0, 5).join(", ")}...`);
    }
    // Dates come back as day numbers and are coded here (indexDates: sorted days and each row's, one join fewer).
    coded = await engine.query(
      `SELECT CAST(src.${d} AS DATE) AS d, ss.si AS si, CAST(src.${v} AS DOUBLE) AS v FROM ${rel} AS src JOIN ${codes} AS ss ON ss.s = CAST(src.${s} AS VARCHAR)`,
    );
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${codes}`);
  }
  const { index, rowIndex } = indexDates(coded.columns.d as Int32Array);
  try {
    return fillPanel(index, columns, rowIndex, coded.columns.si as Float64Array, coded.columns.v as Float64Array, [mapping.symbol]);
  } catch (err) {
    const m = err instanceof Error ? /^.*?: (.*) appears twice/.exec(err.message) : null;
    if (m) throw dataError(`${m[1]} appears twice: a long price table needs one row per (${mapping.date}, ${mapping.symbol}).`, [mapping.symbol]);
    throw err;
  }
}

/**
 * A wide price table (a date column + one numeric column per symbol, like
 * PyPortfolioOpt's stock_prices.csv) as a Panel, columns in table order, rows by date.
 */
export async function wideToPanel(engine: DataEngine, sqlOrTable: string, dateColumn = "date"): Promise<Panel> {
  const rel = relation(sqlOrTable);
  const table = await engine.query(`SELECT * FROM ${rel} ORDER BY ${quoteIdent(dateColumn)}`);
  try {
    return widePanel(table, dateColumn, []);
  } catch (err) {
    throw dataError(err instanceof Error ? err.message.replace(/^[^:]*: /, "") : String(err), [dateColumn]);
  }
}

/** ISO text of a panel's first and last dates, for messages and summaries. */
export function panelSpan(p: Panel): string {
  return p.index.length ? `${daysToIso(p.index[0])} to ${daysToIso(p.index[p.index.length - 1])}` : "no dates";
}
