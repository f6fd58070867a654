import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/db/migrate';
import { createEmptyDatabase } from '../support/database';
import { schemaSnapshot } from '../support/schema-snapshot';

const root = path.resolve(__dirname, '..', '..');

/** The SQL Prisma itself derives from schema.prisma (its JS schema engine, no network). */
function sqlFromSchemaPrisma(): string {
  return execFileSync(
    path.join(root, 'node_modules', '.bin', 'prisma'),
    ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: 'prisma/schema.prisma' } },
  );
}

describe('database schema', () => {
  it('when all migrations are applied, then the database equals what schema.prisma describes', async () => {
    const migrated = await createEmptyDatabase();
    const expected = await createEmptyDatabase();
    try {
      await migrate(migrated.url);
      const client = new Client({ connectionString: expected.url });
      await client.connect();
      await client.query(sqlFromSchemaPrisma());
      await client.end();
      const [actual, wanted] = await Promise.all([schemaSnapshot(migrated.url), schemaSnapshot(expected.url)]);
      expect(wanted.length).toBeGreaterThan(50);
      expect(actual).toEqual(wanted);
    } finally {
      await Promise.all([migrated.drop(), expected.drop()]);
    }
  });
});
