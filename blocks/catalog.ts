/**
 * The block catalog: every block of every area, by id. Areas own their lists so
 * that adding a block touches only its own folder.
 */
import type { AnyBlock } from "./core/block";
import { BlockError } from "./core/errors";
import { dataBlocks } from "./data";
import { indicatorsBlocks } from "./indicators";
import { factorsBlocks } from "./factors";
import { analysisBlocks } from "./analysis";
import { backtestBlocks } from "./backtest";
import { metricsBlocks } from "./metrics";
import { riskBlocks } from "./risk";
import { riskmodelsBlocks } from "./riskmodels";
import { optimizeBlocks } from "./optimize";
import { complianceBlocks } from "./compliance";
import { ordersBlocks } from "./orders";
import { optionsBlocks } from "./options";
import { mlBlocks } from "./ml";
import { agentsBlocks } from "./agents";

export const allBlocks: AnyBlock[] = [
  ...dataBlocks, ...indicatorsBlocks, ...factorsBlocks, ...analysisBlocks, ...backtestBlocks, ...metricsBlocks,
  ...riskmodelsBlocks, ...riskBlocks, ...optimizeBlocks, ...complianceBlocks, ...ordersBlocks, ...optionsBlocks, ...mlBlocks, ...agentsBlocks,
];

const byId = new Map<string, AnyBlock>();
for (const b of allBlocks) {
  if (byId.has(b.id)) throw new Error(`duplicate block id ${b.id}`);
  byId.set(b.id, b);
}

export function findBlock(id: string): AnyBlock | undefined {
  return byId.get(id);
}

export function getBlock(id: string): AnyBlock {
  const b = byId.get(id);
  if (!b) {
    const near = allBlocks.map((x) => x.id).filter((x) => x.split(".")[0] === id.split(".")[0]);
    const hint = near.length ? ` Blocks in "${id.split(".")[0]}": ${near.join(", ")}.` : " Run `npm run block -- --list` for the catalog.";
    throw new BlockError("unknown-block", "Unknown block", `There is no block "${id}".${hint}`, [{ path: ["block"], message: "unknown block id" }]);
  }
  return b;
}
