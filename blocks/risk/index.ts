import type { AnyBlock } from "../core/block";
import { varBlock } from "./var";
import { betaBlock } from "./beta";
import { stressBlock } from "./stress";

/** Blocks of this area, in catalog order. */
export const riskBlocks: AnyBlock[] = [varBlock, betaBlock, stressBlock];
