/** A cell's run state: coloured chip, time taken, progress bar while running. */
import type { CellEvent, CellStatus } from "../../kernel/scheduler/scheduler";
import { statusLabel } from "./tokens";

export function statusOf(e: CellEvent | undefined): CellStatus {
  return e?.status ?? "idle";
}

function msText(ms: number | undefined): string {
  if (ms === undefined) return "";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function StatusChip({ event }: { event: CellEvent | undefined }) {
  const s = statusOf(event);
  return (
    <span className={`status-chip status-${s}`} data-status={s} title={event?.error?.message ?? statusLabel[s]}>
      <span className="dot" />
      {statusLabel[s]}
      {s === "done" && event?.ms !== undefined && <span className="ms">{event.cached ? "cached" : msText(event.ms)}</span>}
      {s === "running" && event?.progress !== undefined && <span className="ms">{Math.round(event.progress * 100)}%</span>}
    </span>
  );
}

export function ProgressBar({ event }: { event: CellEvent | undefined }) {
  const s = statusOf(event);
  if (s !== "running" && s !== "queued") return <div className="progress empty" />;
  const p = event?.progress;
  return (
    <div className={`progress ${p === undefined ? "indeterminate" : ""}`} role="progressbar" aria-valuenow={p === undefined ? undefined : Math.round(p * 100)}>
      <div className="bar" style={{ width: p === undefined ? undefined : `${Math.round(p * 100)}%` }} />
    </div>
  );
}
