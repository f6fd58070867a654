import { loadRenewal } from '../renewals/load';
import type { RenewalContext } from '../renewals/context';
import { assessIndication } from './indication-rules';
import { calendarDate, isoDate } from './renewal-period';
import type { Finding } from './residence-rules';

/** Whether the medical indication on record still carries the new period (no new assessment needed). */
export async function checkIndication(ctx: RenewalContext, renewalId: number): Promise<Finding> {
  const { renewal, indication } = await loadRenewal(ctx.db, renewalId);
  return assessIndication(indication, renewal.newExpiresOn, isoDate(calendarDate(ctx.now())));
}
