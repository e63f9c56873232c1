import { describe, expect, it } from "vitest";
import { Kernel } from "../../../kernel/kernel";
import { freeNames, knownFreeNames } from "../../../kernel/scheduler/freeNames";
import { codeNotebook, noDataHost, recordingKernel } from "./helpers";

// The memo is the module's: each test uses sources no other test parses.
const uses = (info: ReturnType<Kernel["open"]>, name: string) => info.cells.find((c) => c.name === name)?.uses;

describe("open with the page's free names (no parse before the answer)", () => {
  it("gives the graph a plain open gives, and its names are the ones the page computed with the same function", () => {
    const cells = { a: "return 1 + 0.25;", b: "const k: number = a * 2;\nreturn k;", c: "return [a, b].map((x: number) => x + 0.5);" };
    const plain = new Kernel(noDataHost).open(codeNotebook(cells), { trusted: true });
    const hints = Object.fromEntries(Object.values(cells).map((s) => [s, knownFreeNames(s)!]));
    expect(Object.values(hints).every((n) => Array.isArray(n))).toBe(true);
    const hinted = new Kernel(noDataHost).open(codeNotebook(cells), { trusted: true, freeNames: hints });
    expect(hinted).toEqual(plain);
    expect(uses(hinted, "c")).toEqual(["a", "b"]);
  });

  it("uses the names given for a source it has not parsed, keeps the names of one it has, ignores malformed ones", async () => {
    const given = "return seen_x + unseen_y; // hinted";
    const known = "return known_p + known_q;";
    freeNames(known);
    const bad = "return bad_m;";
    const { kernel, ran } = recordingKernel();
    const info = kernel.open(codeNotebook({ seen_x: "return 1;", unseen_y: "return 2;", h: given, k: known, known_p: "return 3;", known_q: "return 4;", bad_m: "return 5;", m: bad }), {
      trusted: true, freeNames: { [given]: ["seen_x"], [known]: ["known_p"], [bad]: [1, 2] as unknown as string[] },
    });
    expect(uses(info, "h")).toEqual(["seen_x"]); // taken as given: the page computed it with freeNames
    expect(uses(info, "k")).toEqual(["known_p", "known_q"]);
    expect(uses(info, "m")).toEqual(["bad_m"]);
    expect(knownFreeNames(bad)).toEqual(["bad_m"]);
    await kernel.run();
    expect(ran).toContain("m");
  });
});
