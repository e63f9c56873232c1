/**
 * Design tokens in one place: colours (status colours included, with one for
 * "stale"), spacing and type. `applyTokens` writes them as CSS variables, so the
 * stylesheet and the charts read the same values.
 */
import type { CellStatus } from "../../kernel/scheduler/scheduler";

export const tokens = {
  color: {
    bg: "#f6f7f9",
    surface: "#ffffff",
    surfaceAlt: "#f0f2f5",
    border: "#d9dde3",
    text: "#1d2330",
    muted: "#5d6778",
    accent: "#2563eb",
    accentSoft: "#dbe7ff",
    danger: "#c62828",
    dangerSoft: "#fdecea",
    warn: "#b26a00",
    warnSoft: "#fff4e0",
    positive: "#1b7f3b",
    negative: "#c62828",
    series: ["#2563eb", "#e07a1f", "#1b9e77", "#d62728", "#7b4fc9", "#8c564b", "#e377c2", "#5d6778", "#bcbd22", "#17becf"],
  },
  status: {
    idle: "#9aa3b2",
    queued: "#7b8cff",
    running: "#2563eb",
    done: "#1b7f3b",
    error: "#c62828",
    stale: "#c98a00",
    cancelled: "#6b7280",
  } satisfies Record<CellStatus, string>,
  font: {
    ui: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    mono: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
    size: "14px",
    small: "12px",
  },
  space: { xs: "4px", sm: "8px", md: "12px", lg: "16px", xl: "24px" },
  radius: "6px",
} as const;

export const statusLabel: Record<CellStatus, string> = {
  idle: "idle", queued: "queued", running: "running", done: "done", error: "error", stale: "stale", cancelled: "cancelled",
};

/** Write the tokens as CSS custom properties on :root. */
export function applyTokens(root: HTMLElement = document.documentElement): void {
  const set = (k: string, v: string) => root.style.setProperty(k, v);
  for (const [k, v] of Object.entries(tokens.color)) if (typeof v === "string") set(`--c-${k}`, v);
  for (const [k, v] of Object.entries(tokens.status)) set(`--s-${k}`, v);
  for (const [k, v] of Object.entries(tokens.font)) set(`--f-${k}`, v);
  for (const [k, v] of Object.entries(tokens.space)) set(`--sp-${k}`, v);
  set("--radius", tokens.radius);
}
