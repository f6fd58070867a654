import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { scanExpiringPermits, type ScanResult } from './scan';
import { startPendingRenewals, type RenewalProcessStarter } from './start-renewals';

export interface CycleDeps {
  db: Db;
  config: Config;
  logger: Logger;
  starter: RenewalProcessStarter;
  now(): Date;
}

/** One daily round: find what expires, then start the recorded renewals in the engine. */
export async function runRenewalCycle(
  deps: CycleDeps,
  options: { force?: boolean } = {},
): Promise<ScanResult & { started: number }> {
  const { db, config, logger } = deps;
  const scan = await scanExpiringPermits(
    db,
    {
      service: 'gpk',
      leadTimeDays: config.GPK_LEAD_TIME_DAYS,
      validityYears: config.GPK_VALIDITY_YEARS,
      pageSize: config.SCAN_PAGE_SIZE,
      now: deps.now(),
      force: options.force,
    },
    logger,
  );
  const started = await startPendingRenewals(
    db,
    deps.starter,
    {
      maturity: config.GPK_MATURITY,
      reminderAfter: config.CONFIRMATION_REMINDER_AFTER,
      responseDeadline: config.CONFIRMATION_RESPONSE_DEADLINE,
      maxPerSecond: config.START_RATE_PER_SECOND,
    },
    logger,
  );
  return { ...scan, started };
}
