/**
 * Dates as Int32 days since 1970-01-01 (UTC). ISO `YYYY-MM-DD` at the JSON edge.
 */
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since epoch for an ISO date, or NaN when the text is not a real calendar date. */
export function isoToDays(text: string): number {
  const m = ISO_DATE.exec(text);
  if (!m) return NaN;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return ms / MS_PER_DAY;
}

export function daysToIso(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar parts of a day number, in UTC. */
export function dayParts(days: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(days * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** ISO week key (year * 100 + week) of a day number: weeks start on Monday. */
export function isoWeekKey(days: number): number {
  // Thursday of the same ISO week decides the ISO year.
  const weekday = (new Date(days * MS_PER_DAY).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = days - weekday + 3;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / MS_PER_DAY;
  return year * 100 + Math.floor((thursday - jan1) / 7) + 1;
}

/**
 * Month key (year * 12 + month - 1) of a day number, by integer arithmetic on the proleptic
 * Gregorian calendar (H. Hinnant's civil-from-days; no Date object: rebalance schedules call
 * this for every price date).
 */
export function monthKey(days: number): number {
  const z = days + 719468; // days since 0000-03-01
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097; // day of the 400-year era
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)); // from March 1
  const mp = Math.floor((5 * doy + 2) / 153); // March = 0
  const month = mp < 10 ? mp + 3 : mp - 9; // 1..12
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 12 + month - 1;
}
