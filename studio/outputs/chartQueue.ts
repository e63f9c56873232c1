/**
 * Chart drawing, one chart per task. A Plot render of a big chart takes 20-100 ms and cannot be
 * split; a run's results mount several charts in one React commit, and drawing them there made a
 * single task of several hundred ms (the page froze, input waited). Each chart is drawn in a task
 * of its own, in the order asked, right after the commit that asked for it (a MessageChannel
 * message: no timer clamp, and input and frames get their turn between charts).
 */

type Job = { draw: () => void; cancelled: boolean };

const queue: Job[] = [];
let scheduled = false;
let channel: MessageChannel | null = null;

/** Draw `draw` in a task of its own, after the charts already waiting; returns a cancel function. */
export function scheduleChart(draw: () => void): () => void {
  const job: Job = { draw, cancelled: false };
  queue.push(job);
  wake();
  return () => { job.cancelled = true; };
}

function wake(): void {
  if (scheduled) return;
  scheduled = true;
  if (typeof MessageChannel === "undefined") { setTimeout(drainOne, 0); return; }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = drainOne;
  }
  channel.port2.postMessage(null);
}

/** One chart, then yield: the next one waits for the next task. */
function drainOne(): void {
  scheduled = false;
  let job = queue.shift();
  while (job?.cancelled) job = queue.shift();
  if (queue.length) wake();
  if (!job) return;
  try { job.draw(); } catch (e) { console.error("chart failed", e); }
}

/** Charts waiting to be drawn (tests). */
export function pendingCharts(): number {
  return queue.filter((j) => !j.cancelled).length;
}
