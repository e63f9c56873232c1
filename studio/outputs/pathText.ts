/**
 * An SVG path's `d` written into a byte buffer and decoded once, instead of `path += ...` per point.
 * A stepped chart's lines (steppedPlot.ts) made a number string, a template string and a string
 * node for every point: about a quarter of what the page allocated during the momentum example's
 * run, garbage its collections then had to go through. Numbers are written as d3-path writes them
 * with 3 digits: String(Math.round(v * 1000) / 1000).
 */
const decoder = new TextDecoder();
const M = 77, L = 76, Z = 90, COMMA = 44, MINUS = 45, DOT = 46, ZERO = 48;
/** Past this many thousandths a number is written by String() (no pixel coordinate is near it). */
const LARGEST_WRITTEN = 1e12;

export class PathText {
  private buf = new Uint8Array(1 << 15);
  private n = 0;

  get empty(): boolean { return this.n === 0; }

  /** "M" or "L" then `x,y`. */
  point(move: boolean, x: number, y: number): void {
    this.room(48);
    this.buf[this.n++] = move ? M : L;
    this.number(x);
    this.buf[this.n++] = COMMA;
    this.number(y);
  }

  close(): void {
    this.room(1);
    this.buf[this.n++] = Z;
  }

  /** The path written so far; the buffer is then empty for the next one. */
  take(): string {
    const s = decoder.decode(this.buf.subarray(0, this.n));
    this.n = 0;
    return s;
  }

  private number(v: number): void {
    let k = Math.round(v * 1000);
    if (!(Math.abs(k) < LARGEST_WRITTEN)) { this.text(String(k / 1000)); return; }
    if (k < 0) { this.buf[this.n++] = MINUS; k = -k; } // -0 is written "0", as String(-0)
    const whole = Math.floor(k / 1000), frac = k - whole * 1000;
    this.digits(whole);
    if (frac === 0) return;
    this.buf[this.n++] = DOT;
    const d1 = Math.floor(frac / 100), d2 = Math.floor(frac / 10) % 10, d3 = frac % 10;
    this.buf[this.n++] = ZERO + d1;
    if (d2 || d3) this.buf[this.n++] = ZERO + d2;
    if (d3) this.buf[this.n++] = ZERO + d3;
  }

  /** A whole number under LARGEST_WRITTEN / 1000 (at most 9 digits). */
  private digits(w: number): void {
    let len = 1;
    for (let p = 10; p <= w; p *= 10) len++;
    for (let i = this.n + len - 1; i >= this.n; i--) { this.buf[i] = ZERO + (w % 10); w = Math.floor(w / 10); }
    this.n += len;
  }

  private text(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.n++] = s.charCodeAt(i);
  }

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(2 * this.buf.length, this.n + k));
    grown.set(this.buf.subarray(0, this.n));
    this.buf = grown;
  }
}
