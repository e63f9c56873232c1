/**
 * The example notebooks shipped with the app (notebooks/*.json), bundled at build
 * time. They open trusted: they come with the app, not from a stranger's file.
 */
import type { Notebook } from "../../kernel/document/schema";
import { parseNotebook } from "../../kernel/document/parse";

export interface Example {
  /** The file's name without .json (e.g. "portfolios"). */
  key: string;
  title: string;
  notebook: Notebook;
}

const files = import.meta.glob("../../notebooks/*.json", { eager: true, import: "default" }) as Record<string, unknown>;

/** A reading order: the quickstart first, then by theme. */
const ORDER = ["quickstart", "momentum", "walkforward_sma", "portfolios", "risk_desk", "options_desk"];

function load(): Example[] {
  const out: Example[] = [];
  for (const [path, raw] of Object.entries(files)) {
    const key = path.split("/").pop()!.replace(/\.json$/, "");
    try {
      const notebook = parseNotebook(raw);
      out.push({ key, title: notebook.title, notebook });
    } catch (e) {
      console.warn(`example notebook ${key} is not valid`, e);
    }
  }
  const rank = (k: string) => { const i = ORDER.indexOf(k); return i < 0 ? ORDER.length : i; };
  return out.sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

export const examples: Example[] = load();

/** A fresh copy of an example to open: its own id, so edits never touch another copy. */
export function exampleCopy(ex: Example): Notebook {
  return { ...ex.notebook, id: `${ex.key}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}` };
}
