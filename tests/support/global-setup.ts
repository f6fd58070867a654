import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrate';
import { EMBEDDED_TEST_DIR, EMBEDDED_TEST_PORT, TEMPLATE_DB_ENV, withDatabase } from './server';

/**
 * Tests run against a real PostgreSQL: the one in DATABASE_URL, or an embedded server.
 * One migrated template database is made per run; each test file clones it.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres(EMBEDDED_TEST_DIR, EMBEDDED_TEST_PORT);
    (globalThis as { tijdigEmbedded?: typeof embedded }).tijdigEmbedded = embedded;
    serverUrl = embedded.url;
  }
  const template = `tijdig_template_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = withDatabase(serverUrl, template);
  await migrate(templateUrl);
  process.env[TEMPLATE_DB_ENV] = templateUrl;
}
