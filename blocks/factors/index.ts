import type { AnyBlock } from "../core/block";
import { momentumBlock } from "./momentum";
import { reversalBlock } from "./reversal";
import { lowVolatilityBlock } from "./lowVolatility";
import { ratioBlock } from "./ratio";
import { winsorizeBlock } from "./winsorize";
import { zscoreBlock } from "./zscore";
import { rankBlock } from "./rank";
import { neutralizeBlock } from "./neutralize";
import { neutralizeSizeBlock } from "./neutralizeSize";
import { decayBlock } from "./decay";
import { combineBlock } from "./combine";

/** Blocks of this area, in catalog order. */
export const factorsBlocks: AnyBlock[] = [
  momentumBlock, reversalBlock, lowVolatilityBlock, ratioBlock,
  winsorizeBlock, zscoreBlock, rankBlock, neutralizeBlock, neutralizeSizeBlock, decayBlock, combineBlock,
];
