/**
 * The validity of a renewed card: it starts on the day the old one expires, so the holder is
 * never without a valid card, and runs for the configured number of years (at most 5 by law).
 * Dates are calendar dates, held as UTC midnight like PostgreSQL's `date` columns.
 */
export interface Validity {
  newValidFrom: Date;
  newExpiresOn: Date;
}

export function renewedValidity(expiresOn: Date, years: number): Validity {
  const newValidFrom = new Date(expiresOn.getTime());
  const newExpiresOn = new Date(Date.UTC(expiresOn.getUTCFullYear() + years, expiresOn.getUTCMonth(), expiresOn.getUTCDate()));
  return { newValidFrom, newExpiresOn };
}

/** Today's calendar date in Europe/Amsterdam, as UTC midnight. */
export function calendarDate(at: Date): Date {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(at).split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
