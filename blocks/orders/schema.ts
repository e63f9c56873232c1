/**
 * Shared shapes of paper trading: an order, a book (plain JSON, so it persists with
 * the notebook), and small helpers (canonical JSON and a content hash for records).
 */
import { z } from "zod";

export const orderSchema = z.object({
  symbol: z.string().min(1),
  side: z.enum(["buy", "sell"]),
  shares: z.number().positive().describe("number of shares (> 0)"),
  key: z.string().min(1).optional().describe("idempotency key: an order whose key is already in the book is never placed twice"),
  reason: z.string().optional(),
});
export type Order = z.infer<typeof orderSchema>;
export const ordersSchema = z.array(orderSchema);

/** Signed share quantity of an order: + for buys, - for sells. */
export const signedShares = (o: Order): number => (o.side === "buy" ? o.shares : -o.shares);

/** JSON with object keys sorted, so that equal values give equal text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
}

/** cyrb53: a fast 53-bit string hash, as 14 hex digits (not cryptographic). */
export function contentHash(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed, h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}
