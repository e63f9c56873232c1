// Runs one of the project's TypeScript command-line tools quickly: bundles it with esbuild
// (the project's own code only; packages stay external) into node_modules/.cache, rebuilds
// when any bundled source changed, and imports it in this process. `npm run block` answers
// in about a quarter of a second instead of a second through tsx.
//   node scripts/run-cli.mjs kernel/cli/block.ts [args...]
import { build } from "esbuild";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [entry, ...args] = process.argv.slice(2);
const cacheDir = resolve(root, "node_modules/.cache/strategy-studio");
const out = resolve(cacheDir, basename(entry).replace(/\.ts$/, ".mjs"));
const inputsFile = `${out}.inputs.json`;

function isStale() {
  if (!existsSync(out) || !existsSync(inputsFile)) return true;
  const built = statSync(out).mtimeMs;
  try {
    return JSON.parse(readFileSync(inputsFile, "utf8")).some((f) => statSync(resolve(root, f)).mtimeMs > built);
  } catch {
    return true; // a source went away: rebuild
  }
}

if (isStale()) {
  mkdirSync(cacheDir, { recursive: true });
  const result = await build({
    entryPoints: [resolve(root, entry)], bundle: true, platform: "node", format: "esm", target: "node20",
    packages: "external", write: false, metafile: true, logLevel: "error", absWorkingDir: root,
  });
  // Written beside and renamed: two runs at once never see half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(Object.keys(result.metafile.inputs)));
  renameSync(tmp, out);
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
}

process.argv = [process.argv[0], out, ...args];
await import(pathToFileURL(out).href);
