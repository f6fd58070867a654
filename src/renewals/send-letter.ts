import { InvalidDataError } from '../errors';
import type { LetterTemplateName } from '../services/gpk/contract';
import type { RenewalContext } from './context';

/**
 * Puts the renewal's rendered letter of this template in the post (a queued dispatch that the
 * next print-street batch picks up). Keyed by step, so a redelivered job queues nothing twice.
 */
export async function sendRenewalLetter(
  ctx: RenewalContext,
  renewalId: number,
  template: LetterTemplateName,
  idempotencyKey: string,
): Promise<{ dispatchId: number; letterId: number }> {
  const letter = await ctx.db.letter.findFirst({ where: { renewalId, template }, orderBy: { createdAt: 'desc' } });
  if (!letter) throw new InvalidDataError(`Renewal ${renewalId} has no rendered "${template}" letter to send`);
  const receipt = await ctx.post.dispatch({ letterId: letter.id, idempotencyKey });
  return { dispatchId: receipt.dispatchId, letterId: letter.id };
}
