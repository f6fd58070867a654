export type LetterLocale = 'nl' | 'en';

const formats: Record<LetterLocale, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' }),
};

/**
 * A date written out as residents read it: "1 december 2026" or "1 December 2026". Always the
 * calendar day in the Netherlands, whatever the time zone of the server.
 */
export function formatLetterDate(date: Date, locale: LetterLocale): string {
  return formats[locale].format(date);
}
