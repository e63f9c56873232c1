import type { AnyBlock } from "../core/block";
import { returnsBlock } from "./returns";

export const dataBlocks: AnyBlock[] = [returnsBlock];
