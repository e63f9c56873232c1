/** Periods per year by data frequency (empyrical's periods.py). */
export const PERIODS_PER_YEAR = { daily: 252, weekly: 52, monthly: 12, quarterly: 4, yearly: 1 } as const;
export const DEFAULT_PERIODS_PER_YEAR = PERIODS_PER_YEAR.daily;
