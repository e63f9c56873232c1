import type { AnyBlock } from "../core/block";

/** Blocks of this area, in catalog order. */
export const agentsBlocks: AnyBlock[] = [];
