import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../../..");
const runCli = resolve(root, "scripts/run-cli.mjs");

function block(args: string[], input: string) {
  const r = spawnSync(process.execPath, [runCli, "kernel/cli/block.ts", ...args], { cwd: root, input, encoding: "utf8", timeout: 60_000 });
  let json: any = null;
  try { json = JSON.parse(r.stdout); } catch { /* checked by the caller */ }
  return { status: r.status, json, stdout: r.stdout };
}

const series = { index: ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06"], values: [1, 2, 3, 4] };

describe("npm run block", () => {
  it("--list prints the catalog with JSON Schemas of params and inputs", () => {
    const r = block(["--list"], "");
    expect(r.status).toBe(0);
    const sma = r.json.find((b: any) => b.id === "ta.sma");
    expect(sma.params.properties.period.type).toBe("integer");
    expect(sma.inputs.required).toContain("series");
    expect(JSON.stringify(sma.inputs.properties.series)).toMatch(/"index"/);
  });

  it("ta.sma answers {outputs} with null until defined", () => {
    const r = block(["ta.sma"], JSON.stringify({ params: { period: 2 }, inputs: { series } }));
    expect(r.status).toBe(0);
    expect(r.json.outputs.values.values).toEqual([null, 1.5, 2.5, 3.5]);
  });

  it("an array of requests gets an array of answers; a bad one is answered in its place and exits 2", () => {
    const r = block(["ta.sma"], JSON.stringify([{ params: { period: 2 }, inputs: { series } }, { params: { period: 0 }, inputs: { series } }]));
    expect(r.status).toBe(2);
    expect(r.json[0].outputs.values.values[1]).toBe(1.5);
    expect(r.json[1].error.issues[0].path).toEqual(["params", "period"]);
  });

  const bad: [string, string[], string, RegExp][] = [
    ["an unknown block", ["no.such"], "{}", /no block "no\.such"/],
    ["malformed JSON", ["ta.sma"], '{"params": {', /not valid JSON/],
    ["a wrong type", ["ta.sma"], JSON.stringify({ params: { period: "ten" }, inputs: { series } }), /period/],
    ["a bad date", ["ta.sma"], JSON.stringify({ params: { period: 2 }, inputs: { series: { ...series, index: ["2020-01-01", "2020-13-01", "2020-01-03", "2020-01-06"] } } }), /inputs\.series\.index\[1\].*not a date/],
    ["a ragged panel", ["data.returns"], JSON.stringify({ params: {}, inputs: { prices: { index: ["2020-01-01", "2020-01-02"], columns: ["A", "B"], values: [[1, 2], [3]] } } }), /row 1 has 1 values, expected 2/],
    ["a missing input", ["data.returns"], JSON.stringify({ params: {} }), /inputs\.prices is required/],
  ];
  for (const [what, args, input, message] of bad) {
    it(`${what} exits 2 with a Problem+JSON error and no stack trace`, () => {
      const r = block(args, input);
      expect(r.status).toBe(2);
      expect(typeof r.json.error.title).toBe("string");
      expect(r.json.error.detail).toMatch(message);
      expect(r.stdout).not.toMatch(/\n\s+at /);
    });
  }
});

describe("npm run notebook -- run", () => {
  const dir = mkdtempSync(join(tmpdir(), "nb-"));
  function run(args: string[]) {
    return spawnSync(process.execPath, [runCli, "kernel/cli/notebook.ts", "run", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  }

  it("writes each cell's output (NaN as null) and time to --out", () => {
    const out = join(dir, "out.json");
    const r = run(["notebooks/quickstart.json", "--out", out]);
    expect(r.status).toBe(0);
    const result = JSON.parse(readFileSync(out, "utf8"));
    const rsi = result.cells.find((c: any) => c.name === "rsi");
    expect(rsi.status).toBe("done");
    expect(rsi.ms).toBeGreaterThanOrEqual(0);
    expect(rsi.output.values.values[0]).toBeNull();
    expect(rsi.output.values.values[13]).toBeNull();
    expect(typeof rsi.output.values.values[14]).toBe("number");
  });

  it("a malformed notebook exits 2 with a message naming the path", () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ format: "strategy-studio-notebook", version: 2, id: "x", cells: [{ id: "1", name: "a b", kind: "code", source: "1" }] }));
    const r = run([file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cells\[0\]\.name/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a failing cell exits 1 and reports the error on that cell", () => {
    const file = join(dir, "fail.json");
    writeFileSync(file, JSON.stringify({ format: "strategy-studio-notebook", version: 2, id: "x", cells: [{ id: "1", name: "a", kind: "block", block: "ta.sma", params: { period: 2 }, inputs: { series: "ghost" } }] }));
    const r = run([file]);
    expect(r.status).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.cells[0].error).toMatch(/Unknown name "ghost"/);
  });
});
