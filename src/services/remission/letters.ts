import { InvalidDataError } from '../../errors';
import type { LetterTemplateName } from '../../letters/templates';
import { confirmationCodeFor } from '../../renewals/confirmation-code';
import type { RenewalContext } from '../../renewals/context';
import { fullName, type LoadedRenewal } from '../../renewals/load';
import type { ServiceLetters } from '../service-letters';
import { REMISSION_SERVICE_ID } from './contract';
import { levyDetails } from './levy';

const REFERENCE_CODES: Partial<Record<LetterTemplateName, string>> = {
  'remission/granted': 'T',
  'remission/offer': 'O',
};

async function templateData(
  ctx: RenewalContext,
  loaded: LoadedRenewal,
  addressLines: string[],
  template: LetterTemplateName,
): Promise<Record<string, unknown>> {
  const { renewal, resident } = loaded;
  const levy = levyDetails(loaded);
  const common = {
    resident: { name: fullName(resident), fullName: fullName(resident), addressLines },
    // MUNICIPALITY_WEBSITE names the GPK's page; a remission letter points to the municipality's site.
    contact: {
      phone: ctx.catalogue.entry(REMISSION_SERVICE_ID).sender.phone,
      website: ctx.config.MUNICIPALITY_WEBSITE.replace(/^(https?:\/\/)?([^/]+).*$/, '$2'),
    },
    levy: { year: levy.year, assessmentNumber: levy.assessmentNumber, amountCents: levy.amountCents },
  };
  switch (template) {
    case 'remission/granted': {
      const grant = await ctx.db.remissionGrant.findUnique({
        where: { residentId_year: { residentId: resident.id, year: levy.year } },
      });
      if (!grant?.granted) throw new InvalidDataError(`Renewal ${renewal.id}: no remission granted for ${levy.year} yet`);
      return { ...common, remittedOn: grant.decidedAt };
    }
    case 'remission/offer': {
      const code = await ctx.db.confirmationCode.findFirst({ where: { renewalId: renewal.id }, orderBy: { id: 'desc' } });
      if (!code)
        throw new InvalidDataError(`Renewal ${renewal.id} has no confirmation code; issue-confirmation-code must run first`);
      return {
        ...common,
        confirmation: {
          code: await confirmationCodeFor(ctx.db, renewal.id),
          url: `${ctx.config.PUBLIC_BASE_URL}/verlengen`,
          deadline: code.expiresAt,
        },
      };
    }
    default:
      throw new InvalidDataError(`Renewal ${renewal.id}: ${template} is not a remission letter`);
  }
}

/** The remission offer's letters: the year's assessment, and the code to accept the offer with. */
export const remissionLetters: ServiceLetters = {
  referencePrefix: 'KWS',
  referenceCode: (template) => {
    const code = REFERENCE_CODES[template];
    if (!code) throw new InvalidDataError(`${template} is not a remission letter`);
    return code;
  },
  data: templateData,
};
