import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDb, type Db } from '../../src/db/client';
import { TEMPLATE_DB_ENV, withDatabase } from './server';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

async function admin<T>(templateUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(templateUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of its own for one test file (a clone of the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const templateUrl = process.env[TEMPLATE_DB_ENV];
  if (!templateUrl) throw new Error('The jest global setup did not prepare a template database.');
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `tijdig_t_${randomBytes(6).toString('hex')}`;
  await admin(templateUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = withDatabase(templateUrl, name);
  const db = createDb(url);
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      await admin(templateUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** An empty database (no migrations applied), for tests of the migration runner itself. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const templateUrl = process.env[TEMPLATE_DB_ENV];
  if (!templateUrl) throw new Error('The jest global setup did not prepare a template database.');
  const name = `tijdig_e_${randomBytes(6).toString('hex')}`;
  await admin(templateUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(templateUrl, name),
    drop: () => admin(templateUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
