/**
 * A bare page that starts the kernel worker and exposes it to end-to-end tests
 * and the browser benchmark, without the studio's UI.
 */
import { startKernelWorker } from "../kernel/worker/client";

declare global {
  interface Window { kernelHarness: typeof harness }
}

const harness = { startKernelWorker };
window.kernelHarness = harness;
document.getElementById("status")!.textContent = "ready";
