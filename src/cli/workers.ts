import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { startDatabase } from '../db/database';
import { createPrintStreetChannel } from '../dispatch/print-street';
import { connectEngine } from '../engine/connect';
import { EXCEPTION_TASK_KINDS } from '../exceptions/inbox';
import { createLogger } from '../logger';
import { createRenewalContext } from '../renewals/context';
import { startWorkers } from '../../workers';

/**
 * `npm run workers`: only the external-task workers, for scaling out beside `npm start` (which
 * runs the web app, the scans and its own workers). Needs the engine the others use
 * (ENGINE_REST_URL with its account) and their database; the registers are those configured.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.ENGINE_REST_URL) {
    process.stderr.write(
      'npm run workers needs the engine the other Tijdig processes use: set ENGINE_REST_URL and ENGINE_USER/ENGINE_PASSWORD (or ENGINE_TOKEN).\n',
    );
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const database = await startDatabase(config, logger);
  const db = createDb(database.url);
  const post = createPrintStreetChannel({ db, batchDir: config.PRINT_BATCH_DIR, logger });
  const now = () => new Date();
  const connection = await connectEngine(config, database.url, logger, { now, exceptionTaskKinds: EXCEPTION_TASK_KINDS });
  const ctx = createRenewalContext({ db, config, logger, post, processes: connection.engine, now });
  const workers = startWorkers(connection.engine, ctx, logger, {
    maxConcurrency: config.WORKER_MAX_CONCURRENCY,
    lockDurationMs: config.WORKER_LOCK_DURATION_MS,
    longPollMs: config.WORKER_LONG_POLL_MS,
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the workers; tasks in hand finish first');
    await workers.stop();
    await db.$disconnect();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`The workers could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
