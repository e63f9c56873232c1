import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { assembleWat, bytesModule, WASM_KERNELS } from "../../../scripts/build-wasm";
import { WasmGram } from "../../../blocks/riskmodels/gramWasm";

describe("WebAssembly kernels", () => {
  it.each(WASM_KERNELS)("$out holds the bytes `npm run wasm` assembles from $wat", async (k) => {
    const bytes = await assembleWat(k.wat, await readFile(k.wat, "utf8"));
    expect(await readFile(k.out, "utf8")).toBe(bytesModule(k.wat, k.name, bytes));
  });

  it("the cross-product kernel runs here (Node has WebAssembly SIMD), on odd row counts and tile edges", () => {
    const g = WasmGram.create(3 * 7, 5);
    expect(g).not.toBeNull();
    // 3 columns of 7 rows, x[j * 7 + r] = (j + 1) * (r + 1)
    for (let j = 0; j < 3; j++) for (let r = 0; r < 7; r++) g!.x[j * 7 + r] = (j + 1) * (r + 1);
    g!.off.set([0, 7, 14]);
    g!.raw.fill(0);
    g!.tile(3, 0, 3, 0, 3, 1, 6, 1); // rows 1..5 (five: an odd last row), every pair p <= q
    // sum_{r=1..5} (a+1)(b+1)(r+1)^2 = (a+1)(b+1) * (4+9+16+25+36) = 90 (a+1)(b+1)
    for (let p = 0; p < 3; p++) for (let q = p; q < 3; q++) expect(g!.raw[p * 3 + q]).toBe(90 * (p + 1) * (q + 1));
    g!.tile(3, 0, 3, 2, 3, 1, 2, -1); // take row 1 (alone) out of the pairs with column 2
    for (let p = 0; p < 3; p++) expect(g!.raw[p * 3 + 2]).toBe(90 * (p + 1) * 3 - 4 * (p + 1) * 3);
  });

  it("a larger problem grows the thread's one memory: same kernel function, sums right at the far end of x", () => {
    const small = WasmGram.create(16, 4)!;
    const before = small["fn"];
    const rows = 5, xLength = 3_000_000; // 24 MB: past any earlier memory in this file
    const g = WasmGram.create(xLength, 8)!;
    expect(g.x.length).toBe(xLength);
    expect(g["fn"]).toBe(before); // the callers' call target did not change, so V8 keeps their code
    const first = xLength - 2 * rows; // two columns at the very end of the grown memory
    for (let r = 0; r < rows; r++) { g.x[first + r] = r + 1; g.x[first + rows + r] = 2 * (r + 1); }
    g.off.set([first, first + rows]);
    g.raw.fill(0, 0, 4);
    g.tile(2, 0, 2, 0, 2, 0, rows, 1);
    // sum (r+1)^2 over 1..5 = 55; column 2 is twice column 1
    expect([g.raw[0], g.raw[1], g.raw[3]]).toEqual([55, 110, 220]);
  });
});
