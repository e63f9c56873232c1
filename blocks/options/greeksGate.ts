/**
 * options.greeks_gate: limits on a book's Greeks (e.g. the totals of
 * options.portfolio_greeks). A null limit is not checked. Breaches:
 * |delta| > max_abs_delta, |gamma| > max_abs_gamma, |vega| > max_abs_vega,
 * theta < min_theta (theta per year, so min_theta is a largest time decay, negative),
 * |rho| > max_abs_rho. Status BLOCK when any limit is breached, else OK; one reason per breach.
 */
import { z } from "zod";
import { defineBlock } from "../core/block";
import { port } from "../core/ports";

const greeksSchema = z.object({ delta: z.number(), gamma: z.number(), vega: z.number(), theta: z.number(), rho: z.number().optional() });

export const greeksGateParams = z.object({
  max_abs_delta: z.number().min(0).nullable().default(null),
  max_abs_gamma: z.number().min(0).nullable().default(null),
  max_abs_vega: z.number().min(0).nullable().default(null),
  min_theta: z.number().nullable().default(null).describe("smallest allowed theta per year (e.g. -5000: lose at most 5000 a year to time decay)"),
  max_abs_rho: z.number().min(0).nullable().default(null),
});

export const greeksGateBlock = defineBlock({
  id: "options.greeks_gate",
  title: "Greeks gate",
  description: "Checks a book's delta, gamma, vega, theta and rho against limits: OK or BLOCK, with one reason per breach.",
  category: "options",
  params: greeksGateParams,
  inputs: { greeks: port.json(greeksSchema, "{delta, gamma, vega, theta, rho?} of the book (options.portfolio_greeks totals)") },
  outputs: {
    status: { kind: "text", description: "OK or BLOCK" },
    reasons: { kind: "list", description: "one sentence per breached limit" },
  },
  compute(params, inputs) {
    const g = inputs.greeks;
    const reasons: string[] = [];
    const abs = (name: "delta" | "gamma" | "vega" | "rho", limit: number | null, what: string) => {
      const x = g[name];
      if (limit !== null && x !== undefined && Math.abs(x) > limit) reasons.push(`${name} of ${+x.toPrecision(6)} is beyond the limit of +/-${limit}: ${what}.`);
    };
    abs("delta", params.max_abs_delta, "the book moves too much with the underlying; hedge with the underlying or close directional positions");
    abs("gamma", params.max_abs_gamma, "delta changes too fast as the underlying moves");
    abs("vega", params.max_abs_vega, "the book is too exposed to a change in implied volatility");
    if (params.min_theta !== null && g.theta < params.min_theta) reasons.push(`theta of ${+g.theta.toPrecision(6)} per year is below the limit of ${params.min_theta}: the book loses too much to time decay.`);
    abs("rho", params.max_abs_rho, "the book is too exposed to interest rates");
    return { status: reasons.length ? "BLOCK" : "OK", passed: reasons.length === 0, reasons };
  },
});
