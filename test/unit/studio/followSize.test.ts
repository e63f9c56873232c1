// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { followSize } from "../../../studio/notebook/followSize";

/** jsdom has no ResizeObserver: this one hands its callback to the test, which plays the browser. */
let notify: ((width: number, height: number) => void) | null = null;
class TestResizeObserver {
  constructor(private readonly cb: ResizeObserverCallback) {
    notify = (width, height) => this.cb([{ contentRect: { width, height } } as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  observe(): void {}
  disconnect(): void { notify = null; }
}
const saved = globalThis.ResizeObserver;
afterEach(() => { globalThis.ResizeObserver = saved; notify = null; document.body.replaceChildren(); });

describe("an editor follows its host's size", () => {
  it("lays the editor out at the observed size, and not at an empty box or once the host left the page", () => {
    globalThis.ResizeObserver = TestResizeObserver as unknown as typeof ResizeObserver;
    const host = document.createElement("div");
    document.body.append(host);
    const layouts: { width: number; height: number }[] = [];
    const observer = followSize(host, { layout: (d) => { if (d) layouts.push(d); } });
    notify!(640, 95);
    expect(layouts).toEqual([{ width: 640, height: 95 }]);
    notify!(0, 95); // hidden (display: none)
    host.remove();
    notify!(0, 0); // its cell removed: the editor waits for its disposal
    notify!(640, 95);
    expect(layouts).toEqual([{ width: 640, height: 95 }]);
    observer!.disconnect();
    expect(notify).toBeNull();
  });
});
