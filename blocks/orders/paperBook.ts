/**
 * orders.paper_book: a paper trading book as a pure reducer,
 *   (book, orders, prices) -> new book.
 *
 * The book is plain JSON (it persists with the notebook): cash, positions
 * {symbol: {shares, avg_cost}}, fills, the idempotency keys already placed, realized
 * P&L, commissions, day_start_equity and peak_equity. For each order, in order:
 * - an order whose key is already in the book (or earlier in the batch) is never placed
 *   twice: it is reported in `skipped`. An order without a key gets one from its content
 *   and its position in the batch, so re-sending the same batch places nothing new;
 * - no price, a sell beyond the position (unless allow_short), or a buy that needs more
 *   cash than there is (unless allow_margin) is refused, with the reason;
 * - otherwise it fills at price x (1 + slippage_bps/1e4) for buys, x (1 - ...) for sells,
 *   pays commission_bps of the traded value, and updates the average cost; closing
 *   shares realize (fill - avg_cost) x shares closed (sign-aware for shorts).
 * Then the book is marked to the prices: equity, unrealized P&L, peak equity.
 * `new_day` sets day_start_equity to the equity before this batch (for the daily loss limit).
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";
import { canonicalJson, contentHash, ordersSchema, signedShares, type Order } from "./schema";

export const fillSchema = z.object({
  seq: z.number().int(),
  key: z.string(),
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  shares: z.number(),
  price: z.number(),
  commission: z.number(),
  realized_pnl: z.number(),
});
export type Fill = z.infer<typeof fillSchema>;

export const bookSchema = z.object({
  cash: z.number(),
  positions: z.record(z.string(), z.object({ shares: z.number(), avg_cost: z.number(), last_price: z.number().optional() })).default({}),
  fills: z.array(fillSchema).default([]),
  keys: z.array(z.string()).default([]),
  realized_pnl: z.number().default(0),
  commissions: z.number().default(0),
  day_start_equity: z.number().optional(),
  peak_equity: z.number().optional(),
});
export type Book = z.infer<typeof bookSchema>;

export interface BookOptions { slippageBps: number; commissionBps: number; allowShort: boolean; allowMargin: boolean; newDay: boolean }

export function emptyBook(cash: number): Book {
  return { cash, positions: {}, fills: [], keys: [], realized_pnl: 0, commissions: 0, day_start_equity: cash, peak_equity: cash };
}

function markEquity(book: Book, prices: Record<string, number>): { equity: number; unrealized: number } {
  let equity = book.cash, unrealized = 0;
  for (const [a, p] of Object.entries(book.positions)) {
    const px = prices[a] ?? p.last_price ?? p.avg_cost;
    equity += p.shares * px;
    unrealized += p.shares * (px - p.avg_cost);
  }
  return { equity, unrealized };
}

/** Apply orders to a book; the input book is not modified. */
export function applyOrders(book0: Book, orders: Order[], prices: Record<string, number>, opt: BookOptions) {
  const book: Book = structuredClone(book0);
  const before = markEquity(book, prices);
  if (opt.newDay || book.day_start_equity === undefined) book.day_start_equity = before.equity;
  const seen = new Set(book.keys);
  const fills: Fill[] = [];
  const skipped: { key: string; symbol: string; reason: string }[] = [];
  const rejected: { key: string; order: Order; reason: string }[] = [];
  orders.forEach((o, i) => {
    const key = o.key ?? `auto:${contentHash(canonicalJson(o))}:${i}`;
    if (seen.has(key)) {
      const prior = book.fills.find((f) => f.key === key);
      skipped.push({ key, symbol: o.symbol, reason: `order ${key} is already in the book${prior ? ` (fill #${prior.seq}: ${prior.side} ${prior.shares} ${prior.symbol} at ${prior.price})` : ""}; it is not placed twice` });
      return;
    }
    const px = prices[o.symbol];
    if (px === undefined || !(px > 0)) { rejected.push({ key, order: o, reason: `no positive price for ${o.symbol}: the order cannot fill` }); return; }
    const pos = book.positions[o.symbol] ?? { shares: 0, avg_cost: 0 };
    const q = signedShares(o);
    if (!opt.allowShort && pos.shares + q < -1e-9) { rejected.push({ key, order: o, reason: `selling ${o.shares} ${o.symbol} would leave ${pos.shares + q} shares: short selling is off` }); return; }
    const fill = px * (1 + (Math.sign(q) * opt.slippageBps) / 1e4);
    const commission = (Math.abs(q) * fill * opt.commissionBps) / 1e4;
    const cashAfter = book.cash - q * fill - commission;
    if (!opt.allowMargin && q > 0 && cashAfter < -1e-9) { rejected.push({ key, order: o, reason: `buying ${o.shares} ${o.symbol} at ${fill.toFixed(4)} needs ${(q * fill + commission).toFixed(2)} but the cash is ${book.cash.toFixed(2)}` }); return; }
    // Average cost and realized P&L.
    let realized = 0;
    let shares = pos.shares, avg = pos.avg_cost;
    if (shares === 0 || Math.sign(shares) === Math.sign(q)) {
      avg = (shares * avg + q * fill) / (shares + q);
      shares += q;
    } else {
      const closed = Math.min(Math.abs(q), Math.abs(shares)) * Math.sign(shares);
      realized = closed * (fill - avg);
      shares += q;
      if (Math.abs(shares) < 1e-12) { shares = 0; avg = 0; } else if (Math.sign(shares) !== Math.sign(pos.shares)) avg = fill; // flipped through zero
    }
    book.cash = cashAfter;
    book.realized_pnl += realized - commission;
    book.commissions += commission;
    if (shares === 0) delete book.positions[o.symbol];
    else book.positions[o.symbol] = { shares, avg_cost: avg, last_price: px };
    const f: Fill = { seq: book.fills.length + 1, key, symbol: o.symbol, side: o.side, shares: o.shares, price: fill, commission, realized_pnl: realized };
    book.fills.push(f);
    book.keys.push(key);
    seen.add(key);
    fills.push(f);
  });
  for (const [a, p] of Object.entries(book.positions)) if (prices[a] > 0) p.last_price = prices[a];
  const after = markEquity(book, prices);
  book.peak_equity = Math.max(book.peak_equity ?? after.equity, before.equity, after.equity);
  return { book, fills, skipped, rejected, equity: after.equity, unrealized_pnl: after.unrealized };
}

export const paperBookParams = z.object({
  initial_cash: z.number().positive().default(1_000_000).describe("cash of a new book (when no book is given)"),
  slippage_bps: z.number().min(0).default(0).describe("fills at price x (1 +/- bps/1e4): buys pay more, sells get less"),
  commission_bps: z.number().min(0).default(0).describe("commission in bps of traded value"),
  allow_short: z.boolean().default(false).describe("allow sells beyond the position"),
  allow_margin: z.boolean().default(false).describe("allow buys beyond the cash"),
  new_day: z.boolean().default(false).describe("start a new day: day_start_equity = equity before this batch"),
});

export const paperBookBlock = defineBlock({
  id: "orders.paper_book",
  title: "Paper book",
  description: "A paper trading book as a pure reducer: fills orders at given prices with slippage and commission, keeps positions, cash and P&L, and never places an idempotency key twice.",
  category: "orders",
  params: paperBookParams,
  inputs: {
    book: port.optional(port.json(bookSchema, "the book so far (JSON, from a previous run); none = a new book")),
    orders: port.json(ordersSchema, "orders [{symbol, side, shares, key?}]"),
    prices: port.weights("fill (and mark) price by asset"),
  },
  outputs: {
    book: { kind: "object", description: "the new book (JSON): cash, positions, fills, keys, P&L" },
    fills: { kind: "list", description: "fills of this batch" },
    skipped: { kind: "list", description: "orders already in the book" },
    rejected: { kind: "list", description: "orders refused, with reasons" },
    explanation: { kind: "text", description: "what happened, in words" },
  },
  compute(params, inputs) {
    const r = applyOrders(inputs.book ?? emptyBook(params.initial_cash), inputs.orders, inputs.prices, {
      slippageBps: params.slippage_bps, commissionBps: params.commission_bps, allowShort: params.allow_short, allowMargin: params.allow_margin, newDay: params.new_day,
    });
    const explanation = `${r.fills.length} filled, ${r.skipped.length} already in the book (not placed again), ${r.rejected.length} refused. ` +
      `Equity ${r.equity.toFixed(2)}: cash ${r.book.cash.toFixed(2)}, realized P&L ${r.book.realized_pnl.toFixed(2)} (after ${r.book.commissions.toFixed(2)} commissions), unrealized ${r.unrealized_pnl.toFixed(2)}.` +
      (r.rejected.length ? " Refused: " + r.rejected.map((x) => x.reason).join("; ") + "." : "");
    return { ...r, explanation };
  },
});
