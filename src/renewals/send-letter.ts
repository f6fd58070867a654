import { InvalidDataError } from '../errors';
import { offerTurn } from '../dispatch/household-turn';
import { isDeceased } from '../residents/life-events';
import type { LetterTemplateName } from '../letters/templates';
import type { RenewalContext } from './context';

/**
 * Puts the renewal's rendered letter of this template in the post (a queued dispatch that the
 * next print-street batch picks up). Keyed by step, so a redelivered job queues nothing twice.
 * Nothing goes to a resident the register reports deceased, and an offer waits its turn when the
 * household had another service's letter this week (src/dispatch/household-turn.ts).
 */
export async function sendRenewalLetter(
  ctx: RenewalContext,
  renewalId: number,
  template: LetterTemplateName,
  idempotencyKey: string,
): Promise<{ dispatchId: number | null; letterId: number }> {
  const letter = await ctx.db.letter.findFirst({
    where: { renewalId, template },
    orderBy: { createdAt: 'desc' },
    include: { renewal: { select: { residentId: true, service: true } } },
  });
  if (!letter) throw new InvalidDataError(`Renewal ${renewalId} has no rendered "${template}" letter to send`);
  // The last guard, whatever a model does: the register reported the resident deceased.
  if (await isDeceased(ctx.db, letter.renewal.residentId)) {
    await ctx.db.contactMoment.upsert({
      where: { idempotencyKey },
      create: {
        residentId: letter.renewal.residentId,
        renewalId,
        idempotencyKey,
        channel: 'post',
        subject: 'letter-withheld',
        content: `Letter "${template}" (${letter.reference}) was not sent: the BRP reports the resident deceased.`,
        occurredAt: ctx.now(),
      },
      update: {},
    });
    return { dispatchId: null, letterId: letter.id };
  }
  const { residentId, service } = letter.renewal;
  const notBefore =
    ctx.catalogue.entry(service).trigger.kind === 'yearly' ? await offerTurn(ctx.db, residentId, service, ctx.now()) : undefined;
  const receipt = await ctx.post.dispatch({ letterId: letter.id, idempotencyKey, notBefore });
  return { dispatchId: receipt.dispatchId, letterId: letter.id };
}
