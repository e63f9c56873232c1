import type { AnyBlock } from "../core/block";
import { generateBlock } from "./generate";
import { riskGateBlock } from "./riskGate";
import { paperBookBlock } from "./paperBook";

/** Blocks of this area, in catalog order. */
export const ordersBlocks: AnyBlock[] = [generateBlock, riskGateBlock, paperBookBlock];
