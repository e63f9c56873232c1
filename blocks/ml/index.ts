import type { AnyBlock } from "../core/block";
import { featuresBlock } from "./features";
import { labelsBlock } from "./labels";
import { walkForwardBlock } from "./walkForward";
import { trainBlock, predictBlock } from "./train";
import { signalStrategyBlock } from "./strategy";

/** Blocks of this area, in catalog order. */
export const mlBlocks: AnyBlock[] = [featuresBlock, labelsBlock, walkForwardBlock, trainBlock, predictBlock, signalStrategyBlock];
