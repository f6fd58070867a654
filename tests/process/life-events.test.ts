import { BPMN_DIR } from '../../src/engine/connect';
import type { ProcessEngine, Workers } from '../../src/engine/port';
import { TransientError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { settleLifeEvents, sweepRegister, type LifeEventDeps } from '../../src/residents/life-events';
import { scanService } from '../../src/services/scan';
import { startWorkers } from '../../workers';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { removeAllProcessInstances, testEngine } from '../support/engine';
import { deliver } from '../support/jobs';
import { createRenewalWorld, importHolder, MUNICIPALITY, type HolderSpec } from '../support/renewal-world';
import { scanAndStartOnEngine } from '../support/start-on-engine';
import { until } from '../support/until';

/**
 * "One resident, one picture": what the BRP reports about a death or a departure reaches every
 * running renewal of the resident in one place, on the real engine, and nothing more is sent.
 */
const now = new Date();
const today = now.toISOString().slice(0, 10);
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const logger = createLogger('silent');

describe('life events on the engine', () => {
  jest.setTimeout(120_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let engine: ProcessEngine;
  let workers: Workers;
  let deps: LifeEventDeps;

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    engine = testEngine();
    await engine.deploy(BPMN_DIR);
    workers = startWorkers(engine, world.ctx, logger, { maxConcurrency: 8, lockDurationMs: 30_000, longPollMs: 5000 });
    deps = { db: database.db, brp: world.ctx.brp, messages: engine, municipalityCode: MUNICIPALITY.code, logger, now: () => now };
  });

  afterAll(async () => {
    await workers?.stop();
    await removeAllProcessInstances();
    await world?.stop();
    await database?.drop();
  });

  async function startRenewal(spec: HolderSpec, maturity: 'automatic' | 'notify-and-confirm' = 'automatic') {
    const holder = await importHolder(database.db, spec);
    await scanAndStartOnEngine(database.db, engine, now, { maturity, reminderAfter: 'PT3S', responseDeadline: 'PT30S' });
    const renewal = await database.db.renewal.findFirstOrThrow({ where: { permit: { number: holder.permitNumber } } });
    return { ...holder, renewalId: renewal.id, processInstanceId: renewal.processInstanceId! };
  }

  const statusOf = (renewalId: number, status: string) =>
    until(`renewal ${renewalId} to be ${status}`, async () => {
      const renewal = await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
      return renewal.status === status && renewal;
    });

  const tasksOf = async (processInstanceId: string) =>
    (await engine.exceptionTasks.list()).filter((task) => task.processInstanceId === processInstanceId);

  const dispatchedTemplates = async (renewalId: number) =>
    (await database.db.dispatch.findMany({ where: { letter: { renewalId } }, include: { letter: true } })).map(
      (d) => d.letter.template,
    );

  it('when the renewal finds the holder deceased, then the death is recorded once, the case worker task disappears and the renewal ends with no letter', async () => {
    const { renewalId, processInstanceId, bsn } = await startRenewal({
      expiresOn: inDays(30),
      register: { status: 'deceased', deceasedOn: today },
    });
    await statusOf(renewalId, 'EXCEPTION');
    await until('the exception task', async () => (await tasksOf(processInstanceId)).length > 0);
    const resident = await database.db.resident.findUniqueOrThrow({ where: { bsn }, include: { lifeEvents: true } });
    expect(resident.lifeEvents.map((e) => e.kind)).toEqual(['DECEASED']);

    expect(await settleLifeEvents(deps)).toBe(1);

    const renewal = await statusOf(renewalId, 'STOPPED');
    expect(renewal.outcome).toBe('resident-left');
    expect(await tasksOf(processInstanceId)).toEqual([]);
    expect(await dispatchedTemplates(renewalId)).toEqual([]);
    expect(await settleLifeEvents(deps)).toBe(0);
  });

  it('when the engine is busy with the case as the death is handed over, then the event stays unsettled and the next round hands it over', async () => {
    const { renewalId, processInstanceId } = await startRenewal({
      expiresOn: inDays(33),
      register: { status: 'deceased', deceasedOn: today },
    });
    await statusOf(renewalId, 'EXCEPTION');
    await until('the exception task', async () => (await tasksOf(processInstanceId)).length > 0);
    // The engine refuses the first message as it does when a step of the instance completes at that moment.
    let refusals = 1;
    const busyOnce: LifeEventDeps['messages'] = {
      correlate: async (...args) => {
        if (refusals-- > 0) throw new TransientError('The engine refused POST /message (HTTP 500 OptimisticLockingException)');
        return engine.correlate(...args);
      },
    };

    expect(await settleLifeEvents({ ...deps, messages: busyOnce })).toBe(0);
    expect(await database.db.lifeEvent.count({ where: { settledAt: null } })).toBe(1);
    expect(await settleLifeEvents({ ...deps, messages: busyOnce })).toBe(1);
    expect(await statusOf(renewalId, 'STOPPED')).toMatchObject({ outcome: 'resident-left' });
  });

  it('when a holder who was asked to confirm dies before answering, then the daily sweep finds it in the BRP and no reminder goes out', async () => {
    const { renewalId, bsn } = await startRenewal({ expiresOn: inDays(31) }, 'notify-and-confirm');
    await statusOf(renewalId, 'AWAITING_RESIDENT');
    await until('the confirmation letter in the post', async () => (await dispatchedTemplates(renewalId)).length === 1);
    await database.db.stubBrpPerson.update({ where: { bsn }, data: { deceasedOn: new Date(today), suspensionReason: 'O' } });

    expect(await sweepRegister(deps)).toBe(1);
    expect(await sweepRegister(deps)).toBe(0);
    await settleLifeEvents(deps);

    const renewal = await statusOf(renewalId, 'STOPPED');
    expect(renewal.outcome).toBe('resident-left');
    // The reminder timer (3 s) would have fired by now had the instance gone on.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await dispatchedTemplates(renewalId)).toEqual(['gpk/confirm-request']);
  });

  it('when a resident has left the municipality, then a renewal waiting to start is stopped and the scan finds nothing new for them', async () => {
    const holder = await importHolder(database.db, { expiresOn: inDays(32) });
    const resident = await database.db.resident.findUniqueOrThrow({ where: { bsn: holder.bsn } });
    const scan = () =>
      scanService(
        database.db,
        { service: 'gpk', trigger: { kind: 'expiry', leadTimeDays: 70, validityYears: 5 }, pageSize: 50, now, force: true },
        logger,
      );
    await scan();
    const pending = await database.db.renewal.findFirstOrThrow({ where: { residentId: resident.id } });
    expect(pending.status).toBe('PENDING_START');
    await database.db.stubBrpPerson.update({
      where: { bsn: holder.bsn },
      data: { municipalityCode: '0363', municipalityName: 'Amsterdam' },
    });

    await sweepRegister(deps);
    await settleLifeEvents(deps);

    expect(await database.db.renewal.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: 'STOPPED',
      outcome: 'resident-left',
    });
    await database.db.renewalStatusChange.deleteMany({ where: { renewalId: pending.id } });
    await database.db.renewal.delete({ where: { id: pending.id } });
    expect((await scan()).created).toBe(0);
  });

  it('when a model would send a letter to a resident the BRP reports deceased, then the post withholds it and says so in the contact history', async () => {
    const { renewalId, bsn } = await startRenewal({ expiresOn: inDays(33) });
    await statusOf(renewalId, 'COMPLETED');
    const resident = await database.db.resident.findUniqueOrThrow({ where: { bsn } });
    await database.db.lifeEvent.create({
      data: { residentId: resident.id, kind: 'DECEASED', facts: { source: 'BRP', readOn: today }, settledAt: now },
    });
    const before = await database.db.dispatch.count();

    await deliver(world.ctx, logger, {
      topic: 'send-letter',
      elementId: 'send-renewed-again',
      variables: { renewalId },
      properties: { template: 'gpk/renewed' },
    });

    expect(await database.db.dispatch.count()).toBe(before);
    const withheld = await database.db.contactMoment.findMany({ where: { renewalId, subject: 'letter-withheld' } });
    expect(withheld).toHaveLength(1);
    expect(withheld[0]!.content).toMatch(/not sent: the BRP reports the resident deceased/);
  });
});
