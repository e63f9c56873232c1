import type { AnyBlock } from "../core/block";
import { smaBlock } from "./sma";
import { emaBlock } from "./ema";
import { rsiBlock } from "./rsi";
import { macdBlock } from "./macd";
import { bbandsBlock } from "./bbands";
import { atrBlock } from "./atr";

/** Blocks of this area, in catalog order. */
export const indicatorsBlocks: AnyBlock[] = [smaBlock, emaBlock, rsiBlock, macdBlock, bbandsBlock, atrBlock];
