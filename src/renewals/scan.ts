import type { Db } from '../db/client';
import { addDays, calendarDate, toIsoDate } from '../calendar-date';
import { renewedValidity } from '../services/gpk/renewal-period';
import type { Logger } from '../logger';

export interface ScanOptions {
  service: string;
  leadTimeDays: number;
  validityYears: number;
  pageSize: number;
  now: Date;
  /** Run even when today's slot was already done (a manual re-run); duplicates are still impossible. */
  force?: boolean;
}

export interface ScanResult {
  slot: string;
  skipped: boolean;
  examined: number;
  created: number;
}

/** A run still unfinished after this long is taken to have died, and its slot may be taken over. */
const STALE_RUN_MINUTES = 60;

/**
 * Claims the day's scan slot. Several app instances (or an overlapping manual run) meet here:
 * one wins, the others skip. A finished slot is not run again unless forced.
 */
async function claimSlot(db: Db, slot: string, service: string, force: boolean): Promise<boolean> {
  const claimed = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO scan_run (id, service, "startedAt") VALUES (${slot}, ${service}, now())
    ON CONFLICT (id) DO UPDATE SET "startedAt" = now(), "finishedAt" = NULL, examined = 0, created = 0
      WHERE (${force} AND scan_run."finishedAt" IS NOT NULL)
         OR (scan_run."finishedAt" IS NULL AND scan_run."startedAt" < now() - make_interval(mins => ${STALE_RUN_MINUTES}))
    RETURNING id`;
  return claimed.length === 1;
}

/**
 * Finds permits expiring within the lead time that have no renewal yet and records one renewal
 * per permit and expiry date (the database's unique key makes a second one impossible, also
 * across overlapping scans). Residents who opted out of proactive contact are left alone.
 * Reads page by page on the permit id, so memory stays flat however large the register is.
 */
export async function scanExpiringPermits(db: Db, options: ScanOptions, logger: Logger): Promise<ScanResult> {
  const today = calendarDate(options.now);
  const slot = `${options.service}:${toIsoDate(today)}`;
  if (!(await claimSlot(db, slot, options.service, options.force ?? false))) {
    logger.info({ slot }, 'scan slot already taken; skipping');
    return { slot, skipped: true, examined: 0, created: 0 };
  }
  const horizon = addDays(today, options.leadTimeDays);
  let lastId = 0;
  let examined = 0;
  let created = 0;
  for (;;) {
    const page = await db.permit.findMany({
      where: {
        id: { gt: lastId },
        service: options.service,
        expiresOn: { gte: today, lte: horizon },
        resident: { proactiveOptOutAt: null },
      },
      select: { id: true, expiresOn: true },
      orderBy: { id: 'asc' },
      take: options.pageSize,
    });
    if (page.length === 0) break;
    lastId = page[page.length - 1]!.id;
    examined += page.length;
    const renewals = await db.renewal.createManyAndReturn({
      data: page.map((p) => ({ permitId: p.id, expiresOn: p.expiresOn, ...renewedValidity(p.expiresOn, options.validityYears) })),
      skipDuplicates: true,
      select: { id: true },
    });
    if (renewals.length > 0) {
      await db.renewalStatusChange.createMany({
        data: renewals.map((r) => ({ renewalId: r.id, status: 'PENDING_START' as const, reason: `found by scan ${slot}` })),
      });
    }
    created += renewals.length;
  }
  await db.scanRun.update({ where: { id: slot }, data: { finishedAt: new Date(), examined, created } });
  logger.info({ slot, examined, created }, 'scan finished');
  return { slot, skipped: false, examined, created };
}
