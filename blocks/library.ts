/**
 * The typed functions of the quant library, for code cells (`std.lib`) and for
 * other TypeScript: the same kernels the blocks run, over Float64Array columns and
 * Panels. E.g. `std.lib.ta.rsi(closes, 14)`, `std.lib.factors.momentum(prices, 252, 21)`,
 * `std.lib.metrics.sharpeRatio(returns)`.
 */
import { atr1d } from "./indicators/atr";
import { bbands1d } from "./indicators/bbands";
import { ema1d, emaPanel } from "./indicators/ema";
import { macd1d } from "./indicators/macd";
import { obv1d } from "./indicators/obv";
import { rollingVolatility1d, rollingZscore1d } from "./indicators/rolling";
import { rsi1d, rsiPanel } from "./indicators/rsi";
import { sma1d, smaPanel } from "./indicators/sma";
import { stoch1d } from "./indicators/stoch";
import { wma1d } from "./indicators/wma";
import { combinePanels } from "./factors/combine";
import { decayPanel } from "./factors/decay";
import { lowVolatilityPanel } from "./factors/lowVolatility";
import { momentumPanel } from "./factors/momentum";
import { neutralizePanel } from "./factors/neutralize";
import { rankPanel } from "./factors/rank";
import { reversalPanel } from "./factors/reversal";
import { winsorizePanel } from "./factors/winsorize";
import { zscorePanel } from "./factors/zscore";
import { returnsPanel } from "./data/returns";
import { pivotLong, widePanel } from "./data/pivot";
import { generateUniverse } from "./data/synthetic";
import { annualVolatility, cagr, totalReturn } from "./metrics/growth";
import { calmarRatio, drawdownSeries, maxDrawdown } from "./metrics/drawdown";
import { monthlyReturns } from "./metrics/monthly";
import { performance } from "./metrics/performance";
import { rollingSharpe } from "./metrics/rolling";
import { sharpeRatio } from "./metrics/sharpe";
import { sortinoRatio } from "./metrics/sortino";
import { estimateCovariance, ledoitWolfCovariance, sampleCovariance } from "./riskmodels/covariance";
import { hrpWeights } from "./optimize/hrp";
import { optimizePortfolio } from "./optimize/portfolio";
import { riskParityWeights } from "./optimize/riskParity";
import { cornishFisherVar, historicalVar, parametricVar } from "./risk/var";
import { runBacktest } from "./backtest/run";
import { runSignalBacktest } from "./backtest/strategies/signal";
import { smaCrossoverSignals } from "./backtest/strategies/rules";
import { blackScholes } from "./options/blackScholes";
import { impliedVolatility } from "./options/impliedVolatility";

export const ta = {
  sma: sma1d, ema: ema1d, wma: wma1d, rsi: rsi1d, macd: macd1d, bbands: bbands1d, atr: atr1d, obv: obv1d, stoch: stoch1d,
  rollingVolatility: rollingVolatility1d, rollingZscore: rollingZscore1d, smaPanel, emaPanel, rsiPanel,
};
export const data = { returns: returnsPanel, pivotLong, widePanel, synthetic: generateUniverse };
export const factors = {
  momentum: momentumPanel, reversal: reversalPanel, lowVolatility: lowVolatilityPanel, winsorize: winsorizePanel,
  zscore: zscorePanel, rank: rankPanel, neutralize: neutralizePanel, decay: decayPanel, combine: combinePanels,
};
export const metrics = {
  performance, sharpeRatio, sortinoRatio, maxDrawdown, calmarRatio, cagr, totalReturn, annualVolatility,
  drawdownSeries, rollingSharpe, monthlyReturns,
};
export const riskModels = { covariance: estimateCovariance, sampleCovariance, ledoitWolfCovariance };
export const optimize = { portfolio: optimizePortfolio, hrpWeights, riskParityWeights };
export const risk = { historicalVar, parametricVar, cornishFisherVar };
export const backtest = { run: runBacktest, signal: runSignalBacktest, smaCrossoverSignals };
export const options = { blackScholes, impliedVolatility };

export const library = { ta, data, factors, metrics, riskModels, optimize, risk, backtest, options };
export type Library = typeof library;
