import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Kernel } from "../../../kernel/kernel";
import { nodeHost } from "../../../kernel/headless/nodeHost";
import { parseNotebook } from "../../../kernel/document/parse";
import type { Series } from "../../../blocks/core/values";
import { notebook } from "./helpers";
import { generateUniverse } from "../../../blocks/data/synthetic";

const root = resolve(__dirname, "../../..");
const quickstart = readFileSync(resolve(root, "notebooks/quickstart.json"), "utf8");

// One DuckDB-WASM instance for the file: the studio's own engine, here in Node.
const kernel = new Kernel(nodeHost({ engine: "wasm", baseDir: resolve(root, "notebooks") }));
afterAll(() => kernel.close());

/** Wilder RSI written out plainly, independent of blocks/indicators. */
function plainRsi(close: number[], period: number): number[] {
  const out: number[] = new Array(close.length).fill(NaN);
  let gain = 0, loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = close[i] - close[i - 1];
    if (d > 0) gain += d; else loss -= d;
  }
  gain /= period; loss /= period;
  out[period] = 100 * gain / (gain + loss);
  for (let i = period + 1; i < close.length; i++) {
    const d = close[i] - close[i - 1];
    gain = (gain * (period - 1) + Math.max(d, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-d, 0)) / period;
    out[i] = 100 * gain / (gain + loss);
  }
  return out;
}

describe("a notebook with SQL, block and code cells, headless on DuckDB-WASM", () => {
  it("runs the quickstart: SQL over the bundled S&P 500 -> ta.rsi -> code", async () => {
    kernel.open(quickstart, { trusted: true });
    const summary = await kernel.run();
    expect(summary.errors).toEqual([]);
    const rsi = (kernel.value("rsi") as { values: Series }).values;
    const csv = readFileSync(resolve(root, "public/data/sp500-2000.csv"), "utf8").trim().split("\n").slice(1);
    const header = readFileSync(resolve(root, "public/data/sp500-2000.csv"), "utf8").split("\n")[0].split(",");
    const closeAt = header.indexOf("close");
    const close = csv.map((l) => Number(l.split(",")[closeAt]));
    expect(rsi.values.length).toBe(close.length);
    const expected = plainRsi(close, 14);
    for (const i of [14, 15, 100, 2000, close.length - 1]) expect(rsi.values[i]).toBeCloseTo(expected[i], 8);
    const summaryCell = kernel.value("overbought") as { days: number; defined: number; last: string };
    expect(summaryCell.defined).toBe(close.length - 14);
    expect(summaryCell.last).toBe("2020-04-17");
  });

  it("a SQL cell is a view that later SQL cells query by its name", async () => {
    kernel.open(notebook([
      { id: "a", name: "yearly", kind: "sql", source: "select year(date) as y, count(*) as n from sp500 group by 1" },
      { id: "b", name: "y2001", kind: "sql", source: "select n from yearly where y = 2001" },
    ], { datasets: [{ name: "sp500", source: { kind: "bundled", id: "sp500" } }] }));
    const s = await kernel.run();
    expect(s.errors).toEqual([]);
    const t = kernel.value("y2001") as { columns: Record<string, Float64Array> };
    expect(t.columns.n[0]).toBe(248); // NYSE trading days in 2001 (closed four days after 9/11)
  });

  it("a SQL error is an error on that cell, naming the problem", async () => {
    const nb = parseNotebook(notebook([{ id: "a", name: "bad", kind: "sql", source: "select nosuchcolumn from sp500" }], { datasets: [{ name: "sp500", source: { kind: "bundled", id: "sp500" } }] }));
    const events: string[] = [];
    const off = kernel.subscribe((e) => { if (e.status === "error") events.push(e.error!.message); });
    kernel.open(nb);
    await kernel.run();
    off();
    expect(events[0]).toMatch(/^bad: .*nosuchcolumn/);
  });

  it("a block cell bound to a long SQL result gets a panel; a bad binding names the cell and input", async () => {
    kernel.open(notebook([
      { id: "a", name: "px", kind: "sql", source: "select date, symbol, close from stocks20_long where date >= '2017-01-01' and symbol in ('AAPL', 'MA')" },
      { id: "b", name: "rets", kind: "block", block: "data.returns", params: {}, inputs: { prices: "px" } },
      { id: "c", name: "oops", kind: "block", block: "data.returns", params: {}, inputs: { prices: "rets.nothing" } },
    ], { datasets: [{ name: "stocks20", source: { kind: "bundled", id: "stocks20" } }] }));
    const errors: Record<string, string> = {};
    const off = kernel.subscribe((e) => { if (e.status === "error") errors[e.name] = e.error!.message; });
    await kernel.run();
    off();
    const r = (kernel.value("rets") as { returns: { columns: string[]; index: Int32Array } }).returns;
    expect(r.columns).toEqual(["AAPL", "MA"]);
    expect(errors.oops).toMatch(/oops: input prices is bound to rets\.nothing, but "rets" has no output "nothing"/);
  });

  it("a synthetic dataset is a long table (date, symbol, close, volume) plus its sectors", async () => {
    const params = { assets: 12, days: 300, seed: 7 };
    kernel.open(notebook([
      { id: "a", name: "summary", kind: "sql", source: "select count(*) as n, count(distinct symbol) as s, sum(close) as total from uni" },
      { id: "b", name: "sectors", kind: "sql", source: "select count(*) as n from uni_sectors" },
    ], { datasets: [{ name: "uni", source: { kind: "synthetic", params } }] }));
    expect((await kernel.run()).errors).toEqual([]);
    const u = generateUniverse(params);
    let rows = 0, total = 0;
    for (const x of u.prices.values) if (!Number.isNaN(x)) { rows++; total += x; }
    const t = kernel.value("summary") as { columns: Record<string, Float64Array> };
    expect(t.columns.n[0]).toBe(rows);
    expect(t.columns.s[0]).toBe(12);
    expect(t.columns.total[0]).toBeCloseTo(total, 3); // prices are rounded to 6 decimals, as in the CSV writer
    expect((kernel.value("sectors") as { columns: Record<string, Float64Array> }).columns.n[0]).toBe(12);
  });
});
