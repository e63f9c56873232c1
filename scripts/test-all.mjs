// npm test: typecheck, lint, unit tests (vitest), end-to-end tests (playwright in Debian's
// Chromium). Prints a closing line "N passed, N failed" summed over vitest and playwright,
// and exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const out = "test-results";
mkdirSync(out, { recursive: true });
let passed = 0, failed = 0;
const problems = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n== ${name}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) problems.push(`${name} failed (exit ${r.status})`);
  return r.status === 0;
}

function readJson(path) {
  try { return JSON.parse(readFileSync(path, "utf8")); } catch { return null; }
}

step("typecheck", "npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
step("lint", "npx", ["eslint", "--max-warnings", "0", "."]);

rmSync(`${out}/vitest.json`, { force: true });
step("unit", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}/vitest.json`]);
const v = readJson(`${out}/vitest.json`);
if (v) { passed += v.numPassedTests; failed += v.numFailedTests; } else { failed += 1; problems.push("vitest wrote no report"); }

if (step("chromium", "node", ["scripts/ensure-chromium.mjs"]) && step("build", "npx", ["vite", "build"])) {
  rmSync(`${out}/playwright.json`, { force: true });
  step("e2e", "npx", ["playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/playwright.json` });
  const p = existsSync(`${out}/playwright.json`) ? readJson(`${out}/playwright.json`) : null;
  if (p) { passed += p.stats.expected; failed += p.stats.unexpected; } else { failed += 1; problems.push("playwright wrote no report"); }
} else {
  failed += 1;
}

if (problems.length) console.log(`\nProblems:\n- ${problems.join("\n- ")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(problems.length || failed ? 1 : 0);
