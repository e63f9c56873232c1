/**
 * Signal rules of the one-instrument strategies, as pure functions of a close series
 * to target positions (1 long, -1 short, 0 flat; NaN never: flat until the indicators
 * are defined). Each value at t uses closes up to t only. Indicator kernels come from
 * blocks/indicators (TA-Lib semantics).
 *
 * - sma_crossover(fast, slow): long while SMA(fast) > SMA(slow); otherwise short when
 *   allow_short, else flat.
 * - rsi_reversion(period, lower, upper): enter long when RSI < lower, leave when RSI > upper;
 *   with allow_short, short when RSI > upper until RSI < lower (then long). Held in between.
 * - bollinger_breakout(period, k): enter long when close > upper band, leave when close <
 *   middle; with allow_short, short when close < lower band, leave when close > middle.
 */
import { bbands1d } from "../../indicators/bbands";
import { rsi1d } from "../../indicators/rsi";
import { sma1d } from "../../indicators/sma";

export interface SmaCrossoverParams { fast: number; slow: number; allow_short: boolean }
export interface RsiReversionParams { period: number; lower: number; upper: number; allow_short: boolean }
export interface BollingerBreakoutParams { period: number; k: number; allow_short: boolean }

export function smaCrossoverSignals(close: Float64Array, p: SmaCrossoverParams): Float64Array {
  const n = close.length;
  const f = sma1d(close, p.fast), s = sma1d(close, p.slow);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    if (!(f[t] === f[t] && s[t] === s[t])) continue;
    out[t] = f[t] > s[t] ? 1 : p.allow_short ? -1 : 0;
  }
  return out;
}

export function rsiReversionSignals(close: Float64Array, p: RsiReversionParams): Float64Array {
  const n = close.length;
  const rsi = rsi1d(close, p.period);
  const out = new Float64Array(n);
  let pos = 0;
  for (let t = 0; t < n; t++) {
    const x = rsi[t];
    if (x === x) {
      if (x < p.lower) pos = 1;
      else if (x > p.upper) pos = p.allow_short ? -1 : 0;
    }
    out[t] = pos;
  }
  return out;
}

export function bollingerBreakoutSignals(close: Float64Array, p: BollingerBreakoutParams): Float64Array {
  const n = close.length;
  const { upper, middle, lower } = bbands1d(close, p.period, p.k);
  const out = new Float64Array(n);
  let pos = 0;
  for (let t = 0; t < n; t++) {
    const c = close[t];
    if (middle[t] === middle[t]) {
      if (pos > 0 && c < middle[t]) pos = 0;
      else if (pos < 0 && c > middle[t]) pos = 0;
      if (pos === 0) {
        if (c > upper[t]) pos = 1;
        else if (p.allow_short && c < lower[t]) pos = -1;
      }
    }
    out[t] = pos;
  }
  return out;
}
