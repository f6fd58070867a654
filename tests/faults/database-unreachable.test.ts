import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BPMN_DIR } from '../../src/engine/connect';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { openIncidents, removeAllProcessInstances, testEngine, testEngineAccess } from '../support/engine';
import { createRenewalWorld } from '../support/renewal-world';
import { countSideEffects, NOTHING_LOST_OR_DUPLICATED, printSummary, stepsDone } from '../support/side-effect-counts';
import { startRenewalBatch, untilBatchCompletes } from '../support/start-on-engine';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { until } from '../support/until';
import { workerProcesses, type WorkerProcess } from '../support/worker-process';

/**
 * Tijdig's database unreachable for 30 seconds in the middle of a batch (a network fault, a
 * database fail-over): the worker process reaches PostgreSQL through a proxy that breaks off
 * every connection and refuses new ones. The workers keep running and back off; the steps that
 * failed are retried once the database is back; nobody gets an incident to clear.
 */
const now = new Date();
const RENEWALS = 60;
const OUTAGE_MS = 30_000;

describe('fault: the database is unreachable during a batch', () => {
  jest.setTimeout(360_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let batchDir: string;
  let proxy: TcpProxy;
  const workers = workerProcesses();

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    batchDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-fault-db-'));
    const server = new URL(database.url);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    await testEngine().deploy(BPMN_DIR);
  });

  afterAll(async () => {
    await workers.killAll();
    await proxy?.close();
    await removeAllProcessInstances();
    await world?.stop();
    await database?.drop();
    await rm(batchDir, { recursive: true, force: true });
  });

  const throughProxy = () => {
    const url = new URL(database.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    return url.toString();
  };

  const finished = (ids: number[]) => database.db.renewal.count({ where: { id: { in: ids }, status: 'COMPLETED' } });

  it('when the database is unreachable for 30 s during a batch, then the workers back off and finish every renewal once, without incidents', async () => {
    const worker: WorkerProcess = workers.start({
      databaseUrl: throughProxy(),
      restUrl: testEngineAccess().restUrl,
      credentials: testEngineAccess().credentials,
      brpUrl: world.ctx.config.BRP_API_URL,
      cardProducerUrl: world.ctx.config.CARD_PRODUCER_URL,
      batchDir,
    });
    const ids = await startRenewalBatch(database.db, testEngine(), now, RENEWALS, 20);
    expect(ids).toHaveLength(RENEWALS);
    await until('the first renewals to complete', async () => (await finished(ids)) >= 5, 120_000);

    proxy.cut();
    // A statement already on its way when the line broke may still commit: count after that.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const stepsInOutage = await stepsDone(database.db, ids);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - 5000));
    const finishedAtCut = await finished(ids);
    // The outage was real: the workers tried to reach the database and wrote nothing meanwhile.
    expect(proxy.refused).toBeGreaterThan(0);
    expect(await stepsDone(database.db, ids)).toBe(stepsInOutage);
    expect(finishedAtCut).toBeLessThan(RENEWALS);
    proxy.restore();
    const restoredAt = Date.now();

    await untilBatchCompletes(database.db, ids, 300_000);
    const recoverySeconds = Math.round((Date.now() - restoredAt) / 1000);
    // Still the same process: it backed off instead of crashing (its last words show if it did).
    expect({ exitCode: worker.child.exitCode, stderr: worker.stderrTail() }).toEqual({
      exitCode: null,
      stderr: expect.any(String),
    });

    const instances = await database.db.renewal.findMany({ where: { id: { in: ids } }, select: { processInstanceId: true } });
    const incidents = await openIncidents(instances.map((r) => r.processInstanceId!));
    const counts = await countSideEffects(database.db, ids);
    printSummary(
      'database unreachable 30 s',
      { renewals: ids.length, ...counts },
      `${finishedAtCut} finished before the outage, ${proxy.refused} connections refused, all done ${recoverySeconds} s after the database was back, ${incidents.length} incidents`,
    );
    expect(incidents).toEqual([]);
    expect(counts).toEqual(NOTHING_LOST_OR_DUPLICATED);
  });
});
