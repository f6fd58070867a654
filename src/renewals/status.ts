import type { Db, Prisma, RenewalStatus } from '../db/client';

export interface StatusChange {
  reason?: string;
  outcome?: string;
  /** The facts behind an exception, with source and date. */
  facts?: Record<string, unknown>;
  /** When it happened; the database's clock when omitted. */
  at?: Date;
}

/** Changes a renewal's status and keeps its history, in one transaction. */
export async function setRenewalStatus(
  db: Db,
  renewalId: number,
  status: RenewalStatus,
  change: StatusChange = {},
): Promise<void> {
  await db.$transaction([
    db.renewal.update({ where: { id: renewalId }, data: { status, ...(change.outcome ? { outcome: change.outcome } : {}) } }),
    db.renewalStatusChange.create({
      data: {
        renewalId,
        status,
        reason: change.reason ?? null,
        facts: change.facts as Prisma.InputJsonObject | undefined,
        at: change.at,
      },
    }),
  ]);
}
