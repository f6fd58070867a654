import { InvalidDataError } from '../../errors';
import type { LetterTemplateName } from '../../letters/templates';
import type { RenewalContext } from '../../renewals/context';
import { fullName, type LoadedRenewal } from '../../renewals/load';
import type { ServiceLetters } from '../service-letters';
import { PARTICIPATION_SERVICE_ID } from './contract';
import { ageOn, participationDetails } from './household';
import { calendarDate } from '../../calendar-date';

async function templateData(
  ctx: RenewalContext,
  loaded: LoadedRenewal,
  addressLines: string[],
  template: LetterTemplateName,
): Promise<Record<string, unknown>> {
  const { renewal, resident } = loaded;
  if (template !== 'participation/offer')
    throw new InvalidDataError(`Renewal ${renewal.id}: ${template} is not a participation letter`);
  const details = participationDetails(loaded);
  const allowance = await ctx.db.participationAllowance.findUnique({ where: { renewalId: renewal.id } });
  if (!allowance) throw new InvalidDataError(`Renewal ${renewal.id}: no allowance recorded; grant-participation must run first`);
  const children = await ctx.db.resident.findMany({
    where: { id: { in: allowance.childIds } },
    orderBy: { birthDate: 'asc' },
    select: { givenNames: true, surnamePrefix: true, surname: true, birthDate: true },
  });
  const today = calendarDate(ctx.now());
  return {
    resident: { name: fullName(resident), fullName: fullName(resident), addressLines },
    // MUNICIPALITY_WEBSITE names the GPK's page; this letter points to the municipality's site.
    contact: {
      phone: ctx.catalogue.entry(PARTICIPATION_SERVICE_ID).sender.phone,
      website: ctx.config.MUNICIPALITY_WEBSITE.replace(/^(https?:\/\/)?([^/]+).*$/, '$2'),
    },
    year: details.year,
    children: children.map((c) => ({ name: fullName(c), age: ageOn(c.birthDate, today) })),
    sportAmountCents: allowance.sportAmountCents,
    cultureAmountCents: allowance.cultureAmountCents,
    // Under "automatic" the money is ready for the club's bill; "notify-only" asks the household to call first.
    ready: allowance.maturity === 'automatic',
    usableUntil: new Date(Date.UTC(details.year, 11, 31)),
  };
}

/** The participation offer's one letter: the children, the amounts per child, how to use it and by when. */
export const participationLetters: ServiceLetters = {
  referencePrefix: 'KPK',
  referenceCode: (template) => {
    if (template !== 'participation/offer') throw new InvalidDataError(`${template} is not a participation letter`);
    return 'A';
  },
  data: templateData,
};
