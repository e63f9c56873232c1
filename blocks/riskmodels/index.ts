import type { AnyBlock } from "../core/block";
import { constantCorrelationBlock, covarianceBlock } from "./covariance";
import { expectedReturnsBlock } from "./expectedReturns";
import { factorModelBlock } from "./factorModel";

/** Blocks of this area, in catalog order. */
export const riskmodelsBlocks: AnyBlock[] = [covarianceBlock, constantCorrelationBlock, factorModelBlock, expectedReturnsBlock];
