import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { startDatabase } from '../db/database';
import { createLogger } from '../logger';

/**
 * `npm run letters:export -- <renewalId> [dir]`: writes every letter stored for one renewal as
 * PDF (named by reference) into dir (default var/letters/<renewalId>), oldest first.
 */
async function main([renewalArg, dirArg]: string[]): Promise<number> {
  const renewalId = Number(renewalArg);
  if (!Number.isInteger(renewalId) || renewalId <= 0) {
    console.error('Usage: npm run letters:export -- <renewalId> [dir]');
    return 2;
  }
  const config = loadConfig();
  const database = await startDatabase(config, createLogger('warn'));
  const db = createDb(database.url);
  try {
    const letters = await db.letter.findMany({ where: { renewalId }, orderBy: { createdAt: 'asc' } });
    if (letters.length === 0) {
      console.error(`No letters are stored for renewal ${renewalId}.`);
      return 1;
    }
    const dir = path.resolve(dirArg ?? path.join('var', 'letters', String(renewalId)));
    await mkdir(dir, { recursive: true });
    for (const letter of letters) {
      const file = path.join(dir, `${letter.reference}.pdf`);
      await writeFile(file, letter.pdf);
      console.log(
        `${path.relative(process.cwd(), file)}  ${letter.template} (${letter.locale}), ${letter.createdAt.toISOString()}`,
      );
    }
    return 0;
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
