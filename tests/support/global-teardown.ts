import { Client } from 'pg';
import type { RunningDatabase } from '../../src/db/embedded-postgres';
import type { LocalEngine } from '../../src/engine/local-engine';
import { TEMPLATE_DB_ENV, withDatabase } from './server';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { tijdigEngine?: LocalEngine }).tijdigEngine?.stop();
  const templateUrl = process.env[TEMPLATE_DB_ENV];
  if (templateUrl) {
    const template = new URL(templateUrl).pathname.slice(1);
    const admin = new Client({ connectionString: withDatabase(templateUrl, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`DROP DATABASE IF EXISTS tijdig_test_engine_${process.pid} WITH (FORCE)`);
    await admin.end();
  }
  await (globalThis as { tijdigEmbedded?: RunningDatabase }).tijdigEmbedded?.stop();
}
