import type { LetterTemplateName } from '../letters/templates';
import type { RenewalContext } from './context';
import { loadRenewal } from './load';

/**
 * Records that the municipality contacted the resident, so the resident and case workers see
 * the whole history (Open Klant's klantcontact: channel, subject, content, when).
 */
export async function recordLetterContactMoment(
  ctx: RenewalContext,
  renewalId: number,
  template: LetterTemplateName,
  idempotencyKey: string,
): Promise<void> {
  const { resident } = await loadRenewal(ctx.db, renewalId);
  const letter = await ctx.db.letter.findFirst({ where: { renewalId, template }, orderBy: { createdAt: 'desc' } });
  await ctx.db.contactMoment.upsert({
    where: { idempotencyKey },
    create: {
      idempotencyKey,
      residentId: resident.id,
      renewalId,
      channel: 'post',
      subject: template,
      content: letter ? `Letter ${letter.reference} sent by post` : `Letter "${template}" sent by post`,
      occurredAt: ctx.now(),
    },
    update: {},
  });
}
