import { InvalidDataError } from '../../errors';
import type { LetterTemplateName } from '../../letters/templates';
import type { RenewalContext } from '../../renewals/context';
import { fullName, type LoadedRenewal } from '../../renewals/load';
import type { LetterExtras, ServiceLetters } from '../service-letters';
import { PARKING_PLACE_SERVICE } from './contract';
import { reviewedPlace } from './place';

const REFERENCE_CODES: Partial<Record<LetterTemplateName, string>> = {
  'parking-place/place-stays': 'B',
  'parking-place/place-withdrawn': 'W',
};

/** The data of the parking place's letters: the place, its plate and decree, and the department's words. */
async function templateData(
  ctx: RenewalContext,
  loaded: LoadedRenewal,
  addressLines: string[],
  template: LetterTemplateName,
  extras: LetterExtras,
): Promise<Record<string, unknown>> {
  if (!REFERENCE_CODES[template])
    throw new InvalidDataError(`Renewal ${loaded.renewal.id}: ${template} is not a parking place letter`);
  const place = await reviewedPlace(ctx, loaded);
  return {
    resident: { name: fullName(loaded.resident), fullName: fullName(loaded.resident), addressLines },
    contact: { phone: ctx.catalogue.entry(PARKING_PLACE_SERVICE).sender.phone, website: ctx.config.MUNICIPALITY_WEBSITE },
    place: { location: place.location, licencePlate: place.licencePlate, decree: place.decree, decreedOn: place.decreedOn },
    withdrawnOn: place.withdrawnOn,
    decisionNote: extras.decisionNote ?? '',
  };
}

export const parkingPlaceLetters: ServiceLetters = {
  referencePrefix: 'GPP',
  referenceCode: (template) => {
    const code = REFERENCE_CODES[template];
    if (!code) throw new InvalidDataError(`${template} is not a parking place letter`);
    return code;
  },
  data: templateData,
};
