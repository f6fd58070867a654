import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { createDb, type Db } from '../../src/db/client';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrate';
import { BPMN_DIR } from '../../src/engine/connect';
import { EXCEPTION_TASK_KINDS } from '../../src/exceptions/inbox';
import { freePort, startLocalEngine, type LocalEngine } from '../../src/engine/local-engine';
import { connectOperaton } from '../../src/engine/operaton/engine';
import type { ProcessEngine } from '../../src/engine/port';
import { importFile } from '../../src/import/import';
import { createLogger, type Logger } from '../../src/logger';
import { startRegisterStubs, type RegisterStubs } from '../../src/registers/stubs';
import { scanService } from '../../src/services/scan';
import { catalogueFile, loadCatalogue } from '../../src/service-catalogue';
import { nextBsn } from '../support/bsn-factory';

const ROOT = path.resolve(__dirname, '..', '..');
export const BENCH_DIR = path.join(ROOT, 'var', 'bench');
const MUNICIPALITY = { code: '0999', name: 'Voorbeeldstad' };
const WORKERS_READY = 'external-task workers started';

export interface EngineNode {
  local: LocalEngine;
  engine: ProcessEngine;
}

export interface WorkerProcess {
  pid: number;
  stop(): Promise<void>;
}

/**
 * What the engine parts of the bench share: Tijdig's database on the machine's PostgreSQL
 * (DATABASE_URL) or an embedded one, a fresh database for this run, a real Operaton node started
 * as `npm start` would, the register stubs over HTTP, and `npm run workers` processes.
 */
export interface BenchEnvironment {
  config: Config;
  db: Db;
  databaseUrl: string;
  nodes: EngineNode[];
  stubs: RegisterStubs;
  logger: Logger;
  /** A second engine node on the same engine database. */
  addEngineNode(): Promise<EngineNode>;
  /** Imports `count` GPK holders due for renewal and records their renewals (PENDING_START); returns their ids. */
  dueRenewals(count: number): Promise<number[]>;
  /** Connections the PostgreSQL server still accepts (max_connections less those open, less its reserved ones). */
  freeDatabaseConnections(): Promise<number>;
  /** PostgreSQL's backend processes serving this run's two databases (Tijdig's and the engine's). */
  databaseBackends(): Promise<number[]>;
  /** `npm run workers` against one engine node; resolves when its workers are subscribed. */
  startWorkerProcess(node: EngineNode): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

const withDatabase = (serverUrl: string, name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const base = loadConfig();
  // The table goes to stdout; the run's warnings (a start that failed, a register that answered 500) to stderr.
  const logger = createLogger('warn', pino.destination(2));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err: unknown) => logger.error({ err }, 'bench clean-up failed'));
  };
  try {
    await mkdir(BENCH_DIR, { recursive: true });
    let serverUrl = base.DATABASE_URL;
    if (!serverUrl) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-bench-'));
      const embedded = await startEmbeddedPostgres(path.join(dir, 'pg'), await freePort());
      stops.push(async () => {
        await embedded.stop();
        await rm(dir, { recursive: true, force: true });
      });
      serverUrl = embedded.url;
    }
    const name = `tijdig_bench_${Date.now()}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    stops.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${name}_engine WITH (FORCE)`);
      await admin.end();
    });
    const databaseUrl = withDatabase(serverUrl, name);
    await migrate(databaseUrl);
    const db = createDb(databaseUrl);
    stops.push(() => db.$disconnect());

    const stubs = await startRegisterStubs({
      db,
      config: {
        ...base,
        BRP_API_URL: 'http://127.0.0.1:0/haalcentraal/api/brp',
        CARD_PRODUCER_URL: 'http://127.0.0.1:0/api/v1',
        INLICHTINGENBUREAU_URL: 'http://127.0.0.1:0/inlichtingenbureau/api',
      },
      logger,
    });
    stops.push(stubs.stop);
    const config: Config = {
      ...base,
      DATABASE_URL: databaseUrl,
      BRP_API_URL: stubs.brpUrl,
      CARD_PRODUCER_URL: stubs.cardProducerUrl,
      INLICHTINGENBUREAU_URL: stubs.inlichtingenbureauUrl,
      MUNICIPALITY_CODE: MUNICIPALITY.code,
      MUNICIPALITY_NAME: `Gemeente ${MUNICIPALITY.name}`,
    };

    const adminPassword = randomBytes(18).toString('base64url');
    const nodes: EngineNode[] = [];
    const startNode = async (): Promise<EngineNode> => {
      const first = nodes[0]?.local;
      const local = await startLocalEngine({
        databaseUrl,
        engineDatabase: `${name}_engine`,
        port: await freePort(),
        adminUser: 'admin',
        adminPassword,
        servicePassword: first?.credentials.kind === 'basic' ? first.credentials.password : undefined,
        logFile: path.join(BENCH_DIR, `engine-node-${nodes.length + 1}.log`),
        logger,
      });
      stops.push(local.stop);
      const engine = connectOperaton({
        restUrl: local.restUrl,
        credentials: local.credentials,
        exceptionTaskKinds: EXCEPTION_TASK_KINDS,
        logger,
      });
      const node = { local, engine };
      nodes.push(node);
      return node;
    };
    const first = await startNode();
    await first.engine.deploy(BPMN_DIR);

    const printDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-bench-print-'));
    stops.push(() => rm(printDir, { recursive: true, force: true }));
    const workerLogs = createWriteStream(path.join(BENCH_DIR, 'workers.log'), { flags: 'w' });
    stops.push(async () => void workerLogs.end());
    const children = new Set<ChildProcess>();
    stops.push(async () => {
      for (const child of children) child.kill('SIGKILL');
    });

    const gpkTrigger = loadCatalogue(catalogueFile(config)).entry('gpk').trigger;
    if (gpkTrigger.kind !== 'expiry') throw new Error('the bench needs the GPK renewed on expiry');
    const { leadTimeDays } = gpkTrigger;
    let holderSerial = 0;
    const today = new Date();

    return {
      config,
      db,
      databaseUrl,
      nodes,
      stubs,
      logger,
      addEngineNode: startNode,

      async databaseBackends() {
        const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)', [
          [name, `${name}_engine`],
        ]);
        return rows.map((r) => r.pid);
      },

      async freeDatabaseConnections() {
        const { rows } = await admin.query<{ free: number }>(
          `SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                  - (SELECT count(*) FROM pg_stat_activity)::int AS free`,
        );
        return rows[0]!.free;
      },

      async dueRenewals(count) {
        const residents = [];
        const numbers: string[] = [];
        for (let i = 0; i < count; i++) {
          holderSerial += 1;
          const bsn = nextBsn();
          // Due within the scan's lead time, spread over a month as a real backlog is.
          const expiresOn = new Date(today.getTime() + (20 + (holderSerial % 30)) * 86_400_000).toISOString().slice(0, 10);
          const validFrom = `${Number(expiresOn.slice(0, 4)) - 5}${expiresOn.slice(4)}`;
          const number = `GPK-B-${holderSerial}`;
          numbers.push(number);
          residents.push({
            bsn,
            givenNames: 'Anna',
            surname: `Bench${holderSerial}`,
            birthDate: '1950-04-01',
            locale: 'nl',
            address: {
              street: 'Dorpsstraat',
              houseNumber: holderSerial,
              postalCode: '9999 AA',
              city: MUNICIPALITY.name,
              municipalityCode: MUNICIPALITY.code,
              validFrom: '2000-01-01',
            },
            permits: [{ number, kind: 'B', validFrom, expiresOn, indication: { kind: 'PERMANENT', assessedOn: validFrom } }],
            register: { status: 'registered' },
          });
        }
        await importFile(db, { formatVersion: 1, residents }, { municipalityName: MUNICIPALITY.name });
        await scanService(
          db,
          {
            service: 'gpk',
            trigger: { kind: 'expiry', leadTimeDays, validityYears: 5 },
            pageSize: config.SCAN_PAGE_SIZE,
            now: today,
            force: true,
          },
          logger,
        );
        const renewals = await db.renewal.findMany({
          where: { permit: { number: { in: numbers } }, status: 'PENDING_START' },
          select: { id: true },
        });
        if (renewals.length !== count) throw new Error(`the scan recorded ${renewals.length} of ${count} bench renewals`);
        return renewals.map((r) => r.id);
      },

      async startWorkerProcess(node) {
        const credentials = node.local.credentials;
        if (credentials.kind !== 'basic') throw new Error('the local engine uses HTTP basic');
        // The worker settings (WORKER_*) pass through, so a run can try other values; the log stays
        // at info, as in production, and says when the workers are subscribed.
        const passThrough = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('WORKER_')));
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/workers.ts'], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            DATABASE_URL: databaseUrl,
            ENGINE_REST_URL: node.local.restUrl,
            ENGINE_USER: credentials.user,
            ENGINE_PASSWORD: credentials.password,
            BRP_API_URL: config.BRP_API_URL,
            BRP_API_KEY: config.BRP_API_KEY,
            CARD_PRODUCER_URL: config.CARD_PRODUCER_URL,
            START_STUBS: 'false',
            LOAD_DEMO_DATA: 'false',
            MUNICIPALITY_CODE: config.MUNICIPALITY_CODE,
            MUNICIPALITY_NAME: config.MUNICIPALITY_NAME,
            PRINT_BATCH_DIR: printDir,
            LOG_LEVEL: 'info',
            ...passThrough,
          },
        });
        children.add(child);
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        await new Promise<void>((resolve, reject) => {
          let tail = '';
          const timer = setTimeout(() => reject(new Error(`a worker process did not start within 120 s:\n${tail}`)), 120_000);
          const keep = (chunk: Buffer) => {
            workerLogs.write(chunk);
            tail = (tail + chunk.toString()).slice(-3000);
            if (tail.includes(WORKERS_READY)) {
              clearTimeout(timer);
              resolve();
            }
          };
          child.stdout!.on('data', keep);
          child.stderr!.on('data', keep);
          void exited.then(() => {
            clearTimeout(timer);
            reject(new Error(`a worker process ended during start-up:\n${tail}`));
          });
        });
        return {
          pid: child.pid!,
          async stop() {
            child.kill('SIGTERM');
            await exited;
            children.delete(child);
          },
        };
      },

      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
