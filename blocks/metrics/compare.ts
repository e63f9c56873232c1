/**
 * metrics.compare: a strategy's returns against a benchmark's, on their common dates:
 * both KPI sets (metrics.performance) side by side, their differences, and the series
 * of excess returns r - b.
 */
import { defineBlock } from "../core/block";
import { inputError } from "../core/errors";
import { port } from "../core/ports";
import { series, type Series, type Table } from "../core/values";
import { KPI_NAMES, performance, performanceParams } from "./performance";

/** The two series restricted to the dates they share, in order. */
export function alignSeries(a: Series, b: Series): { index: Int32Array; a: Float64Array; b: Float64Array } {
  const idx: number[] = [], av: number[] = [], bv: number[] = [];
  let j = 0;
  for (let i = 0; i < a.index.length; i++) {
    while (j < b.index.length && b.index[j] < a.index[i]) j++;
    if (j < b.index.length && b.index[j] === a.index[i]) { idx.push(a.index[i]); av.push(a.values[i]); bv.push(b.values[j]); }
  }
  return { index: Int32Array.from(idx), a: Float64Array.from(av), b: Float64Array.from(bv) };
}

export const compareBlock = defineBlock({
  id: "metrics.compare",
  title: "Compare with benchmark",
  description: "Strategy and benchmark KPIs side by side on their common dates, their differences (strategy - benchmark), and the excess return series r - b.",
  category: "metrics",
  params: performanceParams,
  inputs: { returns: port.series("strategy returns"), benchmark: port.series("benchmark returns") },
  outputs: {
    strategy: { kind: "object", description: "metrics.performance of the strategy" },
    benchmark: { kind: "object", description: "metrics.performance of the benchmark" },
    difference: { kind: "object", description: "strategy minus benchmark, KPI by KPI" },
    excess_total_return: { kind: "number", description: "total return of the strategy minus that of the benchmark" },
    excess_returns: { kind: "series", description: "r - b on each common date" },
    table: { kind: "table", description: "rows: metric, strategy, benchmark, difference" },
  },
  compute: (params, inputs) => {
    const { index, a, b } = alignSeries(inputs.returns, inputs.benchmark);
    if (index.length === 0) throw inputError(["inputs", "benchmark", "index"], "the returns and the benchmark share no date");
    const s = performance(a, params.periods_per_year, params.risk_free);
    const k = performance(b, params.periods_per_year, params.risk_free);
    const diff: Record<string, number> = {};
    for (const name of KPI_NAMES) diff[name] = s[name] - k[name];
    const excess = new Float64Array(index.length);
    for (let i = 0; i < index.length; i++) excess[i] = a[i] - b[i];
    const table: Table = {
      kind: "table",
      columns: {
        metric: KPI_NAMES.slice(),
        strategy: Float64Array.from(KPI_NAMES, (n) => s[n]),
        benchmark: Float64Array.from(KPI_NAMES, (n) => k[n]),
        difference: Float64Array.from(KPI_NAMES, (n) => diff[n]),
      },
      types: { metric: "string", strategy: "number", benchmark: "number", difference: "number" },
      rowCount: KPI_NAMES.length,
    };
    return { strategy: s, benchmark: k, difference: diff, excess_total_return: s.total_return - k.total_return, excess_returns: series(index, excess), table };
  },
});
