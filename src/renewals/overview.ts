import { GRANTED_OUTCOMES } from './vocabulary';
import { Prisma, type Db, type RenewalStatus, type ScanRun } from '../db/client';

/** The process owner's figures, all read from the database at the moment of asking. */
export interface RenewalOverview {
  byStatus: { status: RenewalStatus; outcome: string | null; count: number }[];
  /** Renewals that ended (completed or stopped). */
  finished: number;
  /** Finished renewals that ended renewed without ever becoming an exception for a person. */
  straightThrough: number;
  /** straightThrough / finished, or null before anything finished. */
  straightThroughRate: number | null;
  /** Per reason (the latest exception of each renewal): all renewals that had it, and those still open. */
  exceptionsByReason: { reason: string; total: number; open: number }[];
  oldestOpenException: { renewalId: number; reason: string | null; since: Date; ageDays: number } | null;
  /** The latest scan runs, newest first. */
  scanRuns: ScanRun[];
}

const DAY_MS = 86_400_000;

/** The figures of all services, or of one (`service`): what the process owner's page shows per service. */
export async function renewalOverview(
  db: Db,
  now: Date,
  options: { service?: string; scanRunCount?: number } = {},
): Promise<RenewalOverview> {
  const { service, scanRunCount = 10 } = options;
  const ofService = service === undefined ? Prisma.sql`TRUE` : Prisma.sql`r.service = ${service}`;
  const [byStatus, [throughput], exceptionsByReason, [oldest], scanRuns] = await Promise.all([
    db.renewal.groupBy({
      by: ['status', 'outcome'],
      where: service === undefined ? {} : { service },
      _count: { _all: true },
      orderBy: [{ status: 'asc' }, { outcome: 'asc' }],
    }),
    db.$queryRaw<{ finished: number; straightThrough: number }[]>`
      SELECT count(*) FILTER (WHERE r.status IN ('COMPLETED', 'STOPPED'))::int AS "finished",
             count(*) FILTER (WHERE r.status = 'COMPLETED' AND r.outcome = ANY(${[...GRANTED_OUTCOMES]}) AND NOT EXISTS (
               SELECT 1 FROM renewal_status_change c WHERE c."renewalId" = r.id AND c.status = 'EXCEPTION'))::int AS "straightThrough"
      FROM renewal r WHERE ${ofService}`,
    db.$queryRaw<{ reason: string | null; total: number; open: number }[]>`
      WITH latest AS (
        SELECT DISTINCT ON (c."renewalId") c."renewalId", c.reason
        FROM renewal_status_change c WHERE c.status = 'EXCEPTION'
        ORDER BY c."renewalId", c.at DESC, c.id DESC)
      SELECT latest.reason, count(*)::int AS total, count(*) FILTER (WHERE r.status = 'EXCEPTION')::int AS open
      FROM latest JOIN renewal r ON r.id = latest."renewalId"
      WHERE ${ofService}
      GROUP BY latest.reason ORDER BY total DESC, latest.reason`,
    // An open exception's age counts from when it became one this time (its latest EXCEPTION row).
    db.$queryRaw<{ renewalId: number; reason: string | null; since: Date }[]>`
      WITH latest AS (
        SELECT DISTINCT ON (c."renewalId") c."renewalId", c.reason, c.at
        FROM renewal_status_change c WHERE c.status = 'EXCEPTION'
        ORDER BY c."renewalId", c.at DESC, c.id DESC)
      SELECT latest."renewalId", latest.reason, latest.at AS since
      FROM latest JOIN renewal r ON r.id = latest."renewalId"
      WHERE r.status = 'EXCEPTION' AND ${ofService}
      ORDER BY latest.at, latest."renewalId" LIMIT 1`,
    db.scanRun.findMany({ where: service === undefined ? {} : { service }, orderBy: { startedAt: 'desc' }, take: scanRunCount }),
  ]);
  const finished = throughput?.finished ?? 0;
  const straightThrough = throughput?.straightThrough ?? 0;
  return {
    byStatus: byStatus.map((g) => ({ status: g.status, outcome: g.outcome, count: g._count._all })),
    finished,
    straightThrough,
    straightThroughRate: finished > 0 ? straightThrough / finished : null,
    exceptionsByReason: exceptionsByReason.map((e) => ({ reason: e.reason ?? 'UNKNOWN', total: e.total, open: e.open })),
    oldestOpenException: oldest
      ? { ...oldest, ageDays: Math.max(0, Math.floor((now.getTime() - oldest.since.getTime()) / DAY_MS)) }
      : null,
    scanRuns,
  };
}
