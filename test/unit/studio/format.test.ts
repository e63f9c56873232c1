import { describe, expect, it } from "vitest";
import { formatValue, isPercentKey, keyWords, showsPercent } from "../../../studio/outputs/format";

describe("isPercentKey(key)", () => {
  it("isPercentKey reads returns, volatility, drawdown, VaR, ES, weights and rates as fractions", () => {
    for (const k of ["total_return", "cagr", "volatility", "max_drawdown", "var", "es", "win_rate", "exception_rate", "mode_share", "avg_win", "avg_loss", "net", "gross", "dividend_yield", "worst_relative_change", "oos_return"]) {
      expect(isPercentKey(k), k).toBe(true);
    }
  });

  it("isPercentKey never reads counts, ratios, prices or money as percent, whatever else the key says", () => {
    // "dates" and "num_trades" end in "es"; "too_short_history" says "short"; "shares" says "share".
    for (const k of ["dates", "num_trades", "too_short_history", "shares", "sharpe", "profit_factor", "var_dollars", "net_cost", "effective_names", "p_value", "mean_ic", "observations", "price", "max_loss", "realized_pnl_count"]) {
      expect(isPercentKey(k), k).toBe(false);
    }
  });

  it("keyWords splits snake, camel and spaced keys: keyWords('maxDrawdown_pct') = [max, drawdown, pct]", () => {
    expect(keyWords("maxDrawdown_pct")).toEqual(["max", "drawdown", "pct"]);
    expect(keyWords("too short-history")).toEqual(["too", "short", "history"]);
  });
});

describe("showsPercent and formatValue", () => {
  it("showsPercent('realized_pnl', -15850) is false: a P&L in money is not a fraction", () => {
    expect(showsPercent("realized_pnl", -15850)).toBe(false);
    expect(showsPercent("covid_2020_proxy_pnl", -0.21)).toBe(true);
  });

  it("formatValue: 0.2251 cagr is 22.51%, 1809 dates stay 1,809, booleans are yes/no, null a dash", () => {
    expect(formatValue("cagr", 0.2251)).toBe("22.51%");
    expect(formatValue("dates", 1809)).toBe("1,809");
    expect(formatValue("flag", true)).toBe("yes");
    expect(formatValue("sharpe", null)).toBe("—");
    expect(formatValue("1", 0.9732, true)).toBe("97.32%");
  });
});
