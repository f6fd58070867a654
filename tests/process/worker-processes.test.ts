import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BPMN_DIR } from '../../src/engine/connect';
import { freePort, startLocalEngine, type LocalEngine } from '../../src/engine/local-engine';
import { connectOperaton } from '../../src/engine/operaton/engine';
import { createLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ENGINE_ENV, removeAllProcessInstances, testEngine, testEngineAccess } from '../support/engine';
import { createRenewalWorld } from '../support/renewal-world';
import { withDatabase } from '../support/server';
import { countSideEffects, NOTHING_LOST_OR_DUPLICATED } from '../support/side-effect-counts';
import { startRenewalBatch } from '../support/start-on-engine';
import { until } from '../support/until';
import { workerProcesses } from '../support/worker-process';

/**
 * The workers as separate processes (`npm run workers`), as a municipality runs them: killed in
 * the middle of a batch, and two of them on two engine nodes sharing one database. Whatever
 * happens, every renewal ends once, with one card order, one letter, one dispatch and one
 * contact moment, also as the card producer itself counts them.
 */
const now = new Date();
const logger = createLogger('silent');

describe('worker processes', () => {
  jest.setTimeout(300_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let batchDir: string;
  const workers = workerProcesses();

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    batchDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-workers-'));
    await testEngine().deploy(BPMN_DIR);
  });

  afterAll(async () => {
    await workers.killAll();
    await removeAllProcessInstances();
    await world?.stop();
    await database?.drop();
    await rm(batchDir, { recursive: true, force: true });
  });

  /** `npm run workers` against one engine node, as its own process. */
  const workerProcess = (restUrl: string) =>
    workers.start({
      databaseUrl: database.url,
      restUrl,
      credentials: testEngineAccess().credentials,
      brpUrl: world.ctx.config.BRP_API_URL,
      cardProducerUrl: world.ctx.config.CARD_PRODUCER_URL,
      batchDir,
    });

  const completedCount = (ids: number[]) => database.db.renewal.count({ where: { id: { in: ids }, status: 'COMPLETED' } });

  it('when the worker process is killed in the middle of a batch and started again, then no renewal is lost and no side effect is repeated', async () => {
    const first = workerProcess(testEngineAccess().restUrl);
    const ids = await startRenewalBatch(database.db, testEngine(), now, 30, 20);
    await until('some renewals to complete', async () => (await completedCount(ids)) >= 5, 120_000);
    await first.kill();
    expect(await completedCount(ids)).toBeLessThan(ids.length);
    workerProcess(testEngineAccess().restUrl);
    await until('every renewal to complete', async () => (await completedCount(ids)) === ids.length, 240_000);
    expect(await countSideEffects(database.db, ids)).toEqual(NOTHING_LOST_OR_DUPLICATED);
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
        databasePoolSize: 5,
        logFile: path.resolve('var', 'test-engine-node-2.log'),
        logger,
      });
      const nodeB = connectOperaton({ restUrl: second.restUrl, credentials, exceptionTaskKinds: [], logger });
      workerProcess(testEngineAccess().restUrl);
      workerProcess(second.restUrl);
      const ids = [
        ...(await startRenewalBatch(database.db, testEngine(), now, 20, 30)),
        ...(await startRenewalBatch(database.db, nodeB, now, 20, 50)),
      ];
      await until('every renewal to complete', async () => (await completedCount(ids)) === ids.length, 240_000);
      expect(await countSideEffects(database.db, ids)).toEqual(NOTHING_LOST_OR_DUPLICATED);
    } finally {
      await second?.stop();
    }
  });
});
