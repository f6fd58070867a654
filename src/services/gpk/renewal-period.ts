import { addYears } from '../../calendar-date';

/**
 * The validity of a renewed card: it starts on the day the old one expires, so the holder is
 * never without a valid card, and runs for the configured number of years (at most 5 by law).
 */
export interface Validity {
  newValidFrom: Date;
  newExpiresOn: Date;
}

export function renewedValidity(expiresOn: Date, years: number): Validity {
  return { newValidFrom: new Date(expiresOn.getTime()), newExpiresOn: addYears(expiresOn, years) };
}
