import type { AnyBlock } from "../core/block";
import { forwardReturnsBlock } from "./forwardReturns";
import { factorReportBlock } from "./factorReport";

/** Blocks of this area, in catalog order. */
export const analysisBlocks: AnyBlock[] = [factorReportBlock, forwardReturnsBlock];
