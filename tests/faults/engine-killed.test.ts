import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { BPMN_DIR } from '../../src/engine/connect';
import { EXCEPTION_TASK_KINDS } from '../../src/exceptions/inbox';
import { freePort, startLocalEngine, type LocalEngine } from '../../src/engine/local-engine';
import { connectOperaton } from '../../src/engine/operaton/engine';
import { createLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { openIncidents } from '../support/engine';
import { createRenewalWorld } from '../support/renewal-world';
import { TEMPLATE_DB_ENV, withDatabase } from '../support/server';
import { countSideEffects, NOTHING_LOST_OR_DUPLICATED, printSummary, stepsDone } from '../support/side-effect-counts';
import { startRenewalBatch, untilBatchCompletes } from '../support/start-on-engine';
import { until } from '../support/until';
import { workerProcesses } from '../support/worker-process';

/**
 * The engine's Java process killed outright (SIGKILL) in the middle of a batch and started again
 * on the same engine database, as a crashed server comes back. The engine keeps its state in
 * PostgreSQL, so every instance goes on where it was; the workers back off while it is away and
 * carry on when it answers again. An engine of its own, not the test run's, since it is killed.
 */
const now = new Date();
const RENEWALS = 60;
const logger = createLogger('silent');
/** Short, so tasks locked for the worker when the engine died come back within seconds. */
const LOCK_MS = 10_000;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('fault: the engine is killed during a batch', () => {
  jest.setTimeout(480_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let batchDir: string;
  let engine: LocalEngine | null = null;
  const workers = workerProcesses();
  const serverUrl = () => withDatabase(process.env[TEMPLATE_DB_ENV]!, 'postgres');
  const engineDatabase = `tijdig_fault_engine_${randomBytes(6).toString('hex')}`;
  const settings = {
    adminUser: 'admin',
    adminPassword: randomBytes(12).toString('base64url'),
    servicePassword: randomBytes(18).toString('base64url'),
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    batchDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-fault-engine-'));
  });

  afterAll(async () => {
    await workers.killAll();
    await engine?.stop();
    await world?.stop();
    await database?.drop();
    const admin = new Client({ connectionString: serverUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${engineDatabase} WITH (FORCE)`);
    await admin.end();
    await rm(batchDir, { recursive: true, force: true });
  });

  const startEngine = (port: number) =>
    startLocalEngine({
      databaseUrl: serverUrl(),
      engineDatabase,
      port,
      ...settings,
      // A second engine on a server other tests share: a small pool leaves them connections.
      databasePoolSize: 5,
      logFile: path.resolve('var', 'test-engine-fault.log'),
      logger,
    });

  it('when the engine is killed during a batch and started again on its database, then the workers carry on and no renewal is lost or repeated', async () => {
    const port = await freePort();
    engine = await startEngine(port);
    const access = { restUrl: engine.restUrl, credentials: engine.credentials };
    const processEngine = connectOperaton({ ...access, exceptionTaskKinds: EXCEPTION_TASK_KINDS, logger });
    await processEngine.deploy(BPMN_DIR);
    const worker = workers.start({
      databaseUrl: database.url,
      ...access,
      brpUrl: world.ctx.config.BRP_API_URL,
      cardProducerUrl: world.ctx.config.CARD_PRODUCER_URL,
      batchDir,
      env: { WORKER_LOCK_DURATION_MS: String(LOCK_MS) },
    });
    const ids = await startRenewalBatch(database.db, processEngine, now, RENEWALS, 20);
    expect(ids).toHaveLength(RENEWALS);
    const finished = () => database.db.renewal.count({ where: { id: { in: ids }, status: 'COMPLETED' } });
    await until('a quarter of the batch to complete', async () => (await finished()) >= RENEWALS / 4, 180_000);

    const killed = engine.pid;
    process.kill(killed, 'SIGKILL');
    await until('the engine to be gone', async () => !alive(killed), 30_000);
    const finishedAtKill = await finished();
    const stepsAtKill = await stepsDone(database.db, ids);
    expect(finishedAtKill).toBeLessThan(RENEWALS);

    engine = await startEngine(port);
    const restartedAt = Date.now();
    await untilBatchCompletes(database.db, ids, 360_000, access);
    const recoverySeconds = Math.round((Date.now() - restartedAt) / 1000);
    // Still the same process: it backed off instead of crashing (its last words show if it did).
    expect({ exitCode: worker.child.exitCode, stderr: worker.stderrTail() }).toEqual({
      exitCode: null,
      stderr: expect.any(String),
    });

    const instances = await database.db.renewal.findMany({ where: { id: { in: ids } }, select: { processInstanceId: true } });
    const incidents = await openIncidents(
      instances.map((r) => r.processInstanceId!),
      access,
    );
    const counts = await countSideEffects(database.db, ids);
    printSummary(
      'engine killed',
      { renewals: ids.length, ...counts },
      `${finishedAtKill} finished and ${stepsAtKill} steps done at the kill, all done ${recoverySeconds} s after the restart, ${incidents.length} incidents`,
    );
    expect(incidents).toEqual([]);
    expect(counts).toEqual(NOTHING_LOST_OR_DUPLICATED);
  });
});
