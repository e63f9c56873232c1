/**
 * Chart drawing, one chart per task. A Plot render of a big chart takes 20-100 ms and cannot be
 * split; a run's results mount several charts in one React commit, and drawing them there made a
 * single task of several hundred ms (the page froze, input waited). Each chart is drawn in a task
 * of its own, in the order asked, right after the commit that asked for it (a MessageChannel
 * message: no timer clamp, and input and frames get their turn between charts). A chart drawn in
 * steps (steppedPlot.ts) asks for its next step by returning true: it stays at the head of the
 * queue, so its steps follow one another (one task each) and it is not held back by later charts.
 */

type Job = { draw: () => boolean | void; cancelled: boolean };

const queue: Job[] = [];
let scheduled = false;
let channel: MessageChannel | null = null;

/**
 * Draw `draw` in a task of its own, after the charts already waiting; while it returns true it is
 * called again, each time in a task of its own, before any other chart. Returns a cancel function.
 */
export function scheduleChart(draw: () => boolean | void): () => void {
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
  if (!job) return;
  let again = false;
  try { again = job.draw() === true; } catch (e) { console.error("chart failed", e); }
  if (again && !job.cancelled) queue.unshift(job);
  if (queue.length) wake();
}

/** Charts waiting to be drawn (tests). */
export function pendingCharts(): number {
  return queue.filter((j) => !j.cancelled).length;
}
