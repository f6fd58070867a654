import { GRANTED_OUTCOMES } from './vocabulary';
import type { Db } from '../db/client';

/** The counts of one service's renewals (or of all of them). */
export interface RenewalCounts {
  started: number;
  completedAutomatically: number;
  exceptions: number;
  letters: number;
  cardsOrdered: number;
  awaitingResident: number;
  /**
   * Ended with nothing granted: not offered, an offer not taken up or declined, only informed, the
   * resident died or left, or a person stopped it.
   */
  closedWithoutGrant: number;
}

/** The figures of `npm run demo`'s last line, read from the database: the totals, and per service. */
export type RenewalSummary = RenewalCounts & { services: Record<string, RenewalCounts> };

/** The counts of one service's renewals, or of all when no service is named. */
export async function serviceCounts(db: Db, service: string | undefined): Promise<RenewalCounts> {
  const ofService = service === undefined ? {} : { service };
  const [started, completedAutomatically, exceptions, letters, cardsOrdered, awaitingResident, closedWithoutGrant] =
    await Promise.all([
      db.renewal.count({ where: { ...ofService, processInstanceId: { not: null } } }),
      db.renewal.count({ where: { ...ofService, status: 'COMPLETED', outcome: { in: [...GRANTED_OUTCOMES] } } }),
      db.renewal.count({ where: { ...ofService, status: 'EXCEPTION' } }),
      db.letter.count({ where: service === undefined ? {} : { renewal: ofService } }),
      db.cardOrder.count({ where: { producerOrderId: { not: null }, ...(service === undefined ? {} : { renewal: ofService }) } }),
      db.renewal.count({ where: { ...ofService, status: 'AWAITING_RESIDENT' } }),
      db.renewal.count({
        where: {
          ...ofService,
          processInstanceId: { not: null },
          OR: [{ status: 'STOPPED' }, { status: 'COMPLETED', outcome: { notIn: [...GRANTED_OUTCOMES] } }],
        },
      }),
    ]);
  return { started, completedAutomatically, exceptions, letters, cardsOrdered, awaitingResident, closedWithoutGrant };
}

export async function summariseRenewals(db: Db): Promise<RenewalSummary> {
  const services = (await db.renewal.findMany({ distinct: ['service'], select: { service: true } })).map((r) => r.service).sort();
  const perService = await Promise.all(services.map(async (service) => [service, await serviceCounts(db, service)] as const));
  return { ...(await serviceCounts(db, undefined)), services: Object.fromEntries(perService) };
}

/**
 * True once no started renewal is still moving on its own (only people can move the rest), and
 * every death or departure a worker found has reached the resident's cases: handing it over may
 * still start a case (a parking place's review).
 */
export async function renewalsSettled(db: Db): Promise<boolean> {
  const [moving, unsettled] = await Promise.all([
    db.renewal.count({ where: { status: { in: ['PENDING_START', 'STARTED'] } } }),
    db.lifeEvent.count({ where: { settledAt: null } }),
  ]);
  return moving === 0 && unsettled === 0;
}
