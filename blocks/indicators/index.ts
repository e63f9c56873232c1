import type { AnyBlock } from "../core/block";
import { smaBlock } from "./sma";
import { emaBlock } from "./ema";
import { wmaBlock } from "./wma";
import { rsiBlock } from "./rsi";
import { macdBlock } from "./macd";
import { bbandsBlock } from "./bbands";
import { atrBlock } from "./atr";
import { obvBlock } from "./obv";
import { stochBlock } from "./stoch";
import { rollingVolatilityBlock, rollingZscoreBlock } from "./rolling";

/** Blocks of this area, in catalog order. */
export const indicatorsBlocks: AnyBlock[] = [
  smaBlock, emaBlock, wmaBlock, rsiBlock, macdBlock, bbandsBlock, atrBlock, obvBlock, stochBlock, rollingVolatilityBlock, rollingZscoreBlock,
];
