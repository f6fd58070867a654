/**
 * Calendar dates as ISO strings (YYYY-MM-DD). The register holds dates without a time, so
 * they are computed in UTC: a date never shifts by a day with the server's time zone.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a YYYY-MM-DD string that names a day on the calendar (no 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return toIsoDate(date) === value;
}

/** The UTC midnight of an ISO date, as Prisma stores a @db.Date. */
export function fromIsoDate(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(value: string, days: number): string {
  const date = fromIsoDate(value);
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDate(date);
}

/** Same day and month, `years` later; 29 February rolls over to 1 March in a common year. */
export function addYears(value: string, years: number): string {
  const date = fromIsoDate(value);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return toIsoDate(date);
}
