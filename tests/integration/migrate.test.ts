import { cp, mkdtemp, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../src/db/migrate';
import { createEmptyDatabase } from '../support/database';

describe('migration runner', () => {
  it('when run twice (or by two processes at once), then every migration is applied exactly once', async () => {
    const database = await createEmptyDatabase();
    try {
      const all = (await readMigrations()).map((m) => m.name);
      const [first, second] = await Promise.all([migrate(database.url), migrate(database.url)]);
      expect([...first, ...second].sort()).toEqual(all.sort());
      expect(await migrate(database.url)).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it('when an applied migration was edited afterwards, then start-up refuses with a clear message', async () => {
    const database = await createEmptyDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-migrations-'));
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      await migrate(database.url, dir);
      const [first] = await readMigrations(dir);
      await appendFile(path.join(dir, first!.name, 'migration.sql'), '\n-- edited\n');
      await expect(migrate(database.url, dir)).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await database.drop();
    }
  });
});
