/**
 * The block catalog and the library's typed functions, loaded on first use. Opening a notebook
 * (parsing it, its dependency graph, its hashes) needs neither; block and code cells wait for them
 * when they run. In the studio's worker, evaluating every block module with its zod schemas was
 * most of the kernel chunk's start-up, ahead of the answer to `open`.
 */
import type { AnyBlock } from "../../blocks/core/block";
import type { Library } from "../../blocks/library";

export interface Blocks {
  findBlock(id: string): AnyBlock | undefined;
  getBlock(id: string): AnyBlock;
  allBlocks: AnyBlock[];
  library: Library;
}

let loading: Promise<Blocks> | null = null;

export function loadBlocks(): Promise<Blocks> {
  loading ??= Promise.all([import("../../blocks/catalog"), import("../../blocks/library")])
    .then(([{ findBlock, getBlock, allBlocks }, { library }]) => ({ findBlock, getBlock, allBlocks, library }));
  return loading;
}
