/** Number formatting for the sentences that blocks write (reasons, notes, verdicts). */

/** 0.1234 -> "12.34%" (trailing zeros trimmed, at most `digits` decimals). */
export function pct(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return "n/a";
  const v = +(x * 100).toFixed(digits);
  return `${Object.is(v, -0) ? 0 : v}%`;
}

/** A plain number with at most `digits` decimals. */
export function num(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return "n/a";
  const v = +x.toFixed(digits);
  return `${Object.is(v, -0) ? 0 : v}`;
}

/** "A", "A and B", "A, B and C". */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
