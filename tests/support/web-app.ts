import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import type { Db } from '../../src/db/client';
import { createLogger } from '../../src/logger';
import { createApp, webSecrets, type WebDeps } from '../../src/web/app';

export interface ServedApp {
  baseUrl: string;
  close(): Promise<void>;
}

/** The real web app on a free port, as integration, browser and process tests reach it. */
export async function serveApp(deps: WebDeps): Promise<ServedApp> {
  const server = createApp(deps).listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The web app's parts when no engine is connected: the default settings with the database's
 * address and `settings`, a silent logger, and the keys kept in that database.
 */
export async function depsWithoutEngine(
  database: { db: Db; url?: string },
  now: () => Date,
  settings: NodeJS.ProcessEnv = {},
): Promise<WebDeps> {
  return {
    db: database.db,
    config: loadConfig({ DATABASE_URL: database.url, ...settings }),
    logger: createLogger('silent'),
    engine: null,
    secrets: await webSecrets(database.db),
    now,
  };
}
