import { describe, expect, it } from "vitest";
import { isoToDays, monthKey } from "../../../blocks/core/dates";

describe("monthKey", () => {
  it("equals the UTC calendar's year * 12 + month for every day from 1600 to 2400", () => {
    const from = isoToDays("1600-01-01"), to = isoToDays("2400-12-31");
    let bad = 0;
    for (let d = from; d <= to; d++) {
      const date = new Date(d * 86_400_000);
      if (monthKey(d) !== date.getUTCFullYear() * 12 + date.getUTCMonth()) bad++;
    }
    expect(to - from).toBeGreaterThan(290_000);
    expect(bad).toBe(0);
  });

  it("turns at month ends, leap days included", () => {
    expect(monthKey(isoToDays("2020-02-29"))).toBe(2020 * 12 + 1);
    expect(monthKey(isoToDays("2020-03-01"))).toBe(2020 * 12 + 2);
    expect(monthKey(isoToDays("1970-01-01"))).toBe(1970 * 12);
    expect(monthKey(isoToDays("1969-12-31"))).toBe(1969 * 12 + 11);
  });
});
