import { InvalidDataError } from '../../errors';
import { euros } from '../../registers/payment/client';
import type { LetterTemplateName } from '../../letters/templates';
import type { RenewalContext } from '../../renewals/context';
import { fullName, permitRenewal, type LoadedRenewal } from '../../renewals/load';
import type { ServiceLetters } from '../service-letters';
import { chargeDescription } from './charge';
import { PARKING_PERMIT_SERVICE } from './contract';

/** A short letter code in the reference, so a resident on the phone can say which letter they hold. */
const REFERENCE_CODES: Partial<Record<LetterTemplateName, string>> = {
  'parking-permit/renewed': 'V',
  'parking-permit/renewal-notice': 'M',
};

/** The data of the parking permit's letters: the permit, its zone, the new period and the charge. */
async function templateData(
  ctx: RenewalContext,
  loaded: LoadedRenewal,
  addressLines: string[],
  template: LetterTemplateName,
): Promise<Record<string, unknown>> {
  const { renewal, resident } = loaded;
  const { permit, expiresOn, newValidFrom, newExpiresOn } = permitRenewal(loaded);
  const zone = permit.zoneCode ? await ctx.db.parkingZone.findUnique({ where: { code: permit.zoneCode } }) : null;
  if (!zone) throw new InvalidDataError(`Renewal ${renewal.id}: permit ${permit.number} has no zone`);
  const common = {
    resident: { name: fullName(resident), fullName: fullName(resident), addressLines },
    contact: { phone: ctx.catalogue.entry(PARKING_PERMIT_SERVICE).sender.phone, website: ctx.config.MUNICIPALITY_WEBSITE },
    expiresOn,
  };
  switch (template) {
    case 'parking-permit/renewed': {
      const charge = await ctx.db.permitCharge.findFirst({ where: { renewalId: renewal.id, status: 'paid' } });
      const amount = euros(charge?.amountCents ?? 0);
      return {
        ...common,
        permit: { number: permit.number, zoneName: zone.name, licencePlate: permit.licencePlate },
        newValidFrom,
        newExpiresOn,
        charge: {
          // A case worker may renew after a refused payment, when the fee is paid another way.
          paid: charge !== null,
          amount: resident.locale === 'en' ? amount : amount.replace('.', ','),
          description: chargeDescription(permit.number, newValidFrom, newExpiresOn),
        },
      };
    }
    case 'parking-permit/renewal-notice':
      return {
        ...common,
        permit: { number: permit.number, zoneName: zone.name, licencePlate: permit.licencePlate },
        renewal: {
          url: ctx.config.MUNICIPALITY_WEBSITE,
          fee: resident.locale === 'en' ? euros(zone.yearlyFeeCents) : euros(zone.yearlyFeeCents).replace('.', ','),
        },
      };
    default:
      throw new InvalidDataError(`${template} is not a parking permit letter`);
  }
}

export const parkingPermitLetters: ServiceLetters = {
  referencePrefix: 'BPV',
  referenceCode: (template) => {
    const code = REFERENCE_CODES[template];
    if (!code) throw new InvalidDataError(`${template} is not a parking permit letter`);
    return code;
  },
  data: templateData,
};
