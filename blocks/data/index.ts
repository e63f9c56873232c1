import type { AnyBlock } from "../core/block";
import { returnsBlock } from "./returns";
import { pivotBlock } from "./pivot";
import { syntheticBlock } from "./synthetic";

export const dataBlocks: AnyBlock[] = [returnsBlock, pivotBlock, syntheticBlock];
