import type { Db } from '../db/client';

/** The figures of `npm run demo`'s last line, read from the database. */
export interface RenewalSummary {
  started: number;
  completedAutomatically: number;
  exceptions: number;
  letters: number;
  cardsOrdered: number;
  awaitingResident: number;
}

export async function summariseRenewals(db: Db): Promise<RenewalSummary> {
  const [started, completedAutomatically, exceptions, letters, cardsOrdered, awaitingResident] = await Promise.all([
    db.renewal.count({ where: { processInstanceId: { not: null } } }),
    db.renewal.count({ where: { status: 'COMPLETED', outcome: 'renewed' } }),
    db.renewal.count({ where: { status: 'EXCEPTION' } }),
    db.letter.count(),
    db.cardOrder.count({ where: { producerOrderId: { not: null } } }),
    db.renewal.count({ where: { status: 'AWAITING_RESIDENT' } }),
  ]);
  return { started, completedAutomatically, exceptions, letters, cardsOrdered, awaitingResident };
}

/** True once no started renewal is still moving on its own (only people can move the rest). */
export async function renewalsSettled(db: Db): Promise<boolean> {
  return (await db.renewal.count({ where: { status: { in: ['PENDING_START', 'STARTED'] } } })) === 0;
}
