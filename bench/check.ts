/**
 * The benchmark's answer check: the KPIs of the fast path (bench/fast.ts, the blocks'
 * kernels) against the plain re-implementation (bench/reference.ts) on the same file,
 * each within 1e-9 relative (the contract's tolerance: |a - b| <= 1e-9 max(|a|, |b|),
 * or 1e-12 absolute near zero). Both undefined (null) counts as equal.
 */
import type { PipelineKpis } from "./fast";

export interface KpiCheck { ok: boolean; rows: { kpi: string; fast: number; reference: number; relative: number; ok: boolean }[] }

export function compareKpis(fast: PipelineKpis, reference: PipelineKpis, tol = 1e-9): KpiCheck {
  const rows = (Object.keys(fast) as (keyof PipelineKpis)[]).map((kpi) => {
    const a = fast[kpi], b = reference[kpi];
    const both = Number.isNaN(a) && Number.isNaN(b);
    const diff = Math.abs(a - b), scale = Math.max(Math.abs(a), Math.abs(b));
    const ok = both || diff <= Math.max(tol * scale, 1e-12);
    return { kpi, fast: a, reference: b, relative: both ? 0 : scale > 0 ? diff / scale : diff, ok };
  });
  return { ok: rows.every((r) => r.ok), rows };
}
