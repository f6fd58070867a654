import type { Decision, Outcome } from './vocabulary';
import type { RenewalContext } from './context';

export interface CaseWorkerDecision {
  decision: Decision;
  note: string;
}

/**
 * Records how the renewal ended, and, when a case worker decided it, their decision and note as
 * an audit event: the engine's task history is not the municipality's record. Repeated calls
 * with the same outcome change nothing.
 */
export async function closeRenewal(
  ctx: RenewalContext,
  renewalId: number,
  outcome: Outcome,
  decided?: CaseWorkerDecision,
): Promise<void> {
  const renewal = await ctx.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
  const status = outcome === 'stopped' || outcome === 'declined' || outcome === 'resident-left' ? 'STOPPED' : 'COMPLETED';
  if (renewal.status === status && renewal.outcome === outcome) return;
  const at = ctx.now();
  await ctx.db.$transaction([
    ctx.db.renewal.update({ where: { id: renewalId }, data: { status, outcome } }),
    ctx.db.renewalStatusChange.create({ data: { renewalId, status, reason: outcome, at } }),
    ...(decided
      ? [
          ctx.db.auditEvent.create({
            data: {
              actor: 'case-worker',
              action: 'exception-decided',
              subjectType: 'renewal',
              subjectId: String(renewalId),
              details: { decision: decided.decision, note: decided.note, outcome },
              at,
            },
          }),
        ]
      : []),
  ]);
}
