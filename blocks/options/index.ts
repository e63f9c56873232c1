import type { AnyBlock } from "../core/block";
import { blackScholesBlock } from "./blackScholes";
import { impliedVolatilityBlock } from "./impliedVolatility";
import { chainBlock } from "./chain";
import { strategyBlock } from "./strategy";
import { portfolioGreeksBlock } from "./portfolioGreeks";
import { greeksGateBlock } from "./greeksGate";
import { recommendBlock } from "./recommend";

/** Blocks of this area, in catalog order. */
export const optionsBlocks: AnyBlock[] = [
  blackScholesBlock, impliedVolatilityBlock, chainBlock, strategyBlock, portfolioGreeksBlock, greeksGateBlock, recommendBlock,
];
