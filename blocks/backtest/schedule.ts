/**
 * Rebalance schedules of backtest.run (shared/CONTRACTS.md):
 * - daily: every price date;
 * - weekly / monthly: each price date whose next price date is in another ISO week /
 *   calendar month (never the last date): the last trading day of each week / month;
 * - a list of ISO dates: each one trades on the first price date on or after it (a date
 *   that falls on a holiday trades the next trading day); dates after the last price date
 *   are ignored.
 */
import { isoToDays, isoWeekKey, monthKey } from "../core/dates";
import { paramError } from "../core/errors";

export type Rebalance = "daily" | "weekly" | "monthly" | string[];

/** 1 on the price dates that rebalance, 0 elsewhere. */
export function rebalanceMask(dates: Int32Array, rule: Rebalance): Uint8Array {
  const n = dates.length;
  const mask = new Uint8Array(n);
  if (rule === "daily") mask.fill(1);
  else if (rule === "weekly" || rule === "monthly") {
    const key = rule === "weekly" ? isoWeekKey : monthKey;
    for (let t = 0; t + 1 < n; t++) if (key(dates[t]) !== key(dates[t + 1])) mask[t] = 1;
  } else {
    rule.forEach((text, i) => {
      const d = isoToDays(text);
      if (Number.isNaN(d)) throw paramError(["rebalance", i], `"${text}" is not a date (YYYY-MM-DD)`);
      let lo = 0, hi = n; // first t with dates[t] >= d
      while (lo < hi) { const mid = (lo + hi) >> 1; if (dates[mid] < d) lo = mid + 1; else hi = mid; }
      if (lo < n) mask[lo] = 1;
    });
  }
  return mask;
}
