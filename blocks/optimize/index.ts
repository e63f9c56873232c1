import type { AnyBlock } from "../core/block";
import { frontierBlock } from "./frontier";
import { portfolioBlock } from "./portfolio";
import { rollingBlock } from "./rolling";

/** Blocks of this area, in catalog order. */
export const optimizeBlocks: AnyBlock[] = [portfolioBlock, frontierBlock, rollingBlock];
