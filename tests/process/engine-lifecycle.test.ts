import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/engine/local-engine';
import { createEmptyDatabase } from '../support/database';
import { TEMPLATE_DB_ENV, withDatabase } from '../support/server';
import { until } from '../support/until';

/**
 * `npm start` with the engine it builds and starts itself: however Tijdig ends (Ctrl-C, or
 * killed outright), no Java process is left behind holding the port and the database.
 */
const ROOT = path.resolve(__dirname, '..', '..');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start and its engine', () => {
  jest.setTimeout(300_000);
  const databases: { url: string; drop(): Promise<void> }[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-lifecycle-'));
  });

  afterAll(async () => {
    const admin = new Client({ connectionString: withDatabase(process.env[TEMPLATE_DB_ENV]!, 'postgres') });
    await admin.connect();
    for (const database of databases) {
      await admin.query(`DROP DATABASE IF EXISTS "${new URL(database.url).pathname.slice(1)}_engine" WITH (FORCE)`);
      await database.drop();
    }
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  });

  /** `npm start` (src/main.ts) on a database of its own; resolves once it runs, with the engine's pid. */
  async function startTijdig(
    database: 'server' | 'embedded' | { url: string },
  ): Promise<{ tijdig: ChildProcess; enginePid: number; exited: Promise<number | null>; url?: string }> {
    let where: Record<string, string>;
    if (typeof database === 'object') {
      where = { DATABASE_URL: database.url };
    } else if (database === 'server') {
      const created = await createEmptyDatabase();
      databases.push(created);
      where = { DATABASE_URL: created.url };
    } else {
      where = { EMBEDDED_PG_DIR: path.join(dir, `pg-${Date.now()}`), EMBEDDED_PG_PORT: String(await freePort()) };
    }
    const tijdig = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...where,
        PORT: '0',
        ENGINE_PORT: String(await freePort()),
        ENGINE_ADMIN_PASSWORD: 'lifecycle-test-password',
        ENGINE_LOG_FILE: path.join(dir, `engine-${Date.now()}.log`),
        LOAD_DEMO_DATA: 'false',
        BRP_API_URL: 'http://127.0.0.1:0/haalcentraal/api/brp',
        CARD_PRODUCER_URL: 'http://127.0.0.1:0/api/v1',
        INLICHTINGENBUREAU_URL: 'http://127.0.0.1:0/inlichtingenbureau/api',
        PRINT_BATCH_DIR: dir,
        LOG_LEVEL: 'info',
      },
    });
    const exited = new Promise<number | null>((resolve) => tijdig.once('exit', (code) => resolve(code)));
    let output = '';
    let enginePid = 0;
    let running = false;
    tijdig.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const started = /"pid":(\d+)[^\n]*"msg":"process engine started"/.exec(output);
      if (started) enginePid = Number(started[1]);
    });
    tijdig.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Tijdig is running.')) running = true;
    });
    await until(
      'npm start to be running',
      async () => {
        if (tijdig.exitCode !== null) throw new Error(`npm start ended early:\n${output.slice(-3000)}`);
        return running && enginePid > 0;
      },
      240_000,
    );
    return { tijdig, enginePid, exited, url: where.DATABASE_URL };
  }

  it.each(['server', 'embedded'] as const)(
    'when Tijdig on the %s database is stopped with Ctrl-C (SIGINT), then it exits cleanly and its engine has stopped',
    async (database) => {
      const { tijdig, enginePid, exited } = await startTijdig(database);
      expect(alive(enginePid)).toBe(true);
      tijdig.kill('SIGINT');
      expect(await exited).toBe(0);
      await until('the engine process to end', async () => !alive(enginePid), 60_000);
    },
  );

  it('when Tijdig is killed outright (SIGKILL), then the engine it started ends by itself', async () => {
    const { tijdig, enginePid, exited } = await startTijdig('server');
    tijdig.kill('SIGKILL');
    await exited;
    await until('the engine process to end', async () => !alive(enginePid), 60_000);
  });

  it('when Tijdig starts again on the same database, then its engine starts again with the account it already has', async () => {
    const first = await startTijdig('server');
    first.tijdig.kill('SIGINT');
    expect(await first.exited).toBe(0);
    const again = await startTijdig({ url: first.url! });
    again.tijdig.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });
});
