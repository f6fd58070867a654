import { InvalidDataError } from '../errors';
import type { LetterLocale, LetterTemplateName } from '../letters/render';
import { envelopeLines } from '../residents/address';
import { letterSender } from '../service-catalogue';
import { serviceLetters } from '.';
import type { LetterExtras } from './service-letters';
import type { RenewalContext } from '../renewals/context';
import { fullName, loadRenewal } from '../renewals/load';

/**
 * Renders the renewal's letter of this template and stores it under the step's idempotency key.
 * A redelivered job finds the stored letter and returns it, so the resident gets one letter.
 */
export async function renderRenewalLetter(
  ctx: RenewalContext,
  renewalId: number,
  template: LetterTemplateName,
  idempotencyKey: string,
  extras: LetterExtras = {},
): Promise<{ letterId: number; reference: string }> {
  const existing = await ctx.db.letter.findUnique({ where: { idempotencyKey } });
  if (existing) return { letterId: existing.id, reference: existing.reference };

  const loaded = await loadRenewal(ctx.db, renewalId);
  if (!loaded.address) throw new InvalidDataError(`Renewal ${renewalId}: the holder has no current address for the letter`);
  const addressLines = envelopeLines(loaded.address);
  const locale: LetterLocale = loaded.resident.locale === 'en' ? 'en' : 'nl';
  // The template's folder names the service whose letter it is: its data, reference and sender.
  const service = template.split('/')[0]!;
  const letters = serviceLetters(service);
  const reference = `${letters.referencePrefix}-${String(renewalId).padStart(6, '0')}-${letters.referenceCode(template)}`;
  const rendered = await ctx.renderLetter({
    template,
    locale,
    sender: letterSender(ctx.config, ctx.catalogue.entry(service)),
    recipient: { name: fullName(loaded.resident), addressLines },
    reference,
    date: ctx.now(),
    data: await letters.data(ctx, loaded, addressLines, template, extras),
  });
  const letter = await ctx.db.letter.upsert({
    where: { idempotencyKey },
    create: { renewalId, idempotencyKey, template, locale, reference, pdf: new Uint8Array(rendered.pdf) },
    update: {},
  });
  return { letterId: letter.id, reference: letter.reference };
}
