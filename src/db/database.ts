import type { Config } from '../config';
import type { Logger } from '../logger';
import { startEmbeddedPostgres, type RunningDatabase } from './embedded-postgres';
import { migrate } from './migrate';

/** The configured PostgreSQL, or an embedded one when DATABASE_URL is unset; migrated either way. */
export async function startDatabase(config: Config, logger: Logger): Promise<RunningDatabase> {
  let running: RunningDatabase;
  if (config.DATABASE_URL) {
    running = { url: config.DATABASE_URL, stop: async () => undefined };
  } else {
    logger.info({ dir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL');
    running = await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT);
  }
  const applied = await migrate(running.url);
  logger.info({ applied }, 'database migrated');
  return running;
}
