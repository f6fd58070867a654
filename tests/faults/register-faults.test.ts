import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BPMN_DIR } from '../../src/engine/connect';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { openIncidents, removeAllProcessInstances, retryFailedTasks, testEngine, testEngineAccess } from '../support/engine';
import { startFaultyBrp, type BrpFault, type FaultyBrp } from '../support/faulty-brp';
import { createRenewalWorld } from '../support/renewal-world';
import { countSideEffects, NOTHING_LOST_OR_DUPLICATED, printSummary } from '../support/side-effect-counts';
import { startRenewalBatch, untilBatchCompletes } from '../support/start-on-engine';
import { until } from '../support/until';
import { workerProcesses } from '../support/worker-process';

/**
 * The BRP answering badly, as Tijdig meets it through its configured BRP_API_URL: slowly or with
 * HTTP 500 (it passes: the step is retried and the renewal finishes once the BRP recovers), or
 * with broken JSON or a body of the wrong shape (it does not pass: an incident that says what is
 * wrong, and no letter or card built on data Tijdig could not read).
 */
const now = new Date();
const PER_FAULT = 3;
const HEALTHY = 6;
const TRANSIENT: BrpFault[] = ['slow', 'server-error'];
const PERMANENT: { fault: BrpFault; message: RegExp }[] = [
  { fault: 'truncated-json', message: /^invalid data: BRP answered HTTP 200 with a body that is not JSON/ },
  {
    fault: 'wrong-shape',
    message:
      /^invalid data: BRP answer does not match the BRP Personen v2 shape: personen\.0\.verblijfplaats: .*gemeenteVanInschrijving/,
  },
];

describe('fault: the BRP answers slowly, with errors, or with data Tijdig cannot read', () => {
  jest.setTimeout(300_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let brp: FaultyBrp;
  let batchDir: string;
  const workers = workerProcesses();

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    brp = await startFaultyBrp(database.db, world.ctx.config.BRP_API_KEY);
    batchDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-fault-brp-'));
    await testEngine().deploy(BPMN_DIR);
  });

  afterAll(async () => {
    await workers.killAll();
    await removeAllProcessInstances();
    await brp?.stop();
    await world?.stop();
    await database?.drop();
    await rm(batchDir, { recursive: true, force: true });
  });

  it('when the BRP answers slowly or with 500s, then the renewal finishes once it recovers; when it answers broken or wrong-shaped JSON, then an incident names the problem and no letter or card is made', async () => {
    const ids = await startRenewalBatch(
      database.db,
      testEngine(),
      now,
      HEALTHY + PER_FAULT * (TRANSIENT.length + PERMANENT.length),
      20,
    );
    const renewals = await database.db.renewal.findMany({
      where: { id: { in: ids } },
      orderBy: { id: 'asc' },
      select: { id: true, processInstanceId: true, permit: { select: { resident: { select: { bsn: true } } } } },
    });
    const group = (index: number) => renewals.slice(HEALTHY + index * PER_FAULT, HEALTHY + (index + 1) * PER_FAULT);
    const healthy = renewals.slice(0, HEALTHY);
    const transient = TRANSIENT.map((fault, i) => ({ fault, renewals: group(i) }));
    const permanent = PERMANENT.map((p, i) => ({ ...p, renewals: group(TRANSIENT.length + i) }));
    for (const { fault, renewals: faulty } of [...transient, ...permanent])
      for (const r of faulty) brp.inject(r.permit!.resident.bsn, fault);

    workers.start({
      databaseUrl: database.url,
      restUrl: testEngineAccess().restUrl,
      credentials: testEngineAccess().credentials,
      brpUrl: brp.url,
      cardProducerUrl: world.ctx.config.CARD_PRODUCER_URL,
      batchDir,
    });

    const status = async (of: typeof renewals) =>
      database.db.renewal.count({ where: { id: { in: of.map((r) => r.id) }, status: 'COMPLETED' } });
    const instancesOf = (of: typeof renewals) => of.map((r) => r.processInstanceId!);
    const permanentRenewals = permanent.flatMap((p) => p.renewals);
    const transientRenewals = transient.flatMap((t) => t.renewals);

    await until('the healthy renewals to complete', async () => (await status(healthy)) === HEALTHY, 180_000);
    await until(
      'an incident for every renewal whose BRP answer cannot be read',
      async () => (await openIncidents(instancesOf(permanentRenewals))).length === permanentRenewals.length,
      180_000,
    );
    await until(
      'a faulty answer for every renewal whose BRP answer fails for a while',
      async () => transientRenewals.every((r) => brp.faultyAnswers(r.permit!.resident.bsn) >= 1),
      120_000,
    );

    // While the BRP is faulty: nothing is made for those residents, and a passing fault is no incident.
    expect(await status(transientRenewals)).toBe(0);
    expect(await openIncidents(instancesOf(transientRenewals))).toEqual([]);
    for (const { fault, message, renewals: faulty } of permanent) {
      const incidents = await openIncidents(instancesOf(faulty));
      expect({ fault, incidents: incidents.map((i) => [i.activityId, i.incidentMessage]) }).toEqual({
        fault,
        incidents: faulty.map(() => ['check-residence', expect.stringMatching(message)]),
      });
    }
    const permanentIds = permanentRenewals.map((r) => r.id);
    const where = { renewalId: { in: permanentIds } };
    expect(await database.db.letter.count({ where })).toBe(0);
    expect(await database.db.cardOrder.count({ where })).toBe(0);
    expect(
      await database.db.stubCardOrder.count({
        where: { OR: permanentIds.map((id) => ({ reference: { startsWith: `renewal-${id}:` } })) },
      }),
    ).toBe(0);
    const incidentsSeen = permanentRenewals.length;

    // The BRP recovers: the passing faults finish by themselves; the others once an operator retries them.
    for (const r of transientRenewals) brp.recover(r.permit!.resident.bsn);
    await untilBatchCompletes(
      database.db,
      transientRenewals.map((r) => r.id),
      180_000,
    );
    for (const r of permanentRenewals) {
      brp.recover(r.permit!.resident.bsn);
      expect(await retryFailedTasks(r.processInstanceId!)).toBe(1);
    }
    await untilBatchCompletes(database.db, ids, 180_000);

    const counts = await countSideEffects(database.db, ids);
    const faultyAnswers = [...transient, ...permanent]
      .map(
        ({ fault, renewals: faulty }) => `${fault} ${faulty.reduce((n, r) => n + brp.faultyAnswers(r.permit!.resident.bsn), 0)}`,
      )
      .join(', ');
    printSummary(
      'BRP faults',
      { renewals: ids.length, ...counts },
      `faulty answers: ${faultyAnswers}; incidents: ${incidentsSeen} (truncated and wrong-shaped only), ${
        (await openIncidents(instancesOf(renewals))).length
      } left after the retry`,
    );
    expect(counts).toEqual(NOTHING_LOST_OR_DUPLICATED);
  });
});
