import type { AnyBlock } from "../core/block";
import { quantAnalystBlock } from "./quantAnalyst";
import { marketStrategistBlock } from "./marketStrategist";
import { riskManagerBlock } from "./riskManager";
import { complianceOfficerBlock } from "./complianceOfficer";
import { approveBlock } from "./proposal";

/** Blocks of this area, in catalog order. */
export const agentsBlocks: AnyBlock[] = [quantAnalystBlock, marketStrategistBlock, riskManagerBlock, complianceOfficerBlock, approveBlock];
