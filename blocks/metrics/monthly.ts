/**
 * metrics.monthly_returns: returns compounded by calendar month (empyrical
 * aggregate_returns(returns, "monthly")) and a year x month table with each year's
 * compounded return. Missing returns count as 0; a month with no dates is null.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { monthKey } from "../core/dates";
import { port } from "../core/ports";
import { series, type Series, type Table } from "../core/values";

export const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Compounded return of each calendar month present in `index`, labelled by the month's
 * last date in the input: {index, values}, one entry per month.
 */
export function monthlyReturns(index: Int32Array, returns: Float64Array): Series {
  const dates: number[] = [], vals: number[] = [];
  let key = NaN, g = 1;
  for (let i = 0; i < index.length; i++) {
    const k = monthKey(index[i]);
    if (k !== key) {
      if (i > 0) vals.push(g - 1);
      dates.push(index[i]);
      key = k; g = 1;
    } else dates[dates.length - 1] = index[i];
    const r = returns[i];
    if (r === r) g *= 1 + r;
  }
  if (index.length > 0) vals.push(g - 1);
  return series(Int32Array.from(dates), Float64Array.from(vals));
}

/** Year x month table: columns year, Jan..Dec, Year (the year's compounded return). */
export function monthlyTable(monthly: Series): Table {
  const years: number[] = [];
  const cells = new Map<number, Float64Array>();
  for (let i = 0; i < monthly.index.length; i++) {
    const mk = monthKey(monthly.index[i]);
    const y = Math.floor(mk / 12), m = mk % 12;
    let row = cells.get(y);
    if (!row) { row = new Float64Array(12).fill(NaN); cells.set(y, row); years.push(y); }
    row[m] = monthly.values[i];
  }
  const columns: Table["columns"] = { year: Float64Array.from(years) };
  const types: Table["types"] = { year: "number" };
  MONTH_NAMES.forEach((name, m) => { columns[name] = Float64Array.from(years, (y) => cells.get(y)![m]); types[name] = "number"; });
  columns.Year = Float64Array.from(years, (y) => {
    let g = 1;
    for (const v of cells.get(y)!) if (v === v) g *= 1 + v;
    return g - 1;
  });
  types.Year = "number";
  return { kind: "table", columns, types, rowCount: years.length };
}

export const monthlyReturnsBlock = defineBlock({
  id: "metrics.monthly_returns",
  title: "Monthly returns",
  description: "Returns compounded by calendar month, as a series (dated by each month's last date) and as a year x month table with the year's compounded return.",
  category: "metrics",
  params: z.object({}),
  inputs: { returns: port.series("periodic simple returns") },
  outputs: {
    monthly: { kind: "series", description: "compounded return of each month, dated by its last date in the input" },
    table: { kind: "table", description: "one row per year: year, Jan..Dec (null when absent), Year" },
  },
  compute: (_params, inputs) => {
    const monthly = monthlyReturns(inputs.returns.index, inputs.returns.values);
    return { monthly, table: monthlyTable(monthly) };
  },
});
