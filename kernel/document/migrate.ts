/**
 * Migrations from older notebook versions to the current one. Each step takes a
 * version-n document to version n+1 and never drops content.
 *
 * v1 (first release): cells had `type` instead of `kind`, names were optional,
 * block inputs were called `bindings`, and graph positions lived on each cell as `position`.
 */
import { NotebookError } from "./errors";
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION } from "./schema";

type Doc = Record<string, unknown>;

function v1ToV2(doc: Doc): Doc {
  const positions: Record<string, { x: number; y: number }> = {};
  const used = new Set<string>();
  const cells = (Array.isArray(doc.cells) ? doc.cells : []).map((c: Doc, i: number) => {
    const { type, position, bindings, name, ...rest } = c;
    let n = typeof name === "string" && name ? name : `${String(type ?? "cell")}${i + 1}`;
    while (used.has(n)) n = `${n}_${i + 1}`;
    used.add(n);
    if (position && typeof position === "object") positions[String(c.id)] = position as { x: number; y: number };
    const out: Doc = { ...rest, kind: type, name: n };
    if (bindings !== undefined) out.inputs = bindings;
    return out;
  });
  return { ...doc, version: 2, cells, graph: { positions } };
}

const steps: Record<number, (d: Doc) => Doc> = { 1: v1ToV2 };

export function migrate(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new NotebookError("The notebook must be a JSON object.", [{ path: "(root)", message: "expected an object" }]);
  }
  let doc = raw as Doc;
  if (doc.format !== NOTEBOOK_FORMAT) {
    throw new NotebookError(`format: expected "${NOTEBOOK_FORMAT}", got ${JSON.stringify(doc.format)}: this is not a Strategy Studio notebook.`, [{ path: "format", message: "unknown format" }]);
  }
  const version = doc.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new NotebookError(`version: expected a whole number, got ${JSON.stringify(version)}.`, [{ path: "version", message: "bad version" }]);
  }
  if (version > NOTEBOOK_VERSION) {
    throw new NotebookError(`version: this notebook was saved by a newer Strategy Studio (version ${version}; this one reads up to ${NOTEBOOK_VERSION}). Update the studio to open it.`, [{ path: "version", message: "newer version" }]);
  }
  for (let v = version; v < NOTEBOOK_VERSION; v++) doc = steps[v](doc);
  return doc;
}
