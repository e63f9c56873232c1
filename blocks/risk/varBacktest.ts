/**
 * risk.var_backtest: count VaR exceptions and run Kupiec's proportion-of-failures test.
 *
 * The VaR dated t (a positive loss, e.g. from risk.rolling_var) is compared with the
 * return dated `lag` rows later (lag 1: the next period, no look-ahead); an exception is
 * r < -VaR. Pairs with a null on either side are skipped. With n pairs, x exceptions and
 * p = 1 - confidence:
 *   LR_pof = -2 ln[(1 - p)^{n-x} p^x] + 2 ln[(1 - x/n)^{n-x} (x/n)^x]   (0 ln 0 = 0)
 *   p-value = 1 - F_chi2(1)(LR); the model is rejected when p-value < significance.
 * Reference: Kupiec (1995), "Techniques for verifying the accuracy of risk measurement models".
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { daysToIso } from "../core/dates";
import { port } from "../core/ports";
import { chi2Sf1 } from "./stats";
import { pct, num } from "./format";

const xlogy = (x: number, y: number) => (x === 0 ? 0 : x * Math.log(y));

/** Kupiec's POF likelihood ratio and its chi-square(1) p-value. */
export function kupiecPof(n: number, x: number, p: number): { lr: number; p_value: number } {
  const phat = x / n;
  const lr = -2 * (xlogy(n - x, 1 - p) + xlogy(x, p)) + 2 * (xlogy(n - x, 1 - phat) + xlogy(x, phat));
  const clean = Math.max(lr, 0);
  return { lr: clean, p_value: chi2Sf1(clean) };
}

export const varBacktestParams = z.object({
  confidence: z.number().gt(0).lt(1).default(0.95).describe("confidence level of the VaR being tested"),
  lag: z.number().int().min(0).default(1).describe("rows between the VaR's date and the return it forecasts (1 = next period)"),
  significance: z.number().gt(0).lt(1).default(0.05).describe("test size: reject when the p-value is below it"),
});

export const varBacktestBlock = defineBlock({
  id: "risk.var_backtest",
  title: "VaR backtest (Kupiec)",
  description: "Exceptions of realized returns beyond a VaR forecast, with Kupiec's proportion-of-failures likelihood ratio and p-value.",
  category: "risk",
  params: varBacktestParams,
  inputs: {
    returns: port.series("realized returns"),
    var: port.series("VaR forecasts as positive losses, dated when made (e.g. risk.rolling_var)"),
  },
  outputs: {
    exceptions: { kind: "number", description: "number of returns below -VaR" },
    lr: { kind: "number", description: "Kupiec POF likelihood ratio" },
    p_value: { kind: "number", description: "chi-square(1) p-value of the LR" },
    verdict: { kind: "text", description: "the conclusion in words" },
  },
  compute(params, inputs) {
    const r = inputs.returns, v = inputs.var;
    const pos = new Map<number, number>();
    for (let i = 0; i < r.index.length; i++) pos.set(r.index[i], i);
    let n = 0, x = 0;
    const dates: string[] = [];
    for (let i = 0; i < v.index.length; i++) {
      const j0 = pos.get(v.index[i]);
      if (j0 === undefined) continue;
      const j = j0 + params.lag;
      if (j >= r.index.length) continue;
      const f = v.values[i], ret = r.values[j];
      if (!Number.isFinite(f) || !Number.isFinite(ret)) continue;
      n++;
      if (ret < -f) { x++; dates.push(daysToIso(r.index[j])); }
    }
    if (n === 0) throw inputError(["inputs", "var"], "no VaR forecast lines up with a realized return (check the dates and the lag)");
    const p = 1 - params.confidence;
    const { lr, p_value } = kupiecPof(n, x, p);
    const reject = p_value < params.significance;
    const expected = n * p;
    const verdict = `${x} exceptions in ${n} periods (${pct(x / n)}) against ${num(expected, 2)} expected at ${pct(p)}: Kupiec LR ${num(lr, 4)}, p-value ${num(p_value, 4)}. ` +
      (reject ? `The VaR model is rejected at the ${pct(params.significance)} level: it ${x > expected ? "underestimates" : "overestimates"} risk.` : `The exception rate is consistent with the model at the ${pct(params.significance)} level.`);
    return { observations: n, exceptions: x, expected, exception_rate: x / n, lr, p_value, reject, exception_dates: dates, verdict };
  },
});
