import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BPMN_DIR } from '../../src/engine/connect';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { removeAllProcessInstances, testEngine, testEngineAccess } from '../support/engine';
import { createRenewalWorld } from '../support/renewal-world';
import { seededRandom } from '../support/seeded-random';
import { countSideEffects, NOTHING_LOST_OR_DUPLICATED, printSummary, stepsDone } from '../support/side-effect-counts';
import { startRenewalBatch, untilBatchCompletes } from '../support/start-on-engine';
import { until } from '../support/until';
import { workerProcesses } from '../support/worker-process';

/**
 * The worker process killed outright (SIGKILL: no stop handler runs) again and again in the
 * middle of a batch, at moments drawn from a printed seed, and started again each time. The
 * tasks it held come back when their lock runs out; every step is keyed, so nothing happens twice.
 */
const now = new Date();
const RENEWALS = 100;
const KILLS = 3;
/** Short, so tasks held by a killed process come back within seconds instead of a minute. */
const LOCK_MS = 10_000;

describe('fault: the worker process is killed during a batch', () => {
  jest.setTimeout(300_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let batchDir: string;
  const workers = workerProcesses();

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    batchDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-fault-kill-'));
    await testEngine().deploy(BPMN_DIR);
  });

  afterAll(async () => {
    await workers.killAll();
    await removeAllProcessInstances();
    await world?.stop();
    await database?.drop();
    await rm(batchDir, { recursive: true, force: true });
  });

  const startWorkers = () =>
    workers.start({
      databaseUrl: database.url,
      restUrl: testEngineAccess().restUrl,
      credentials: testEngineAccess().credentials,
      brpUrl: world.ctx.config.BRP_API_URL,
      cardProducerUrl: world.ctx.config.CARD_PRODUCER_URL,
      batchDir,
      env: { WORKER_LOCK_DURATION_MS: String(LOCK_MS) },
    });

  const finished = (ids: number[]) => database.db.renewal.count({ where: { id: { in: ids }, status: 'COMPLETED' } });

  it('when the worker process is killed at random moments and started again each time, then no renewal is lost and no letter, card order or dispatch is repeated', async () => {
    const random = seededRandom('worker killed');
    const ids = await startRenewalBatch(database.db, testEngine(), now, RENEWALS, 20);
    expect(ids).toHaveLength(RENEWALS);
    const killedAt: number[] = [];
    let worker = startWorkers();
    for (let kill = 0; kill < KILLS; kill++) {
      // Spread over the first half of the batch, so every kill leaves work to do however fast the
      // machine is: each falls in its own stretch, at a random number of finished renewals, then
      // a random moment later, so it lands anywhere inside a step.
      const stretch = Math.floor(RENEWALS / 2 / KILLS);
      const threshold = kill * stretch + random.between(1, stretch);
      const before = await stepsDone(database.db, ids);
      await until(
        `${threshold} renewals to finish before kill ${kill + 1}`,
        async () => (await finished(ids)) >= threshold && (await stepsDone(database.db, ids)) > before,
        180_000,
      );
      await new Promise((resolve) => setTimeout(resolve, random.between(0, 300)));
      await worker.kill();
      killedAt.push(await finished(ids));
      worker = startWorkers();
    }
    expect(killedAt.filter((finishedThen) => finishedThen < RENEWALS)).toHaveLength(KILLS);
    await untilBatchCompletes(database.db, ids, 240_000);

    const counts = await countSideEffects(database.db, ids);
    printSummary(
      'worker killed',
      { renewals: ids.length, ...counts },
      `${KILLS} kills, renewals finished at each kill: ${killedAt.join(', ')}`,
    );
    expect(counts).toEqual(NOTHING_LOST_OR_DUPLICATED);
  });
});
