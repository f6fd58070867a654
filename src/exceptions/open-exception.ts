import type { ExceptionReason } from '../renewals/vocabulary';
import type { RenewalContext } from '../renewals/context';
import { setRenewalStatus } from '../renewals/status';

/**
 * Marks the renewal as waiting for a case worker, keeps the facts that led to it in the
 * municipality's own records (not only in the engine), and returns when the assessment is due.
 * The due date is fixed by the first delivery, so a redelivered job neither moves it nor
 * writes the exception into the history twice.
 */
export async function openException(
  ctx: RenewalContext,
  renewalId: number,
  reason: ExceptionReason,
  facts: Record<string, unknown> = {},
): Promise<{ dueDate: Date }> {
  const latest = await ctx.db.renewalStatusChange.findFirst({ where: { renewalId }, orderBy: { id: 'desc' } });
  const since = latest?.status === 'EXCEPTION' && latest.reason === reason ? latest.at : null;
  if (!since) await setRenewalStatus(ctx.db, renewalId, 'EXCEPTION', { reason, facts, at: ctx.now() });
  const opened = since ?? ctx.now();
  return { dueDate: new Date(opened.getTime() + ctx.config.GPK_EXCEPTION_DUE_DAYS * 86_400_000) };
}

/** The facts as lines of "name: value", for a form that cannot read structured variables. */
export function factsText(facts: Record<string, unknown>): string {
  const lines = Object.entries(facts)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`);
  return lines.length > 0 ? lines.join('\n') : 'Er zijn geen extra gegevens.';
}
