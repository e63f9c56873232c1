/**
 * How a named number reads: which keys hold fractions shown as percent
 * (returns, volatility, VaR, weights...) and which never do (ratios, counts,
 * prices, money), decided word by word on the key (`max_drawdown` -> max,
 * drawdown), with a magnitude guard so a dollar P&L never becomes "-981958%".
 */
import { formatNumber } from "./detect";

const PERCENT_WORDS = new Set([
  "return", "returns", "cagr", "volatility", "vol", "drawdown", "var", "es", "cvar", "turnover", "weight", "weights",
  "alpha", "share", "exposure", "best", "worst", "rate", "yield", "fraction", "pct", "percent", "tracking", "confidence",
  "degradation", "change", "pnl", "allocation", "spread",
]);
/** Words that make a key a count, a ratio, a price or money, whatever else it says. */
const PLAIN_WORDS = new Set([
  "ratio", "sharpe", "sortino", "calmar", "days", "day", "count", "num", "n", "iterations", "beta", "factor", "dollars", "dollar",
  "shares", "observations", "history", "z", "lr", "stat", "t", "p", "value", "price", "prices", "cost", "premium", "strike", "size", "bars",
  "contracts", "names", "effective", "equity", "cash", "commissions", "nav", "adv", "quantity", "multiplier", "seed", "periods",
  "trades", "windows", "grid", "mean", "std", "sd", "skewness", "kurtosis", "quantile", "gamma", "delta", "vega", "theta", "rho",
]);
/** Words that mean percent only as the whole key (exposure summaries: gross, net, long, short). */
const ALONE_WORDS = new Set(["gross", "net", "long", "short", "cash_weight", "avg_win", "avg_loss"]);

/** The lower-case words of a key: snake_case, camelCase, spaces, dots and dashes split. */
export function keyWords(k: string): string[] {
  return k.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Whether a value under key `k` is a fraction to show as percent. */
export function isPercentKey(k: string): boolean {
  const lower = k.toLowerCase();
  if (ALONE_WORDS.has(lower)) return true;
  const words = keyWords(k);
  if (words.some((w) => PLAIN_WORDS.has(w))) return false;
  return words.some((w) => PERCENT_WORDS.has(w));
}

/** Percent only where the key says so and the value is a plausible fraction (|x| <= 20, i.e. 2000%). */
export function showsPercent(k: string, v: number | null | undefined, force?: boolean): boolean {
  if (v === null || v === undefined || !Number.isFinite(v)) return false;
  return (force ?? isPercentKey(k)) && Math.abs(v) <= 20;
}

export function formatPercent(x: number, digits = 2): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : "—";
}

/** A named value for people: percent, number, yes/no or text. */
export function formatValue(k: string, v: unknown, forcePercent?: boolean): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "number") return showsPercent(k, v, forcePercent) ? formatPercent(v) : formatNumber(v);
  return String(v);
}

/** A key as a label: words apart. */
export function keyLabel(k: string): string {
  return k.replace(/_/g, " ");
}
