import type { AnyBlock } from "../core/block";
import { compareBlock } from "./compare";
import { drawdownBlock } from "./drawdown";
import { monthlyReturnsBlock } from "./monthly";
import { performanceBlock } from "./performance";
import { rollingSharpeBlock } from "./rolling";

export { performance, KPI_NAMES, type PerformanceKpis } from "./performance";
export { sharpeRatio } from "./sharpe";
export { sortinoRatio, downsideRisk } from "./sortino";
export { maxDrawdown, drawdownSeries, calmarRatio } from "./drawdown";
export { cagr, annualVolatility, totalReturn } from "./growth";
export { rollingSharpe } from "./rolling";
export { monthlyReturns } from "./monthly";

/** Blocks of this area, in catalog order. */
export const metricsBlocks: AnyBlock[] = [performanceBlock, drawdownBlock, rollingSharpeBlock, monthlyReturnsBlock, compareBlock];
