import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { BrpClient } from '../registers/brp/client';
import { settleLifeEvents, sweepRegister, type LifeEventDeps } from '../residents/life-events';
import type { ServiceCatalogue } from '../service-catalogue';
import { effectiveMaturities } from './settings';
import { scanService, type ScanResult } from './scan';
import { startPendingRenewals, type RenewalProcessStarter, type ServiceStarts } from '../renewals/start-renewals';

export interface CycleDeps {
  db: Db;
  config: Config;
  catalogue: ServiceCatalogue;
  logger: Logger;
  starter: RenewalProcessStarter;
  brp: BrpClient;
  messages: LifeEventDeps['messages'];
  now(): Date;
}

/**
 * One daily round: first the BRP is asked about every resident with a running renewal or offer, so
 * a death or a move out stops their services before anything new starts; then, over every service
 * the catalogue has switched on, each trigger finds what is due (permits that expire, this year's
 * offers), and the recorded renewals start in the engine with their service's process and
 * maturity level.
 */
export async function runRenewalCycle(
  deps: CycleDeps,
  options: { force?: boolean } = {},
): Promise<{ scans: ScanResult[]; started: number }> {
  const { db, config, logger } = deps;
  const lifeEvents: LifeEventDeps = { ...deps, municipalityCode: config.MUNICIPALITY_CODE };
  await sweepRegister(lifeEvents);
  await settleLifeEvents(lifeEvents);
  const enabled = deps.catalogue.services.filter((service) => service.enabled);
  const scans: ScanResult[] = [];
  for (const service of enabled) {
    scans.push(
      await scanService(
        db,
        {
          service: service.id,
          trigger: service.trigger,
          pageSize: config.SCAN_PAGE_SIZE,
          now: deps.now(),
          force: options.force,
        },
        logger,
      ),
    );
  }
  const maturity = await effectiveMaturities(db, deps.catalogue);
  const services: ServiceStarts = Object.fromEntries(
    enabled.map((service) => [service.id, { process: service.process, maturity: maturity[service.id]! }]),
  );
  const started = await startPendingRenewals(
    db,
    deps.starter,
    {
      services,
      reminderAfter: config.CONFIRMATION_REMINDER_AFTER,
      responseDeadline: config.CONFIRMATION_RESPONSE_DEADLINE,
      maxPerSecond: config.START_RATE_PER_SECOND,
    },
    logger,
  );
  return { scans, started };
}
