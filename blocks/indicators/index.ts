import type { AnyBlock } from "../core/block";
import { smaBlock } from "./sma";
import { emaBlock } from "./ema";
import { rsiBlock } from "./rsi";
import { bbandsBlock } from "./bbands";

/** Blocks of this area, in catalog order. */
export const indicatorsBlocks: AnyBlock[] = [smaBlock, emaBlock, rsiBlock, bbandsBlock];
