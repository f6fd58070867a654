import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrate';
import { freePort, startLocalEngine, type LocalEngine } from '../../src/engine/local-engine';
import { createLogger } from '../../src/logger';
import { ENGINE_ENV } from './engine';
import { EMBEDDED_TEST_DIR, EMBEDDED_TEST_PORT, TEMPLATE_DB_ENV, withDatabase } from './server';

/**
 * Tests run against a real PostgreSQL (the one in DATABASE_URL, or an embedded server) and one
 * real Operaton engine for the whole run, built and started here as `npm start` would. One
 * migrated template database is made per run; each test file clones it.
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

  const adminPassword = randomBytes(12).toString('base64url');
  const engineDatabase = `tijdig_test_engine_${process.pid}`;
  const engine = await startLocalEngine({
    databaseUrl: serverUrl,
    engineDatabase,
    port: await freePort(),
    adminUser: 'admin',
    adminPassword,
    logFile: path.resolve('var', 'test-engine.log'),
    // PostgreSQL's 100 connections are shared with the test databases and the engines some tests
    // start themselves; the engine's default of 20 held open is more than the tests need.
    databasePoolSize: 10,
    logger: createLogger('warn'),
  });
  (globalThis as { tijdigEngine?: LocalEngine }).tijdigEngine = engine;
  if (engine.credentials.kind !== 'basic') throw new Error('the local engine uses HTTP basic');
  process.env[ENGINE_ENV.restUrl] = engine.restUrl;
  process.env[ENGINE_ENV.user] = engine.credentials.user;
  process.env[ENGINE_ENV.password] = engine.credentials.password;
  process.env[ENGINE_ENV.adminUser] = 'admin';
  process.env[ENGINE_ENV.adminPassword] = adminPassword;
  process.env[ENGINE_ENV.database] = engineDatabase;
}
