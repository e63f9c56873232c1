/**
 * Data errors as plain sentences. DuckDB's own messages are long (a CSV error lists
 * every sniffer setting); `dataError` keeps what a person needs: the line, the column
 * and the value, never a stack trace.
 */
import { BlockError } from "../../blocks/core/errors";

/** A data problem: bad CSV, missing column, failed query. Carries the column and line when known. */
export function dataError(detail: string, path: (string | number)[] = []): BlockError {
  return new BlockError("invalid-inputs", "Data error", detail, [{ path, message: detail }]);
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "object" && err !== null && "message" in err) return String((err as { message: unknown }).message);
  return String(err);
}

/**
 * A DuckDB error as one or two plain sentences. CSV conversion errors become
 * `Line 3, column "close": "abc" is not a valid DOUBLE.`; other errors keep DuckDB's first
 * line without the SQL caret excerpt. `context` (e.g. `Loading "prices"`) is put first.
 */
export function cleanDuckDbError(err: unknown, context?: string): BlockError {
  if (err instanceof BlockError) return err;
  const raw = messageOf(err);
  const prefix = context ? `${context}: ` : "";
  const csvLine = /CSV Error on Line:\s*(\d+)/.exec(raw);
  const conv = /Error when converting column "([^"]*)"\. Could not convert string "([^"]*)" to '([^']*)'/.exec(raw);
  if (csvLine && conv) {
    const [, column, value, type] = conv;
    const what = /DATE|TIMESTAMP/.test(type) ? "a date (YYYY-MM-DD)" : /DOUBLE|FLOAT|DECIMAL|INT/.test(type) ? "a number" : `a valid ${type}`;
    return dataError(`${prefix}line ${csvLine[1]}, column "${column}": "${value}" is not ${what}.`, [column, Number(csvLine[1])]);
  }
  if (csvLine) {
    const rest = raw.slice(csvLine.index + csvLine[0].length).split("\n").map((s) => s.trim()).filter(Boolean);
    const reason = rest.find((s) => !s.startsWith("Original Line")) ?? "the line could not be read";
    return dataError(`${prefix}line ${csvLine[1]}: ${reason}`, [Number(csvLine[1])]);
  }
  const missing = /Columns with names: (.*) do not exist in the CSV File/.exec(raw);
  if (missing) return dataError(`${prefix}the CSV has no column ${missing[1].trim()}.`, [missing[1].replace(/"/g, "").trim()]);
  let first = raw.split("\n").map((s) => s.trim()).filter(Boolean)[0] ?? "unknown error";
  first = first.replace(/^(Conversion|Binder|Catalog|Parser|Invalid Input|Invalid|IO|Constraint|Not implemented) Error:\s*/, "");
  return dataError(`${prefix}${first}`);
}
