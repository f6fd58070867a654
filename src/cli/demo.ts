import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { freshDatabase } from './fresh-database';
import { freePort } from '../engine/local-engine';
import { createLogger } from '../logger';
import { runRenewalCycle } from '../services/renewal-cycle';
import { renewalsSettled, summariseRenewals } from '../renewals/summary';
import { startTijdig } from '../runtime';

const SETTLE_TIMEOUT_MS = 5 * 60_000;

/**
 * `npm run demo`: one full renewal cycle on fresh demo data on the real engine (Operaton, built
 * and started here unless ENGINE_REST_URL names one), headless, then exit. The last line is a
 * JSON summary.
 */
async function main(): Promise<number> {
  const base = loadConfig();
  const config: Config = {
    ...base,
    ...(await freshDatabase(base, 'demo')),
    LOAD_DEMO_DATA: true,
    PORT: 0,
    // Its own engine port, so a running `npm start` and the demo do not collide.
    ENGINE_PORT: base.ENGINE_REST_URL ? base.ENGINE_PORT : await freePort(),
    BRP_API_URL: base.BRP_API_URL.replace(/:\d+\//, ':0/'),
    CARD_PRODUCER_URL: base.CARD_PRODUCER_URL.replace(/:\d+\//, ':0/'),
    INLICHTINGENBUREAU_URL: base.INLICHTINGENBUREAU_URL.replace(/:\d+\//, ':0/'),
    RDW_API_URL: base.RDW_API_URL.replace(/:\d+\//, ':0/'),
    PAYMENT_API_URL: base.PAYMENT_API_URL.replace(/:\d+(\/|$)/, ':0$1'),
    PRINT_BATCH_DIR: await mkdtemp(path.join(os.tmpdir(), 'tijdig-demo-print-')),
  };
  const logger = createLogger(base.LOG_LEVEL === 'info' ? 'warn' : base.LOG_LEVEL);
  const tijdig = await startTijdig(config, logger, { schedule: false });
  try {
    await runRenewalCycle(tijdig.cycle);
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (!(await renewalsSettled(tijdig.db))) {
      if (Date.now() > deadline)
        throw new Error('renewals did not settle within 5 minutes; see the engine (Cockpit) for incidents');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    process.stdout.write(`${JSON.stringify(await summariseRenewals(tijdig.db))}\n`);
    return 0;
  } finally {
    await tijdig.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
