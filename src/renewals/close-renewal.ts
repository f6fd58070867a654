import type { Outcome } from '../process/gpk-renewal-contract';
import type { RenewalContext } from './context';
import { setRenewalStatus } from './status';

/** Records how the renewal ended; repeated calls with the same outcome change nothing. */
export async function closeRenewal(ctx: RenewalContext, renewalId: number, outcome: Outcome): Promise<void> {
  const renewal = await ctx.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
  const status = outcome === 'stopped' || outcome === 'declined' ? 'STOPPED' : 'COMPLETED';
  if (renewal.status === status && renewal.outcome === outcome) return;
  await setRenewalStatus(ctx.db, renewalId, status, { reason: outcome, outcome, at: ctx.now() });
}
