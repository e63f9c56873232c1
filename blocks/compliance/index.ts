import type { AnyBlock } from "../core/block";
import { checkBlock } from "./check";

/** Blocks of this area, in catalog order. */
export const complianceBlocks: AnyBlock[] = [checkBlock];
