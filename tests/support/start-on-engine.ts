import type { MaturityLevel } from '../../src/config';
import type { Db } from '../../src/db/client';
import type { ProcessEngine } from '../../src/engine/port';
import { createLogger } from '../../src/logger';
import { scanExpiringPermits } from '../../src/renewals/scan';
import { engineStarter, startPendingRenewals } from '../../src/renewals/start-renewals';
import { GPK_RENEWAL_PROCESS_ID } from '../../src/services/gpk/contract';

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
  await scanExpiringPermits(db, { service: 'gpk', leadTimeDays: 70, validityYears: 5, pageSize: 100, now, force: true }, logger);
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
