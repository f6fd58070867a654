import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig, type Config } from '../config';
import { createLogger } from '../logger';
import { runRenewalCycle } from '../renewals/renewal-cycle';
import { renewalsSettled, summariseRenewals } from '../renewals/summary';
import { startTijdig } from '../runtime';

const SETTLE_TIMEOUT_MS = 5 * 60_000;

/** A database of its own for this demo run, so it always starts from fresh demo data. */
async function freshDatabase(config: Config): Promise<Partial<Config>> {
  if (!config.DATABASE_URL) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-demo-'));
    return { EMBEDDED_PG_DIR: path.join(dir, 'pg'), EMBEDDED_PG_PORT: config.EMBEDDED_PG_PORT + 1 };
  }
  const name = `tijdig_demo_${Date.now()}`;
  const admin = new Client({ connectionString: config.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(config.DATABASE_URL);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

/**
 * `npm run demo`: one full renewal cycle on fresh demo data, headless, then exit. The last line
 * is a JSON summary. Needs a Camunda 8 engine (ZEEBE_REST_ADDRESS / ZEEBE_GRPC_ADDRESS).
 */
async function main(): Promise<number> {
  const base = loadConfig();
  if (!base.ZEEBE_GRPC_ADDRESS && !base.ZEEBE_REST_ADDRESS) {
    process.stderr.write(
      'npm run demo needs a Camunda 8 engine: set ZEEBE_REST_ADDRESS and ZEEBE_GRPC_ADDRESS (see README, "Process engine").\n',
    );
    return 2;
  }
  const config: Config = {
    ...base,
    ...(await freshDatabase(base)),
    LOAD_DEMO_DATA: true,
    PORT: 0,
    BRP_API_URL: base.BRP_API_URL.replace(/:\d+\//, ':0/'),
    CARD_PRODUCER_URL: base.CARD_PRODUCER_URL.replace(/:\d+\//, ':0/'),
    PRINT_BATCH_DIR: await mkdtemp(path.join(os.tmpdir(), 'tijdig-demo-print-')),
  };
  const logger = createLogger(base.LOG_LEVEL === 'info' ? 'warn' : base.LOG_LEVEL);
  const tijdig = await startTijdig(config, logger, { schedule: false });
  try {
    await runRenewalCycle(tijdig.cycle);
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (!(await renewalsSettled(tijdig.db))) {
      if (Date.now() > deadline)
        throw new Error('renewals did not settle within 5 minutes; see the engine (Operate) for incidents');
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
