import type { AnyBlock } from "../core/block";
import { varBlock } from "./var";
import { rollingVarBlock } from "./rollingVar";
import { varBacktestBlock } from "./varBacktest";
import { betaBlock } from "./beta";
import { exposuresBlock } from "./exposures";
import { decompositionBlock } from "./decomposition";
import { stressBlock } from "./stress";
import { stressHistoricalBlock } from "./stressHistorical";
import { stressFactorBlock } from "./stressFactor";
import { liquidityBlock } from "./liquidity";

/** Blocks of this area, in catalog order. */
export const riskBlocks: AnyBlock[] = [
  varBlock, rollingVarBlock, varBacktestBlock, betaBlock, exposuresBlock, decompositionBlock,
  stressBlock, stressHistoricalBlock, stressFactorBlock, liquidityBlock,
];
