import type { MaturityLevel } from '../../src/config';
import type { Db } from '../../src/db/client';
import type { ProcessEngine } from '../../src/engine/port';
import { createLogger } from '../../src/logger';
import { scanService } from '../../src/services/scan';
import { engineStarter, startPendingRenewals } from '../../src/renewals/start-renewals';
import { GPK_RENEWAL_PROCESS_ID } from '../../src/services/gpk/contract';
import { openIncidents } from './engine';
import { importHolder } from './renewal-world';
import { until } from './until';

export interface StartOnEngineOptions {
  maturity?: MaturityLevel;
  reminderAfter?: string;
  responseDeadline?: string;
}

/**
 * One renewal cycle as the scheduler runs it, on the given engine: the GPK scan (70 days ahead,
 * forced, so a test may run it again) records the due renewals, and each is started there.
 */
export async function scanAndStartOnEngine(
  db: Db,
  engine: Pick<ProcessEngine, 'start'>,
  now: Date,
  options: StartOnEngineOptions = {},
): Promise<void> {
  const logger = createLogger('silent');
  await scanService(
    db,
    { service: 'gpk', trigger: { kind: 'expiry', leadTimeDays: 70, validityYears: 5 }, pageSize: 100, now, force: true },
    logger,
  );
  await startPendingRenewals(
    db,
    engineStarter(engine),
    {
      services: { gpk: { process: GPK_RENEWAL_PROCESS_ID, maturity: options.maturity ?? 'automatic' } },
      reminderAfter: options.reminderAfter ?? 'P14D',
      responseDeadline: options.responseDeadline ?? 'P28D',
      maxPerSecond: 100,
    },
    logger,
  );
}

/**
 * A batch of GPK holders whose cards expire `firstDay` to `firstDay + 19` days from `now`,
 * imported and started on the engine as one cycle would; returns their renewal ids.
 */
export async function startRenewalBatch(
  db: Db,
  engine: Pick<ProcessEngine, 'start'>,
  now: Date,
  count: number,
  firstDay: number,
): Promise<number[]> {
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const holders = [];
  for (let i = 0; i < count; i++) holders.push(await importHolder(db, { expiresOn: inDays(firstDay + (i % 20)) }));
  await scanAndStartOnEngine(db, engine, now);
  const renewals = await db.renewal.findMany({
    where: { permit: { number: { in: holders.map((h) => h.permitNumber) } } },
    select: { id: true },
  });
  return renewals.map((r) => r.id);
}

/**
 * Waits until every renewal of a batch has completed. An incident on one of them ends the wait at
 * once with the engine's own message, instead of a timeout that says nothing.
 */
export async function untilBatchCompletes(
  db: Db,
  ids: number[],
  timeoutMs: number,
  access?: Parameters<typeof openIncidents>[1],
): Promise<void> {
  const instances = async () =>
    (await db.renewal.findMany({ where: { id: { in: ids } }, select: { processInstanceId: true } })).map(
      (r) => r.processInstanceId!,
    );
  await until(
    `all ${ids.length} renewals to complete`,
    async () => {
      const incidents = await openIncidents(await instances(), access);
      if (incidents.length > 0)
        throw new Error(
          `${incidents.length} incident(s) instead of completion, e.g. at ${incidents[0]!.activityId}: ${incidents[0]!.incidentMessage}`,
        );
      return (await db.renewal.count({ where: { id: { in: ids }, status: 'COMPLETED' } })) === ids.length;
    },
    timeoutMs,
  );
}
