import type { AnyBlock } from "../core/block";
import { checkBlock } from "./check";
import { preTradeBlock } from "./preTrade";

/** Blocks of this area, in catalog order. */
export const complianceBlocks: AnyBlock[] = [checkBlock, preTradeBlock];
