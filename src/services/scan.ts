import type { Db, Prisma } from '../db/client';
import { addDays, addYears, calendarDate, toIsoDate } from '../calendar-date';
import type { ServiceTrigger } from '../service-catalogue';
import { serviceModule } from '.';
import type { Logger } from '../logger';

export interface ScanOptions {
  service: string;
  trigger: ServiceTrigger;
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

/** A renewal as a scan records it, waiting to be started in the engine. */
type NewRenewal = Omit<Prisma.RenewalCreateManyInput, 'status' | 'outcome' | 'processInstanceId'>;

/** Records what a scan page found; the unique (service, subject) makes a second one impossible. */
async function record(db: Db, renewals: NewRenewal[], slot: string): Promise<number> {
  if (renewals.length === 0) return 0;
  const created = await db.renewal.createManyAndReturn({ data: renewals, skipDuplicates: true, select: { id: true } });
  if (created.length > 0) {
    await db.renewalStatusChange.createMany({
      data: created.map((r) => ({ renewalId: r.id, status: 'PENDING_START' as const, reason: `found by scan ${slot}` })),
    });
  }
  return created.length;
}

/**
 * Runs a service's daily scan: the slot is claimed once per day across instances, and what the
 * trigger finds is recorded as renewals to start. Residents who opted out of proactive contact,
 * and residents who died or left the municipality, are left alone by every service.
 */
export async function scanService(db: Db, options: ScanOptions, logger: Logger): Promise<ScanResult> {
  const today = calendarDate(options.now);
  const slot = `${options.service}:${toIsoDate(today)}`;
  const { trigger } = options;
  if (trigger.kind === 'message') return { slot, skipped: true, examined: 0, created: 0 };
  if (trigger.kind === 'yearly' && toIsoDate(today).slice(5) < trigger.from)
    return { slot, skipped: true, examined: 0, created: 0 };
  if (!(await claimSlot(db, slot, options.service, options.force ?? false))) {
    logger.info({ slot }, 'scan slot already taken; skipping');
    return { slot, skipped: true, examined: 0, created: 0 };
  }
  const { examined, created } =
    trigger.kind === 'expiry'
      ? await scanExpiringPermits(db, options, trigger, today, slot)
      : await scanYearlyCandidates(db, options, today, slot);
  await db.scanRun.update({ where: { id: slot }, data: { finishedAt: new Date(), examined, created } });
  logger.info({ slot, examined, created }, 'scan finished');
  return { slot, skipped: false, examined, created };
}

const REACHABLE = { proactiveOptOutAt: null, lifeEvents: { none: {} } } satisfies Prisma.ResidentWhereInput;

type ExpiryTrigger = Extract<ServiceTrigger, { kind: 'expiry' }>;

/**
 * Permits of the service expiring within the lead time: one renewal per permit and expiry date.
 * The new period starts on the day the old one expires, so the holder is never without a valid
 * permit. Reads page by page on the permit id, so memory stays flat however large the register is.
 */
async function scanExpiringPermits(db: Db, options: ScanOptions, trigger: ExpiryTrigger, today: Date, slot: string) {
  const horizon = addDays(today, trigger.leadTimeDays);
  let lastId = 0;
  let examined = 0;
  let created = 0;
  for (;;) {
    const page = await db.permit.findMany({
      where: { id: { gt: lastId }, service: options.service, expiresOn: { gte: today, lte: horizon }, resident: REACHABLE },
      select: { id: true, residentId: true, expiresOn: true },
      orderBy: { id: 'asc' },
      take: options.pageSize,
    });
    if (page.length === 0) break;
    lastId = page[page.length - 1]!.id;
    examined += page.length;
    created += await record(
      db,
      page.map((p) => ({
        service: options.service,
        residentId: p.residentId,
        subject: `permit-${p.id}/${toIsoDate(p.expiresOn)}`,
        permitId: p.id,
        expiresOn: p.expiresOn,
        newValidFrom: p.expiresOn,
        newExpiresOn: addYears(p.expiresOn, trigger.validityYears),
      })),
      slot,
    );
  }
  return { examined, created };
}

/** This year's candidates the service names, page by page on the resident id. */
async function scanYearlyCandidates(db: Db, options: ScanOptions, today: Date, slot: string) {
  const service = serviceModule(options.service);
  if (!service.candidates) throw new Error(`Service "${options.service}" has a yearly trigger but no candidates`);
  let afterResidentId = 0;
  let examined = 0;
  let created = 0;
  for (;;) {
    const page = await service.candidates(db, { today, year: today.getUTCFullYear(), afterResidentId, take: options.pageSize });
    if (page.length === 0) break;
    afterResidentId = Math.max(...page.map((c) => c.residentId));
    examined += page.length;
    const reachable = new Set(
      (
        await db.resident.findMany({
          where: { id: { in: page.map((c) => c.residentId) }, ...REACHABLE },
          select: { id: true },
        })
      ).map((r) => r.id),
    );
    created += await record(
      db,
      page
        .filter((c) => reachable.has(c.residentId))
        .map((c) => ({ service: options.service, residentId: c.residentId, subject: c.subject, details: c.details })),
      slot,
    );
  }
  return { examined, created };
}
