import { loadConfig } from './config';
import { createLogger } from './logger';
import { startTijdig } from './runtime';

/** `npm start`: everything in one process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const tijdig = await startTijdig(config, logger, { schedule: true });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await tijdig.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Tijdig could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
