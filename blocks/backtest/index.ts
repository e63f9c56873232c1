import type { AnyBlock } from "../core/block";
import { backtestRunBlock } from "./run";
import { strategyBlocks } from "./strategies/blocks";
import { walkForwardBlock } from "./walkforward";

export { simulatePortfolio } from "./engine";
export { runBacktest } from "./run";
export { runSignalBacktest } from "./strategies/signal";
export { runStrategy, strategySignals, type Strategy, type Order, type Bar } from "./strategies/strategy";

/** Blocks of this area, in catalog order. */
export const backtestBlocks: AnyBlock[] = [backtestRunBlock, walkForwardBlock, ...strategyBlocks];
