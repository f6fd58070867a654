import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFile, chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * The embedded PostgreSQL that `npm start` and the CLIs use when DATABASE_URL is unset, started
 * for real in child processes (see tests/support/start-database-child.ts). Ports stay clear of the
 * default (54329), the demo's (54330) and the test run's own embedded server (54339).
 */
const root = path.resolve(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const isRoot = process.getuid?.() === 0;
const PORTS = { fresh: 54351, badConfig: 54352, portTaken: 54353, notEmpty: 54354, blocked: 54355, demo: 54356 };

jest.setTimeout(180_000);

interface Started {
  url?: string;
  reused?: boolean;
  error?: string;
}

interface DatabaseChild {
  started: Started;
  /** Ends the child's standard input: it stops what it started and exits; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];
let base: string;

function environment(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMBEDDED_PG_DIR: dataDir,
    EMBEDDED_PG_PORT: String(port),
    LOG_LEVEL: 'silent',
  };
  delete env.DATABASE_URL;
  return env;
}

function startDatabaseChild(dataDir: string, port: number): Promise<DatabaseChild> {
  const child = spawn(tsx, [path.join(root, 'tests', 'support', 'start-database-child.ts')], {
    cwd: root,
    env: environment(dataDir, port),
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line && stdout.includes('\n')) {
        resolve({
          started: JSON.parse(line) as Started,
          stop: () => {
            child.stdin.end();
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`the child exited (${code}) before it said anything: ${stderr}`)));
  });
}

function runStaffCreate(
  dataDir: string,
  port: number,
  email: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      tsx,
      ['src/cli/create-staff-account.ts', '--email', email, '--name', 'Bea Beheer', '--role', 'administrator'],
      {
        cwd: root,
        env: environment(dataDir, port),
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end('Groene thee om 10 uur!\n');
  });
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A directory the postgres OS user may enter, as the data directory's surroundings must be when we are root. */
async function freshBase(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-embedded-test-'));
  await chmod(dir, 0o755);
  return dir;
}

beforeAll(async () => {
  base = await freshBase();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.stdin.end();
  await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.on('close', r)) : null)));
  await rm(base, { recursive: true, force: true });
});

describe('the embedded PostgreSQL (DATABASE_URL unset)', () => {
  it('when the data directory is new, then it is initialised and serves a migrated database; a second start on it (staff:create beside npm start) uses the running server', async () => {
    const dataDir = path.join(base, 'fresh', 'nested', 'pg');
    const first = await startDatabaseChild(dataDir, PORTS.fresh);
    const url = `postgresql://postgres:postgres@127.0.0.1:${PORTS.fresh}/postgres`;
    expect(first.started).toEqual({ url, reused: false });
    const [startedAt] = await query<{ started: string }>(url, 'SELECT pg_postmaster_start_time()::text AS started');
    expect(await query(url, 'SELECT count(*)::int AS n FROM resident')).toEqual([{ n: 0 }]);

    const dirStats = await stat(dataDir);
    expect(dirStats.mode & 0o777).toBe(0o700);
    if (isRoot) expect(dirStats.uid).not.toBe(0); // the postgres OS user's

    const second = await startDatabaseChild(dataDir, PORTS.fresh);
    expect(second.started).toEqual({ url, reused: true });
    expect(await query(url, 'SELECT pg_postmaster_start_time()::text AS started')).toEqual([startedAt]); // the same server
    expect(await second.stop()).toBe(0);
    expect(await query(url, 'SELECT 1 AS up')).toEqual([{ up: 1 }]); // the reusing process left it running

    const created = await runStaffCreate(dataDir, PORTS.fresh, 'bea@voorbeeldstad.nl');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain('Created the administrator account of Bea Beheer');
    expect(await query(url, 'SELECT email FROM staff_account')).toEqual([{ email: 'bea@voorbeeldstad.nl' }]);

    expect(await first.stop()).toBe(0);
    await expect(query(url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('when the data directory holds other files, then staff:create prints initdb\'s own words, not "undefined"', async () => {
    const dataDir = path.join(base, 'not-empty', 'pg');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'notes.txt'), 'not a database\n');

    const result = await runStaffCreate(dataDir, PORTS.notEmpty, 'bea@voorbeeldstad.nl');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`initdb could not create the PostgreSQL data directory ${dataDir}`);
    expect(result.stderr).toContain(`initdb: error: directory "${dataDir}" exists but is not empty`);
    expect(result.stderr).not.toMatch(/^undefined$/m);
  });

  it("when the server cannot start, then the error carries the server's own log", async () => {
    const dataDir = path.join(base, 'bad-config', 'pg');
    const initialised = await startDatabaseChild(dataDir, PORTS.badConfig);
    expect(initialised.started.reused).toBe(false);
    expect(await initialised.stop()).toBe(0);
    await appendFile(path.join(dataDir, 'postgresql.conf'), "\nshared_buffers = 'plenty'\n");

    const { started } = await startDatabaseChild(dataDir, PORTS.badConfig);

    expect(started.error).toContain(`PostgreSQL did not start (data directory ${dataDir}, port ${PORTS.badConfig})`);
    expect(started.error).toContain('invalid value for parameter "shared_buffers": "plenty"');
  });

  it('when another program holds the port, then the error says so and names EMBEDDED_PG_PORT', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(PORTS.portTaken, '127.0.0.1', resolve));
    try {
      const { started } = await startDatabaseChild(path.join(base, 'port-taken', 'pg'), PORTS.portTaken);
      expect(started.error).toContain(`Port ${PORTS.portTaken} is taken by another program`);
      expect(started.error).toContain('EMBEDDED_PG_PORT');
      expect(started.error).toContain('Address already in use');
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('when the data directory is in a fresh temporary folder (mode 700, as npm run demo makes), then it starts; as root the folder gains search permission only', async () => {
    const temporary = await mkdtemp(path.join(os.tmpdir(), 'tijdig-embedded-demo-test-'));
    try {
      const database = await startDatabaseChild(path.join(temporary, 'pg'), PORTS.demo);
      expect(database.started).toEqual({
        url: `postgresql://postgres:postgres@127.0.0.1:${PORTS.demo}/postgres`,
        reused: false,
      });
      expect(await database.stop()).toBe(0);
      // As root the server runs as the postgres user, which needs to pass through; anyone else runs it themselves.
      expect((await stat(temporary)).mode & 0o777).toBe(isRoot ? 0o701 : 0o700);
    } finally {
      await rm(temporary, { recursive: true, force: true });
    }
  });

  // Tijdig's machines and CI run as root, the case in which the server runs as another OS user.
  it('when run as root with the data directory under a folder the postgres user cannot enter, then the error names that folder and the fix', async () => {
    expect(isRoot).toBe(true);
    const closed = await mkdtemp(path.join(base, 'closed-')); // mode 700, owned by root, like /root
    await chmod(closed, 0o700);
    const dataDir = path.join(closed, 'cache', 'tijdig', 'postgres');

    const { started } = await startDatabaseChild(dataDir, PORTS.blocked);

    expect(started.error).toContain(`cannot enter ${closed} (mode 700, owner uid 0)`);
    expect(started.error).toContain(`chmod o+x ${closed}`);
    expect(started.error).toContain('EMBEDDED_PG_DIR');
  });
});
