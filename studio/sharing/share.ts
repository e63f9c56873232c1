/**
 * Sharing a notebook: as one file (.ssnb.json, the notebook JSON with its library
 * data sets embedded as Parquet in base64, or kept by reference), or as a link
 * whose fragment carries a small notebook (#nb=<base64url of the deflate-raw
 * compressed JSON>, or of the plain JSON where CompressionStream is missing).
 * The fragment never reaches a server. Whatever comes in is validated with
 * parseNotebook before anything changes; its error names the JSON path.
 */
import type { Remote } from "comlink";
import type { Dataset, Notebook } from "../../kernel/document/schema";
import { parseNotebook, serializeNotebook } from "../../kernel/document/parse";
import { bytesToBase64 } from "../../kernel/kernel";
import type { KernelApi } from "../../kernel/worker/api";
import { idOfReference, quote } from "../library/library";
import type { StudioDb } from "../persistence/db";

export const FILE_SUFFIX = ".ssnb.json";
/** Links longer than this are refused (browsers and chat apps cut long URLs). */
export const MAX_LINK_CHARS = 32_000;

/** A file name from the notebook's title. */
export function fileNameOf(nb: Notebook, suffix = FILE_SUFFIX): string {
  const base = nb.title.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "notebook";
  return base + suffix;
}

/**
 * The notebook as a file's text. With `embed`, every data set kept by reference
 * to the data library becomes an embedded Parquet file (DuckDB writes it in the
 * worker); without, references stay references (the file is small, the data
 * must be in the other browser's library).
 */
export async function exportNotebook(nb: Notebook, options: { embed?: boolean; api?: Remote<KernelApi> | KernelApi; db?: StudioDb } = {}): Promise<string> {
  if (!options.embed) return serializeNotebook(nb);
  const datasets: Dataset[] = [];
  for (const ds of nb.datasets) {
    if (ds.source.kind !== "reference" || !idOfReference(ds.source.file)) { datasets.push(ds); continue; }
    datasets.push({ ...ds, source: await embedded(ds, options) });
  }
  return serializeNotebook({ ...nb, datasets });
}

async function embedded(ds: Dataset, options: { api?: Remote<KernelApi> | KernelApi; db?: StudioDb }): Promise<Dataset["source"]> {
  if (options.api) {
    try {
      const bytes = await options.api.exportParquet(`select * from ${quote(ds.name)}`);
      return { kind: "embedded", format: "parquet", base64: bytesToBase64(bytes) };
    } catch {
      // fall back to the library's own bytes
    }
  }
  const id = ds.source.kind === "reference" ? idOfReference(ds.source.file) : null;
  const row = id && options.db ? await options.db.datasets.get(id) : undefined;
  if (!row) throw new Error(`data set "${ds.name}" could not be embedded: it is not in the data library`);
  return { kind: "embedded", format: row.format, base64: bytesToBase64(row.bytes) };
}

/** Read a notebook file's text: the parsed notebook, or a NotebookError naming the JSON path. */
export function importNotebook(text: string): Notebook {
  return parseNotebook(text);
}

export function toBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The `#nb=...` fragment of a link carrying the notebook. */
export async function linkFragment(nb: Notebook, options: { compress?: boolean } = {}): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(nb));
  const compress = (options.compress ?? true) && typeof CompressionStream !== "undefined";
  const bytes = compress ? await through(json, new CompressionStream("deflate-raw")) : json;
  const frag = `#nb=${toBase64Url(bytes)}`;
  if (frag.length > MAX_LINK_CHARS) {
    throw new Error(`This notebook is too big for a link (${frag.length.toLocaleString("en-US")} characters; at most ${MAX_LINK_CHARS.toLocaleString("en-US")}). Share it as a file instead.`);
  }
  return frag;
}

/** A shareable link to this page carrying the notebook. */
export async function shareLink(nb: Notebook, base = location.href): Promise<string> {
  const u = new URL(base);
  u.hash = "";
  return u.toString().replace(/#$/, "") + (await linkFragment(nb));
}

/** The notebook a fragment carries, or null when the fragment has none. Throws NotebookError for a bad one. */
export async function notebookFromFragment(hash: string): Promise<Notebook | null> {
  const m = /(?:^#|&)nb=([A-Za-z0-9_-]+)/.exec(hash);
  if (!m) return null;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(m[1]);
  } catch {
    return parseNotebook("not base64url");
  }
  if (bytes[0] === 0x7b) {
    const text = new TextDecoder().decode(bytes);
    try {
      return parseNotebook(JSON.parse(text));
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
    }
  }
  let text: string;
  try {
    text = new TextDecoder().decode(await through(bytes, new DecompressionStream("deflate-raw")));
  } catch {
    return parseNotebook("{ the link's notebook is damaged }");
  }
  return parseNotebook(text);
}

/** Offer text or bytes as a download. */
export function download(name: string, data: string | Uint8Array | Blob, type = "application/octet-stream"): void {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
