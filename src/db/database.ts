import type { Config } from '../config';
import type { Logger } from '../logger';
import { startEmbeddedPostgres, type RunningDatabase } from './embedded-postgres';
import { migrate } from './migrate';

/**
 * The configured PostgreSQL, or the embedded one when DATABASE_URL is unset: the server already
 * running on EMBEDDED_PG_DIR (e.g. `npm start`'s, when `npm run import` runs beside it) or a new
 * one. Migrated either way.
 */
export async function startDatabase(config: Config, logger: Logger): Promise<RunningDatabase> {
  let running: RunningDatabase;
  if (config.DATABASE_URL) {
    running = { url: config.DATABASE_URL, stop: async () => undefined };
  } else {
    const dir = config.EMBEDDED_PG_DIR;
    logger.info({ dir, port: config.EMBEDDED_PG_PORT }, 'opening the embedded PostgreSQL (DATABASE_URL is unset)');
    running = await startEmbeddedPostgres(dir, config.EMBEDDED_PG_PORT);
    const port = Number(new URL(running.url).port);
    if (running.reused) logger.info({ dir, port }, 'using the embedded PostgreSQL already running on this data directory');
    else logger.info({ dir, port }, 'embedded PostgreSQL started');
  }
  const applied = await migrate(running.url);
  logger.info({ applied }, 'database migrated');
  return running;
}
