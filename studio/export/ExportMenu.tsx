/**
 * A cell's "export" menu: its output (or each table-shaped part of a record
 * output) as CSV or Parquet (a SQL cell's Parquet is written by DuckDB in the
 * worker, other tables by parquet-wasm on the page), and each chart drawn in the
 * cell as SVG or PNG.
 */
import { useEffect, useRef, useState } from "react";
import type { Cell } from "../../kernel/document/schema";
import type { Table } from "../../blocks/core/values";
import { useSessionPart } from "../kernel/session";
import { useStudio } from "../ui/context";
import { download } from "../sharing/share";
import { quote } from "../library/library";
import { chartsIn, svgText, svgToPng } from "./charts";
import { tableToCsv, tableToParquet, toTable } from "./tables";

/** Table-shaped parts of an output: the output itself, or each part of a record. */
export function exportables(value: unknown): { key: string; table: Table }[] {
  const whole = toTable(value);
  if (whole) return [{ key: "", table: whole }];
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  const out: { key: string; table: Table }[] = [];
  for (const [k, v] of Object.entries(value)) {
    const t = toTable(v);
    if (t) out.push({ key: k, table: t });
  }
  return out;
}

export function ExportMenu({ cell }: { cell: Cell }) {
  const { session, toast } = useStudio();
  const v = useSessionPart(session, (s) => s.values[cell.id]);
  const [open, setOpen] = useState(false);
  const [charts, setCharts] = useState<SVGSVGElement[]>([]);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const host = ref.current?.closest("[data-cell-id]") ?? ref.current?.closest(".cell");
    setCharts(host ? chartsIn(host) : []);
    const close = (e: MouseEvent) => { if (!ref.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  if (!v || cell.kind === "markdown") return null;
  // Only when the menu is open: converting every output to tables on each render slowed every session event.
  const parts = open ? exportables(v.value) : [];
  const name = (k: string) => (k ? `${cell.name}-${k}` : cell.name);
  const act = (f: () => Promise<void>) => () => { setOpen(false); void f().catch((e) => toast(`Export failed: ${e instanceof Error ? e.message : String(e)}`, "error")); };
  return (
    <span className="export-menu" ref={ref}>
      <button type="button" className="icon" title="export this output" aria-label="export" onClick={() => setOpen(!open)}>⤓</button>
      {open && (
        <div className="export-pop" role="menu" data-testid="export-menu">
          {parts.length === 0 && charts.length === 0 && <span className="muted small">Nothing to export here.</span>}
          {parts.map((p) => (
            <div key={p.key} className="export-line">
              <span className="small">{p.key || "table"} ({p.table.rowCount.toLocaleString("en-US")} rows)</span>
              <button type="button" className="small" role="menuitem" onClick={act(async () => download(`${name(p.key)}.csv`, tableToCsv(p.table), "text/csv"))}>CSV</button>
              <button type="button" className="small" role="menuitem" onClick={act(async () => {
                const bytes = cell.kind === "sql" && !p.key ? await (await session.api()).exportParquet(`select * from ${quote(cell.name)}`) : await tableToParquet(p.table);
                download(`${name(p.key)}.parquet`, bytes);
              })}>Parquet</button>
            </div>
          ))}
          {charts.map((svg, i) => (
            <div key={i} className="export-line">
              <span className="small">chart {charts.length > 1 ? i + 1 : ""}</span>
              <button type="button" className="small" role="menuitem" onClick={act(async () => download(`${cell.name}-chart${i + 1}.svg`, svgText(svg), "image/svg+xml"))}>SVG</button>
              <button type="button" className="small" role="menuitem" onClick={act(async () => download(`${cell.name}-chart${i + 1}.png`, await svgToPng(svg)))}>PNG</button>
            </div>
          ))}
        </div>
      )}
    </span>
  );
}
