/**
 * Declarations of the quant library (blocks/library.ts and what it imports) for
 * Monaco, so code cells complete `std.lib.ta.rsi(...)` with real signatures. The
 * TypeScript compiler emits .d.ts text in memory; each file is wrapped as
 * `declare module "@studio/blocks/..."` with its relative imports made absolute,
 * because Monaco resolves ambient modules reliably and files on disk not at all.
 */
import ts from "typescript";
import { dirname, join, relative, resolve } from "node:path";

export const LIBRARY_MODULE_PREFIX = "@studio/";

export function libraryDeclarations(root: string): string {
  const entry = resolve(root, "blocks/library.ts");
  const options: ts.CompilerOptions = {
    declaration: true, emitDeclarationOnly: true, skipLibCheck: true, strict: true,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmitOnError: false, types: [],
  };
  const out: string[] = [];
  const host = ts.createCompilerHost(options);
  host.writeFile = (fileName, text) => {
    const rel = relative(root, fileName).replace(/\\/g, "/");
    if (!rel.startsWith("blocks/") || !rel.endsWith(".d.ts")) return;
    const name = rel.slice(0, -".d.ts".length);
    const body = text.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']+)\2/g, (_m, head: string, q: string, spec: string) => {
      const target = join(dirname(name), spec).replace(/\\/g, "/");
      return `${head}${q}${LIBRARY_MODULE_PREFIX}${target}${q}`;
    });
    out.push(`declare module "${LIBRARY_MODULE_PREFIX}${name}" {\n${body}\n}`);
  };
  // Emit to a virtual folder: nothing is written to disk.
  const program = ts.createProgram([entry], { ...options, outDir: root, rootDir: root }, host);
  program.emit();
  return out.join("\n");
}
