import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Config } from '../config';
import { freePort } from '../engine/local-engine';

/**
 * A database of its own for one headless run (`npm run demo`, `npm run cycle`), so it starts from
 * nothing and leaves the municipality's own database alone: a new database on the configured
 * server, or a new embedded server in a temporary folder.
 */
export async function freshDatabase(config: Config, purpose: string): Promise<Partial<Config>> {
  if (!config.DATABASE_URL) {
    const dir = await mkdtemp(path.join(os.tmpdir(), `tijdig-${purpose}-`));
    return { EMBEDDED_PG_DIR: path.join(dir, 'pg'), EMBEDDED_PG_PORT: await freePort() };
  }
  const name = `tijdig_${purpose}_${Date.now()}`;
  const admin = new Client({ connectionString: config.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(config.DATABASE_URL);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}
