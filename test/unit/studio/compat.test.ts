import { describe, expect, it } from "vitest";
import { bindingProblem, incompatibility } from "../../../studio/forms/compat";
import { fieldShape, paramIssues, paramsSchema, emptyValue } from "../../../studio/forms/schema";
import { getBlock } from "../../../blocks/catalog";
import type { Cell } from "../../../kernel/document/schema";

describe("port compatibility", () => {
  it('incompatibility("series", "panel") says "ta.rsi.series takes a series, panel given"', () => {
    expect(incompatibility("series", "panel", "ta.rsi.series")).toBe("ta.rsi.series takes a series, a panel given");
  });

  it("a table (SQL result) may feed a panel or a series port; a series feeds a panel port", () => {
    expect(incompatibility("panel", "table", "p")).toBeNull();
    expect(incompatibility("series", "table", "p")).toBeNull();
    expect(incompatibility("panel", "series", "p")).toBeNull();
    expect(incompatibility("matrix", "table", "p")).toMatch(/takes a matrix/);
  });

  it("bindingProblem(block cell bound whole) uses its one output of the port's kind", () => {
    const rsi: Cell = { id: "r", name: "rsi", kind: "block", block: "ta.rsi", params: {}, inputs: {} };
    expect(bindingProblem(rsi, undefined, { kind: "series", name: "series" }, "ta.sma.series")).toBeNull();
    expect(bindingProblem(rsi, undefined, { kind: "matrix", name: "covariance" }, "x.covariance")).toMatch(/takes a matrix, a series given/);
    const sql: Cell = { id: "s", name: "px", kind: "sql", source: "select 1" };
    expect(bindingProblem(sql, undefined, { kind: "panel", name: "prices" }, "data.returns.prices")).toBeNull();
  });
});

describe("parameter form schema", () => {
  it("ta.rsi period is an integer field from 2 with default 14", () => {
    const s = paramsSchema(getBlock("ta.rsi"));
    expect(s.properties!.period.default).toBe(14);
    expect(fieldShape(s.properties!.period)).toMatchObject({ shape: "number", integer: true, min: 2 });
  });

  it("enums are selects, nullable numbers nullable, nested objects objects", () => {
    const s = paramsSchema(getBlock("backtest.run")).properties!;
    expect(fieldShape(s.rebalance).shape).toBe("union");
    expect(fieldShape(s.max_participation).shape).toBe("nullable");
    expect(fieldShape(s.slippage).shape).toBe("object");
    expect(fieldShape({ type: "string", enum: ["a", "b"] })).toEqual({ shape: "enum", options: ["a", "b"] });
    expect(fieldShape({ type: "array", items: { type: "string" } }, "symbols").shape).toBe("symbols");
    expect(fieldShape({ type: "object", additionalProperties: { type: "number" } }).shape).toBe("record");
  });

  it("paramIssues(ta.rsi, {period: 1}) names the field with the block's own message", () => {
    const issues = paramIssues(getBlock("ta.rsi"), { period: 1 });
    expect(issues.get("period")).toMatch(/2/);
    expect(paramIssues(getBlock("ta.rsi"), { period: 14 }).size).toBe(0);
    expect(paramIssues(getBlock("ta.sma"), {}).get("period")).toBe("required");
  });

  it("emptyValue starts a field at its default or the bottom of its range", () => {
    expect(emptyValue({ type: "integer", minimum: 2 })).toBe(2);
    expect(emptyValue({ type: "number", default: 0.5 })).toBe(0.5);
    expect(emptyValue({ type: "object", properties: { name: { type: "string" } }, required: ["name"] })).toEqual({ name: "" });
  });
});
