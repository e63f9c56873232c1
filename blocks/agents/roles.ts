/**
 * The built-in desk roles: goal, allowlist of tool blocks, and what each may write.
 * None may write orders: every role writes proposals that a person approves.
 */
import type { Role } from "./toolbox";

export const ROLES: Record<"quant_analyst" | "market_strategist" | "risk_manager" | "compliance_officer", Role> = {
  quant_analyst: {
    id: "agents.quant_analyst",
    title: "Quant analyst",
    goal: "Screen candidate factors (momentum, reversal, low volatility) by their information coefficient and propose a factor.combine recipe.",
    allowlist: ["factor.momentum", "factor.reversal", "factor.low_volatility", "factor.zscore", "analysis.factor_report", "factor.combine"],
    writes: ["factor_recipe"],
  },
  market_strategist: {
    id: "agents.market_strategist",
    title: "Market strategist",
    goal: "Turn factor signals into Black-Litterman views with confidences and propose the resulting target weights.",
    allowlist: ["data.returns", "risk.covariance", "factor.momentum", "factor.zscore", "optimize.portfolio"],
    writes: ["views", "target_weights"],
  },
  risk_manager: {
    id: "agents.risk_manager",
    title: "Risk manager",
    goal: "Read VaR, expected shortfall, stress losses and liquidity against limits and propose cuts or hedges.",
    allowlist: ["risk.var", "risk.stress", "risk.liquidity"],
    writes: ["risk_actions", "target_weights"],
  },
  compliance_officer: {
    id: "agents.compliance_officer",
    title: "Compliance officer",
    goal: "Check target weights against the ruleset, explain each breach and propose the smallest remedy.",
    allowlist: ["compliance.check"],
    writes: ["compliance_remedy", "target_weights"],
  },
};
