/**
 * BlockError: the one error a block throws for bad input. It carries the
 * Problem+JSON fields of shared/CONTRACTS.md so every face (CLI, worker, agent)
 * can show a clear message that names the parameter, input, column or line.
 */
export type PathItem = string | number;
export interface Issue { path: PathItem[]; message: string }

export type ErrorType =
  | "unknown-block"
  | "invalid-json"
  | "invalid-request"
  | "invalid-params"
  | "invalid-inputs"
  | "singular-problem"
  | "infeasible"
  | "no-solution"
  | "internal-error";

export interface Problem { type: ErrorType; title: string; detail: string; issues: Issue[] }

export class BlockError extends Error {
  readonly type: ErrorType;
  readonly title: string;
  readonly issues: Issue[];
  constructor(type: ErrorType, title: string, detail: string, issues: Issue[] = []) {
    super(detail);
    this.name = "BlockError";
    this.type = type;
    this.title = title;
    this.issues = issues;
  }
  toProblem(): Problem {
    return { type: this.type, title: this.title, detail: this.message, issues: this.issues };
  }
}

/** Bad input at one path: `inputError(["inputs", "prices", "values", 3], "row 3 has 1 value, expected 2")`. */
export function inputError(path: PathItem[], message: string): BlockError {
  const where = path.length ? `${formatPath(path)}: ` : "";
  return new BlockError("invalid-inputs", "Invalid input", where + message, [{ path, message }]);
}

export function paramError(path: PathItem[], message: string): BlockError {
  const where = path.length ? `${formatPath(path)}: ` : "";
  return new BlockError("invalid-params", "Invalid parameter", where + message, [{ path, message }]);
}

/** `inputs.prices.values[3]` */
export function formatPath(path: PathItem[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** Any thrown value as a Problem, never a stack trace. */
export function toProblem(err: unknown): Problem {
  if (err instanceof BlockError) return err.toProblem();
  const detail = err instanceof Error ? err.message : String(err);
  return { type: "internal-error", title: "Internal error", detail, issues: [] };
}
