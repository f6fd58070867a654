import { loadConfig, type MaturityLevel } from '../../src/config';
import { connectCamunda, type CamundaConnection } from '../../src/engine/camunda';
import { createLogger } from '../../src/logger';
import type { Decision } from '../../src/process/gpk-renewal-contract';
import { receiveResidentResponse } from '../../src/renewals/resident-response';
import { scanExpiringPermits } from '../../src/renewals/scan';
import { startPendingRenewals } from '../../src/renewals/start-renewals';
import { startWorkers } from '../../workers';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { pdfText } from '../support/pdf-text';
import { createRenewalWorld, importHolder, type HolderSpec } from '../support/renewal-world';
import { until } from '../support/until';

/**
 * The GPK renewal on a real Camunda 8 engine: bpmn/gpk-renewal.bpmn deployed, the real workers,
 * the real database and the register stubs over HTTP. Runs when Camunda's connection variables
 * (ZEEBE_REST_ADDRESS, ZEEBE_GRPC_ADDRESS, ...) name an engine; skipped otherwise, because this
 * project does not download or start the Camunda distribution itself (see README).
 */
const config = loadConfig();
const engineConfigured = Boolean(config.ZEEBE_REST_ADDRESS && config.ZEEBE_GRPC_ADDRESS);
const describeOnEngine = engineConfigured ? describe : describe.skip;

const now = new Date();
const today = now.toISOString().slice(0, 10);
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const logger = createLogger('silent');

describeOnEngine('GPK renewal on the engine', () => {
  jest.setTimeout(120_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let engine: CamundaConnection;
  let stopWorkers: () => Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    engine = connectCamunda(logger);
    await engine.waitUntilReady();
    await engine.deployModels();
    stopWorkers = startWorkers(engine.zeebe, world.ctx, logger);
  });

  afterAll(async () => {
    await stopWorkers?.();
    await engine?.close();
    await world?.stop();
    await database?.drop();
  });

  async function startRenewal(spec: HolderSpec, maturity: MaturityLevel = 'automatic') {
    const holder = await importHolder(database.db, spec);
    await scanExpiringPermits(
      database.db,
      { service: 'gpk', leadTimeDays: 70, validityYears: 5, pageSize: 100, now, force: true },
      logger,
    );
    await startPendingRenewals(
      database.db,
      engine.starter,
      { maturity, reminderAfter: 'PT3S', responseDeadline: 'PT10S', maxPerSecond: 50 },
      logger,
    );
    const renewal = await database.db.renewal.findFirstOrThrow({ where: { permit: { number: holder.permitNumber } } });
    return { ...holder, renewalId: renewal.id, processInstanceKey: renewal.processInstanceKey! };
  }

  const settledAs = (renewalId: number, status: 'COMPLETED' | 'STOPPED' | 'EXCEPTION' | 'AWAITING_RESIDENT') =>
    until(`renewal ${renewalId} to be ${status}`, async () => {
      const renewal = await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
      return renewal.status === status && renewal;
    });

  const exceptionTask = (processInstanceKey: string) =>
    until('the exception task', async () => {
      const tasks = (await engine.exceptionTasks.list()).filter((task) => task.processInstanceKey === processInstanceKey);
      return tasks.length > 0 && tasks;
    });

  it('when a card holder still qualifies, then the card is renewed without anyone acting: one card, one letter naming them and the new expiry, one dispatch', async () => {
    const { renewalId, surname } = await startRenewal({ expiresOn: inDays(30) });
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'renewed' });
    expect(await database.db.cardOrder.count({ where: { renewalId, producerOrderId: { not: null } } })).toBe(1);
    const letters = await database.db.letter.findMany({ where: { renewalId } });
    expect(letters.map((l) => l.template)).toEqual(['gpk-renewed']);
    expect(await pdfText(letters[0]!.pdf)).toContain(surname);
    expect(await database.db.dispatch.count({ where: { letterId: letters[0]!.id } })).toBe(1);
  });

  it.each([
    ['moved away', { register: { status: 'moved', municipality: { code: '0363', name: 'Amsterdam' } } }, 'MOVED_AWAY'],
    ['deceased', { register: { status: 'deceased', deceasedOn: today } }, 'DECEASED'],
    ['temporary indication ending', { indication: { kind: 'TEMPORARY', endsOn: inDays(400) } }, 'INDICATION_ENDS'],
  ] as const)(
    'when the holder has %s, then exactly one exception task is waiting with that reason',
    async (_label, spec, reason) => {
      const { renewalId, processInstanceKey } = await startRenewal({ expiresOn: inDays(31), ...spec });
      await settledAs(renewalId, 'EXCEPTION');
      const tasks = await exceptionTask(processInstanceKey);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]!.candidateGroups).toEqual(['case-workers']);
      const history = await database.db.renewalStatusChange.findMany({ where: { renewalId, status: 'EXCEPTION' } });
      expect(history.map((h) => h.reason)).toEqual([reason]);
      expect(await database.db.cardOrder.count({ where: { renewalId } })).toBe(0);
    },
  );

  it.each([
    [
      'renew-anyway',
      { register: { status: 'moved', municipality: { code: '0363', name: 'Amsterdam' } } },
      'COMPLETED',
      'renewed',
      ['gpk-renewed'],
    ],
    [
      'medical-assessment',
      { indication: { kind: 'TEMPORARY', endsOn: inDays(400) } },
      'COMPLETED',
      'assessment-needed',
      ['gpk-assessment-needed'],
    ],
    [
      'stop',
      { register: { status: 'moved', municipality: { code: '0363', name: 'Amsterdam' } } },
      'STOPPED',
      'stopped',
      ['gpk-renewal-stopped'],
    ],
    ['stop', { register: { status: 'deceased', deceasedOn: today } }, 'STOPPED', 'stopped', []],
  ] as const)(
    'when the case worker decides %s, then the process continues to the matching end and letters',
    async (decision, spec, status, outcome, letters) => {
      const { renewalId, processInstanceKey } = await startRenewal({ expiresOn: inDays(32), ...spec });
      const [task] = await exceptionTask(processInstanceKey);
      expect(await engine.exceptionTasks.decide(task!.userTaskKey, decision as Decision, 'Besproken met de aanvrager.')).toBe(
        true,
      );
      expect(await settledAs(renewalId, status)).toMatchObject({ outcome });
      expect((await database.db.letter.findMany({ where: { renewalId } })).map((l) => l.template)).toEqual(letters);
    },
  );

  it('when the resident confirms with the code from the letter, then the card is renewed', async () => {
    const { renewalId } = await startRenewal({ expiresOn: inDays(33) }, 'notify-and-confirm');
    await settledAs(renewalId, 'AWAITING_RESIDENT');
    const letter = await until('the confirmation letter', () =>
      database.db.letter.findFirst({ where: { renewalId, template: 'gpk-confirm-request' } }),
    );
    const code = /\b([A-Z2-9]{5}-[A-Z2-9]{5})\b/.exec(await pdfText(letter.pdf))![1]!;
    expect(await receiveResidentResponse({ db: database.db, engine, now: () => new Date() }, code, 'confirmed')).toBe(true);
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'renewed' });
    expect(await database.db.cardOrder.count({ where: { renewalId } })).toBe(1);
  });

  it('when the resident does not answer, then a reminder goes out and, after the deadline, a case worker gets the renewal', async () => {
    const { renewalId, processInstanceKey } = await startRenewal({ expiresOn: inDays(34) }, 'notify-and-confirm');
    await settledAs(renewalId, 'EXCEPTION');
    await exceptionTask(processInstanceKey);
    const templates = (await database.db.letter.findMany({ where: { renewalId }, orderBy: { id: 'asc' } })).map(
      (l) => l.template,
    );
    expect(templates).toEqual(['gpk-confirm-request', 'gpk-confirm-reminder']);
    const history = await database.db.renewalStatusChange.findMany({ where: { renewalId, status: 'EXCEPTION' } });
    expect(history.map((h) => h.reason)).toEqual(['NO_RESPONSE']);
  });
});
