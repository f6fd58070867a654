import { loadRenewal } from '../renewals/load';
import type { RenewalContext } from '../renewals/context';
import { assessIndication } from './indication-rules';
import { calendarDate, toIsoDate } from '../calendar-date';
import type { Finding } from './residence-rules';

/** Whether the medical indication on record still carries the new period (no new assessment needed). */
export async function checkIndication(ctx: RenewalContext, renewalId: number): Promise<Finding> {
  const { renewal, indication } = await loadRenewal(ctx.db, renewalId);
  return assessIndication(indication, renewal.newExpiresOn, toIsoDate(calendarDate(ctx.now())));
}
