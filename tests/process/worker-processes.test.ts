import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BPMN_DIR } from '../../src/engine/connect';
import { freePort, startLocalEngine, type LocalEngine } from '../../src/engine/local-engine';
import { connectOperaton } from '../../src/engine/operaton/engine';
import type { ProcessEngine } from '../../src/engine/port';
import { createLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ENGINE_ENV, removeAllProcessInstances, testEngine, testEngineAccess } from '../support/engine';
import { createRenewalWorld, importHolder, MUNICIPALITY } from '../support/renewal-world';
import { withDatabase } from '../support/server';
import { scanAndStartOnEngine } from '../support/start-on-engine';
import { until } from '../support/until';

/**
 * The workers as separate processes (`npm run workers`), as a municipality runs them: killed in
 * the middle of a batch, and two of them on two engine nodes sharing one database. Whatever
 * happens, every renewal ends once, with one card order, one letter, one dispatch and one
 * contact moment, also as the card producer itself counts them.
 */
const now = new Date();
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const logger = createLogger('silent');
const ROOT = path.resolve(__dirname, '..', '..');

describe('worker processes', () => {
  jest.setTimeout(300_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let batchDir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    batchDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-workers-'));
    await testEngine().deploy(BPMN_DIR);
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await removeAllProcessInstances();
    await world?.stop();
    await database?.drop();
    await rm(batchDir, { recursive: true, force: true });
  });

  /** `npm run workers` against one engine node, as its own process. */
  function workerProcess(restUrl: string): ChildProcess {
    const { credentials } = testEngineAccess();
    if (credentials.kind !== 'basic') throw new Error('the test engine uses HTTP basic');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/workers.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: database.url,
        ENGINE_REST_URL: restUrl,
        ENGINE_USER: credentials.user,
        ENGINE_PASSWORD: credentials.password,
        BRP_API_URL: world.ctx.config.BRP_API_URL,
        CARD_PRODUCER_URL: world.ctx.config.CARD_PRODUCER_URL,
        START_STUBS: 'false',
        LOAD_DEMO_DATA: 'false',
        MUNICIPALITY_CODE: MUNICIPALITY.code,
        MUNICIPALITY_NAME: `Gemeente ${MUNICIPALITY.name}`,
        PRINT_BATCH_DIR: batchDir,
        LOG_LEVEL: 'warn',
        WORKER_LONG_POLL_MS: '2000',
        WORKER_MAX_CONCURRENCY: '8',
      },
    });
    children.push(child);
    return child;
  }

  async function startBatch(engine: ProcessEngine, count: number, firstDay: number): Promise<number[]> {
    const holders = [];
    for (let i = 0; i < count; i++) holders.push(await importHolder(database.db, { expiresOn: inDays(firstDay + (i % 20)) }));
    await scanAndStartOnEngine(database.db, engine, now);
    const renewals = await database.db.renewal.findMany({
      where: { permit: { number: { in: holders.map((h) => h.permitNumber) } } },
      select: { id: true },
    });
    return renewals.map((r) => r.id);
  }

  const completedCount = (ids: number[]) => database.db.renewal.count({ where: { id: { in: ids }, status: 'COMPLETED' } });

  /** Lost renewals and duplicated side effects of a batch: all must be 0. */
  async function sideEffectCounts(ids: number[]) {
    const perRenewal = await Promise.all(
      ids.map(async (renewalId) => {
        const [cards, letters, dispatches, contacts, produced] = await Promise.all([
          database.db.cardOrder.count({ where: { renewalId } }),
          database.db.letter.count({ where: { renewalId } }),
          database.db.dispatch.count({ where: { letter: { renewalId } } }),
          database.db.contactMoment.count({ where: { renewalId, subject: 'gpk/renewed' } }),
          database.db.stubCardOrder.count({ where: { reference: { startsWith: `renewal-${renewalId}:` } } }),
        ]);
        return { cards, letters, dispatches, contacts, produced };
      }),
    );
    const notOne = (key: keyof (typeof perRenewal)[number]) => perRenewal.filter((r) => r[key] !== 1).length;
    return {
      lost: ids.length - (await completedCount(ids)),
      cardOrders: notOne('cards'),
      cardsProduced: notOne('produced'),
      letters: notOne('letters'),
      dispatches: notOne('dispatches'),
      contactMoments: notOne('contacts'),
    };
  }

  const allZero = { lost: 0, cardOrders: 0, cardsProduced: 0, letters: 0, dispatches: 0, contactMoments: 0 };

  it('when the worker process is killed in the middle of a batch and started again, then no renewal is lost and no side effect is repeated', async () => {
    const engine = testEngine();
    const first = workerProcess(testEngineAccess().restUrl);
    const ids = await startBatch(engine, 30, 20);
    await until('some renewals to complete', async () => (await completedCount(ids)) >= 5, 120_000);
    first.kill('SIGKILL');
    expect(await completedCount(ids)).toBeLessThan(ids.length);
    workerProcess(testEngineAccess().restUrl);
    await until('every renewal to complete', async () => (await completedCount(ids)) === ids.length, 240_000);
    expect(await sideEffectCounts(ids)).toEqual(allZero);
  });

  it('when two engine nodes share one database and a worker process runs on each, then a batch completes with every side effect exactly once', async () => {
    const { credentials } = testEngineAccess();
    if (credentials.kind !== 'basic') throw new Error('the test engine uses HTTP basic');
    const serverUrl = withDatabase(process.env.TIJDIG_TEST_TEMPLATE_URL!, 'postgres');
    let second: LocalEngine | null = null;
    try {
      second = await startLocalEngine({
        databaseUrl: serverUrl,
        engineDatabase: process.env[ENGINE_ENV.database]!,
        port: await freePort(),
        adminUser: process.env[ENGINE_ENV.adminUser]!,
        adminPassword: process.env[ENGINE_ENV.adminPassword]!,
        servicePassword: credentials.password,
        logFile: path.resolve('var', 'test-engine-node-2.log'),
        logger,
      });
      const nodeB = connectOperaton({ restUrl: second.restUrl, credentials, exceptionTaskKinds: [], logger });
      workerProcess(testEngineAccess().restUrl);
      workerProcess(second.restUrl);
      const ids = [...(await startBatch(testEngine(), 20, 30)), ...(await startBatch(nodeB, 20, 50))];
      await until('every renewal to complete', async () => (await completedCount(ids)) === ids.length, 240_000);
      expect(await sideEffectCounts(ids)).toEqual(allZero);
    } finally {
      await second?.stop();
    }
  });
});
