import { isLocalDemo, loadConfig, type Config } from './config';
import { createLogger } from './logger';
import { startTijdig, type Tijdig } from './runtime';

/** What a person starting Tijdig needs to know, in plain lines beside the JSON log. */
function startupSummary(config: Config, tijdig: Tijdig): string {
  const { webappUrl, restUrl } = tijdig.engineInfo;
  const lines = [
    '',
    'Tijdig is running.',
    `  Web app (residents and staff):  ${tijdig.webUrl}`,
    `  Staff pages:                    ${tijdig.webUrl}/medewerkers`,
  ];
  if (webappUrl) {
    const password = config.ENGINE_ADMIN_PASSWORD
      ? 'the configured ENGINE_ADMIN_PASSWORD'
      : isLocalDemo(config)
        ? '"demo" (local demo mode)'
        : '';
    lines.push(
      `  Operaton Tasklist:              ${webappUrl}tasklist/default/`,
      `  Operaton Cockpit:               ${webappUrl}cockpit/default/`,
      `    sign in as "${config.ENGINE_ADMIN_USER}" with ${password}`,
    );
  } else {
    lines.push(`  Process engine (existing):      ${restUrl}`);
  }
  lines.push(
    `  Database:                       ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.EMBEDDED_PG_DIR}`}`,
    `  Register stubs:                 ${config.START_STUBS ? 'running (local mode)' : 'off: real registers configured'}`,
    `  Workers:                        ${config.RUN_WORKERS ? 'running' : 'off (RUN_WORKERS=false)'}`,
    '  First staff account:            npm run staff:create -- --email you@example.nl --name "Your Name" --role administrator',
    '  Stop with Ctrl-C.',
    '',
  );
  return lines.join('\n');
}

/** `npm start`: everything in one process until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const tijdig = await startTijdig(config, logger, { schedule: true });
  process.stderr.write(`${startupSummary(config, tijdig)}\n`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await tijdig.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Tijdig could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
