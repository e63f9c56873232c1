import type { AnyBlock } from "../core/block";
import { backtestRunBlock } from "./run";

export { simulatePortfolio } from "./engine";
export { runBacktest } from "./run";

/** Blocks of this area, in catalog order. */
export const backtestBlocks: AnyBlock[] = [backtestRunBlock];
