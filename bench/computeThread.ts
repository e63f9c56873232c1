/**
 * The compute helper's thread (worker_threads; bench/computeHelper.ts starts it): it holds
 * the shared prices and runs the part of the factor and optimize stages it is sent.
 */
import { parentPort } from "node:worker_threads";
import { panel, type Panel } from "../blocks/core/values";
import { rollingWeights } from "../blocks/optimize/rolling";
import { factorRows, ROLLING } from "./fast";

export type HelperRequest =
  | { id: number; op: "prices"; index: Int32Array; columns: string[]; values: SharedArrayBuffer }
  | { id: number; op: "factor"; scores: SharedArrayBuffer; from: number; to: number }
  | { id: number; op: "optimize"; scores: SharedArrayBuffer; from: number; to: number };
export type HelperReply = { id: number; error?: string; weights?: Float64Array };

let prices: Panel | null = null;

function handle(msg: HelperRequest): HelperReply {
  if (msg.op === "prices") {
    prices = panel(msg.index, msg.columns, new Float64Array(msg.values));
    return { id: msg.id };
  }
  if (!prices) throw new Error("the helper has no prices yet");
  if (msg.op === "factor") {
    factorRows(prices, new Float64Array(msg.scores), msg.from, msg.to);
    return { id: msg.id };
  }
  const scores = panel(prices.index, prices.columns, new Float64Array(msg.scores));
  return { id: msg.id, weights: rollingWeights(prices, scores, ROLLING, undefined, undefined, { from: msg.from, to: msg.to }).values };
}

parentPort!.on("message", (msg: HelperRequest) => {
  let reply: HelperReply;
  try { reply = handle(msg); } catch (e) { reply = { id: msg.id, error: e instanceof Error ? e.message : String(e) }; }
  parentPort!.postMessage(reply, reply.weights ? [reply.weights.buffer as ArrayBuffer] : []);
});
parentPort!.postMessage({ id: 0 }); // loaded
