/**
 * Calendar dates (a day, no time). Registers and PostgreSQL `date` columns hold them as UTC
 * midnight, so arithmetic happens in UTC and a date never shifts with the server's time zone;
 * "today" is the day in Europe/Amsterdam. As strings they are ISO YYYY-MM-DD.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day it is in Europe/Amsterdam at `at`, as UTC midnight. */
export function calendarDate(at: Date): Date {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(at).split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The UTC midnight of an ISO date, as Prisma stores a @db.Date. */
export function fromIsoDate(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}

/** True for a YYYY-MM-DD string that names a day on the calendar (no 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return toIsoDate(date) === value;
}

export function addDays(date: Date, days: number): Date {
  const result = new Date(date.getTime());
  result.setUTCDate(result.getUTCDate() + days);
  return result;
}

/** Same day and month, `years` later; 29 February rolls over to 1 March in a common year. */
export function addYears(date: Date, years: number): Date {
  const result = new Date(date.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

/** The same arithmetic on ISO strings, for data that travels as text (import files, demo data). */
export function isoPlusDays(value: string, days: number): string {
  return toIsoDate(addDays(fromIsoDate(value), days));
}

export function isoPlusYears(value: string, years: number): string {
  return toIsoDate(addYears(fromIsoDate(value), years));
}
