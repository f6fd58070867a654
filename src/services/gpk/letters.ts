import { addDays } from '../../calendar-date';
import { InvalidDataError } from '../../errors';
import type { LetterTemplateName } from '../../letters/templates';
import { confirmationCodeFor } from '../../renewals/confirmation-code';
import type { RenewalContext } from '../../renewals/context';
import { fullName, permitRenewal, type LoadedRenewal } from '../../renewals/load';
import type { LetterExtras, ServiceLetters } from '../service-letters';

/** A short letter code in the reference, so a resident on the phone can say which letter they hold. */
const REFERENCE_CODES: Partial<Record<LetterTemplateName, string>> = {
  'gpk/renewed': 'V',
  'gpk/confirm-request': 'C',
  'gpk/confirm-reminder': 'H',
  'gpk/renewal-notice': 'A',
  'gpk/assessment-needed': 'K',
  'gpk/renewal-stopped': 'S',
};

/** Residents are asked to apply two months (8 weeks, the legal decision term) before expiry. */
const APPLY_WEEKS_BEFORE_EXPIRY = 8;

async function templateData(
  ctx: RenewalContext,
  loaded: LoadedRenewal,
  addressLines: string[],
  template: LetterTemplateName,
  extras: LetterExtras,
): Promise<Record<string, unknown>> {
  const { renewal, resident } = loaded;
  const { permit, expiresOn, newValidFrom, newExpiresOn } = permitRenewal(loaded);
  const config = ctx.config;
  const common = {
    resident: { name: fullName(resident), fullName: fullName(resident), addressLines },
    contact: { phone: ctx.catalogue.entry('gpk').sender.phone, website: config.MUNICIPALITY_WEBSITE },
    expiresOn,
  };
  const newPeriod = { card: { kind: permit.kind }, newValidFrom, newExpiresOn };
  const application = { url: config.GPK_APPLICATION_URL };
  const confirmation = async () => {
    const code = await ctx.db.confirmationCode.findFirst({ where: { renewalId: renewal.id }, orderBy: { id: 'desc' } });
    if (!code)
      throw new InvalidDataError(`Renewal ${renewal.id} has no confirmation code; issue-confirmation-code must run first`);
    return {
      code: await confirmationCodeFor(ctx.db, renewal.id),
      url: `${config.PUBLIC_BASE_URL}/verlengen`,
      deadline: code.expiresAt,
    };
  };
  switch (template) {
    case 'gpk/renewed':
      return { ...common, ...newPeriod, deliveryWorkingDays: config.CARD_DELIVERY_WORKING_DAYS };
    case 'gpk/confirm-request':
      return { ...common, ...newPeriod, confirmation: await confirmation() };
    case 'gpk/confirm-reminder': {
      const request = await ctx.db.letter.findFirst({ where: { renewalId: renewal.id, template: 'gpk/confirm-request' } });
      return {
        ...common,
        requestSentOn: request?.createdAt ?? ctx.now(),
        newExpiresOn,
        confirmation: await confirmation(),
      };
    }
    case 'gpk/renewal-notice':
      return { ...common, applyBefore: addDays(expiresOn, -7 * APPLY_WEEKS_BEFORE_EXPIRY), application };
    case 'gpk/assessment-needed':
      return { ...common, assessment: { organisation: config.GPK_ASSESSMENT_ORGANISATION, contactWithinWorkingDays: 15 } };
    case 'gpk/renewal-stopped':
      if (!extras.decisionNote) throw new InvalidDataError(`Renewal ${renewal.id}: a stop letter needs the case worker's note`);
      return { ...common, reason: extras.decisionNote, application };
    default:
      throw new InvalidDataError(`Renewal ${renewal.id}: ${template} is not a GPK letter`);
  }
}

/** The GPK's letters: what each template says about the card, its new period and what to do. */
export const gpkLetters: ServiceLetters = {
  referencePrefix: 'GPK',
  referenceCode: (template) => {
    const code = REFERENCE_CODES[template];
    if (!code) throw new InvalidDataError(`${template} is not a GPK letter`);
    return code;
  },
  data: templateData,
};
