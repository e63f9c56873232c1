/**
 * npm run --silent block -- <block-id>   one request (or an array) on stdin, answers on stdout
 * npm run --silent block -- --list       the catalog with JSON Schemas
 * Exit 0 on success, 2 on bad input (with a Problem+JSON error object), never a stack trace.
 * Starts no database: blocks are pure functions over the values given.
 */
import { readFileSync } from "node:fs";
import { describeBlock } from "../../blocks/core/block";
import { BlockError, toProblem } from "../../blocks/core/errors";
import { allBlocks, getBlock } from "../../blocks/catalog";
import { answerRequest, isError } from "../headless/blockRequest";

function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + "\n");
}

function fail(err: unknown): never {
  print({ error: toProblem(err) });
  process.exit(2);
}

function main(argv: string[]): number {
  const args = argv.filter((a) => a !== "--");
  if (args[0] === "--list") {
    print(allBlocks.map(describeBlock));
    return 0;
  }
  if (args.length !== 1 || args[0].startsWith("-")) {
    fail(new BlockError("invalid-request", "Usage", "usage: npm run --silent block -- <block-id>  (request JSON on stdin) | --list"));
  }
  const block = getBlock(args[0]);
  let text: string;
  try {
    text = readFileSync(0, "utf8");
  } catch {
    text = "";
  }
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new BlockError("invalid-json", "Malformed JSON", `The request on stdin is not valid JSON: ${why}`, [{ path: [], message: why }]);
  }
  if (Array.isArray(request)) {
    const answers = request.map((r) => answerRequest(block, r));
    print(answers);
    return answers.some(isError) ? 2 : 0;
  }
  const answer = answerRequest(block, request);
  print(answer);
  return isError(answer) ? 2 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  fail(err);
}
