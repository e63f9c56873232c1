/**
 * Parse a notebook file: JSON text or value -> migrated -> validated. Every error
 * names the JSON path (`cells[2].name: ...`) and nothing is half-applied.
 */
import { formatPath, type PathItem } from "../../blocks/core/errors";
import { NotebookError } from "./errors";
import { migrate } from "./migrate";

export { NotebookError };
import { notebookSchema, type Notebook } from "./schema";

export function parseNotebook(input: string | unknown): Notebook {
  let raw: unknown = input;
  if (typeof input === "string") {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw new NotebookError(`The notebook file is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const migrated = migrate(raw);
  const r = notebookSchema.safeParse(migrated);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: formatPath(i.path as PathItem[]) || "(root)", message: i.message }));
    const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join("; ");
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
    throw new NotebookError(`The notebook is not valid: ${shown}${more}`, issues);
  }
  return r.data;
}

export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 2) + "\n";
}
