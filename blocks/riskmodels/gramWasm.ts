/**
 * The WebAssembly SIMD cross-product kernel (gram.wat) and the memory it works in: the returns
 * columns, the offsets of the columns taking part and the c x c sums live in one wasm memory,
 * so the kernel reads them in place. null where WebAssembly or its SIMD is unavailable
 * (WindowCrossProducts then uses its JavaScript kernel, which computes the same sums).
 */
import { GRAM_WASM } from "./gramWasm.bytes";

type GramFn = (x: number, off: number, c: number, p0: number, p1: number, q0: number, q1: number, from: number, to: number, out: number, sign: number) => void;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, once per thread; null if this runtime cannot run it. */
function gramModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      const text = atob(GRAM_WASM);
      const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
      if (typeof WebAssembly === "object" && WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes); // 1.3 kB: synchronous compile is allowed everywhere
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const PAGE = 65536;
/** This thread's kernel memory and instance, kept between calls (see WasmGram.create). */
let kept: { memory: WebAssembly.Memory; gram: GramFn } | null = null;
const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

export class WasmGram {
  /** returns, column-major: write them here (columnReturns' `out`) for the kernel to read */
  readonly x: Float64Array<ArrayBuffer>;
  /** element offsets into x of the columns of a request, in request order */
  readonly off: Int32Array;
  /** the sums, c x c row-major for the request's c */
  readonly raw: Float64Array<ArrayBuffer>;
  private constructor(private readonly fn: GramFn, x: Float64Array<ArrayBuffer>, off: Int32Array, raw: Float64Array<ArrayBuffer>) {
    this.x = x; this.off = off; this.raw = raw;
  }

  /**
   * Memory for `xLength` returns and requests of up to `maxColumns` columns; null without wasm
   * SIMD. The memory is kept for the next call on this thread and reused when it is large enough
   * (a pool of one, up to the largest problem seen): a re-run, as when a notebook runs again,
   * does not page-fault its 10-80 MB afresh (0.5-1.5 ms per MB on this VM). Callers are synchronous,
   * so one thread never has two users of it: the views are valid until the next create on
   * this thread. Its values are stale, not zero.
   */
  static create(xLength: number, maxColumns: number): WasmGram | null {
    const mod = gramModule();
    if (!mod) return null;
    const offBytes = align16(4 * maxColumns), rawBytes = align16(8 * maxColumns * maxColumns);
    const bytes = offBytes + rawBytes + 8 * xLength;
    if (!kept) {
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
      kept = { memory, gram: new WebAssembly.Instance(mod, { env: { memory } }).exports.gram as GramFn };
    } else if (kept.memory.buffer.byteLength < bytes) {
      // Grown, not replaced: one instance per thread, so the kernel function JIT-compiled code
      // calls stays the same (a new instance's function deoptimizes its callers, then V8
      // compiles them again on the two cores the benchmark computes on).
      kept.memory.grow(Math.ceil((bytes - kept.memory.buffer.byteLength) / PAGE));
    }
    const buf = kept.memory.buffer as ArrayBuffer; // not shared: the memory is this thread's
    return new WasmGram(kept.gram,
      new Float64Array(buf, offBytes + rawBytes, xLength), new Int32Array(buf, 0, maxColumns), new Float64Array(buf, offBytes, maxColumns * maxColumns));
  }

  /** raw[p c + q] += sign * sum_{r in [from, to)} x[off[p] + r] x[off[q] + r], p in [p0, p1), q in [max(p, q0), q1). */
  tile(c: number, p0: number, p1: number, q0: number, q1: number, from: number, to: number, sign: number): void {
    this.fn(this.x.byteOffset, this.off.byteOffset, c, p0, p1, q0, q1, from, to, this.raw.byteOffset, sign);
  }
}
