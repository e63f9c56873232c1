import type { AnyBlock } from "../core/block";
import { blackScholesBlock } from "./blackScholes";
import { impliedVolatilityBlock } from "./impliedVolatility";

/** Blocks of this area, in catalog order. */
export const optionsBlocks: AnyBlock[] = [blackScholesBlock, impliedVolatilityBlock];
