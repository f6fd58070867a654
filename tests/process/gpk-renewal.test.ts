import type { MaturityLevel } from '../../src/config';
import { BPMN_DIR } from '../../src/engine/connect';
import { createRestClient } from '../../src/engine/operaton/rest';
import type { ProcessEngine, Workers } from '../../src/engine/port';
import { createLogger } from '../../src/logger';
import type { Decision } from '../../src/renewals/vocabulary';
import { deliverPendingAnswers, receiveResidentResponse, residentResponsePublisher } from '../../src/renewals/resident-response';
import { scanService } from '../../src/services/scan';
import { engineStarter, startPendingRenewals } from '../../src/renewals/start-renewals';
import { startWorkers } from '../../workers';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { removeAllProcessInstances, testEngine, testEngineAccess } from '../support/engine';
import { pdfText } from '../support/pdf-text';
import { createRenewalWorld, importHolder, type HolderSpec } from '../support/renewal-world';
import { scanAndStartOnEngine } from '../support/start-on-engine';
import { until } from '../support/until';

/**
 * The GPK renewal on the real engine: bpmn/gpk-renewal.bpmn deployed to the Operaton that the
 * test run started, the real workers over its external-task API, the real database and the
 * register stubs over HTTP.
 */
const now = new Date();
const today = now.toISOString().slice(0, 10);
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const logger = createLogger('silent');

describe('GPK renewal on the engine', () => {
  jest.setTimeout(120_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let engine: ProcessEngine;
  let workers: Workers;

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    engine = testEngine();
    await engine.deploy(BPMN_DIR);
    workers = startWorkers(engine, world.ctx, logger, { maxConcurrency: 8, lockDurationMs: 30_000, longPollMs: 5000 });
  });

  afterAll(async () => {
    await workers?.stop();
    await removeAllProcessInstances();
    await world?.stop();
    await database?.drop();
  });

  async function startRenewal(spec: HolderSpec, maturity: MaturityLevel = 'automatic') {
    const holder = await importHolder(database.db, spec);
    await scanAndStartOnEngine(database.db, engine, now, { maturity, reminderAfter: 'PT3S', responseDeadline: 'PT10S' });
    const renewal = await database.db.renewal.findFirstOrThrow({ where: { permit: { number: holder.permitNumber } } });
    return { ...holder, renewalId: renewal.id, processInstanceId: renewal.processInstanceId! };
  }

  const settledAs = (renewalId: number, status: 'COMPLETED' | 'STOPPED' | 'EXCEPTION' | 'AWAITING_RESIDENT') =>
    until(`renewal ${renewalId} to be ${status}`, async () => {
      const renewal = await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
      return renewal.status === status && renewal;
    });

  const exceptionTask = (processInstanceId: string) =>
    until('the exception task', async () => {
      const tasks = (await engine.exceptionTasks.list()).filter((task) => task.processInstanceId === processInstanceId);
      return tasks.length > 0 && tasks;
    });

  async function candidateGroups(taskId: string): Promise<string[]> {
    const { restUrl, credentials } = testEngineAccess();
    const links = await createRestClient(restUrl, credentials).request<{ type: string; groupId: string | null }[]>(
      'GET',
      `/task/${taskId}/identity-links`,
    );
    return links.filter((l) => l.type === 'candidate').map((l) => l.groupId!);
  }

  it('when a card holder still qualifies, then the card is renewed without anyone acting: one card, one letter naming them and the new expiry, one dispatch', async () => {
    const { renewalId, surname } = await startRenewal({ expiresOn: inDays(30) });
    const renewal = await settledAs(renewalId, 'COMPLETED');
    expect(renewal).toMatchObject({ outcome: 'renewed' });
    expect(await database.db.cardOrder.count({ where: { renewalId, producerOrderId: { not: null } } })).toBe(1);
    const letters = await database.db.letter.findMany({ where: { renewalId } });
    expect(letters.map((l) => l.template)).toEqual(['gpk/renewed']);
    const text = await pdfText(letters[0]!.pdf);
    expect(text).toContain(surname);
    const newExpiry = renewal.newExpiresOn!;
    const dutchDate = `${newExpiry.getUTCDate()} ${['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'][newExpiry.getUTCMonth()]} ${newExpiry.getUTCFullYear()}`;
    expect(text).toContain(dutchDate);
    expect(await database.db.dispatch.count({ where: { letterId: letters[0]!.id } })).toBe(1);
  });

  it.each([
    ['moved away', { register: { status: 'moved', municipality: { code: '0363', name: 'Amsterdam' } } }, 'MOVED_AWAY'],
    ['deceased', { register: { status: 'deceased', deceasedOn: today } }, 'DECEASED'],
    ['emigrated', { register: { status: 'emigrated', country: 'België', emigratedOn: today } }, 'EMIGRATED'],
    ['temporary indication ending', { indication: { kind: 'TEMPORARY', endsOn: inDays(400) } }, 'INDICATION_ENDS'],
  ] as const)(
    'when the holder has %s, then exactly one exception task waits for the case workers with that reason and a due date',
    async (_label, spec, reason) => {
      const { renewalId, processInstanceId } = await startRenewal({ expiresOn: inDays(31), ...spec });
      await settledAs(renewalId, 'EXCEPTION');
      const tasks = await exceptionTask(processInstanceId);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]!.dueDate).not.toBeNull();
      expect(await candidateGroups(tasks[0]!.taskId)).toEqual(['case-workers']);
      // The form Operaton's Tasklist shows a case worker who decides there instead of in Tijdig.
      const { restUrl, credentials } = testEngineAccess();
      const form = await createRestClient(restUrl, credentials).request<{ id: string; components: { key?: string }[] }>(
        'GET',
        `/task/${tasks[0]!.taskId}/deployed-form`,
      );
      expect(form.id).toBe('assess-exception');
      expect(form.components.map((c) => c.key).filter(Boolean)).toEqual(['decision', 'decisionNote']);
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
      ['gpk/renewed'],
    ],
    [
      'medical-assessment',
      { indication: { kind: 'TEMPORARY', endsOn: inDays(400) } },
      'COMPLETED',
      'assessment-needed',
      ['gpk/assessment-needed'],
    ],
    [
      'stop',
      { register: { status: 'moved', municipality: { code: '0363', name: 'Amsterdam' } } },
      'STOPPED',
      'stopped',
      ['gpk/renewal-stopped'],
    ],
    ['stop', { register: { status: 'deceased', deceasedOn: today } }, 'STOPPED', 'stopped', []],
  ] as const)(
    'when the case worker decides %s, then the process continues to the matching end and letters',
    async (decision, spec, status, outcome, letters) => {
      const { renewalId, processInstanceId } = await startRenewal({ expiresOn: inDays(32), ...spec });
      const [task] = await exceptionTask(processInstanceId);
      expect(
        await engine.exceptionTasks.complete(task!.taskId, {
          decision: decision as Decision,
          decisionNote: 'Besproken met de aanvrager.',
        }),
      ).toBe(true);
      expect(await settledAs(renewalId, status)).toMatchObject({ outcome });
      expect((await database.db.letter.findMany({ where: { renewalId } })).map((l) => l.template)).toEqual(letters);
    },
  );

  it('when the resident confirms with the code from the letter, then the card is renewed', async () => {
    const { renewalId } = await startRenewal({ expiresOn: inDays(33) }, 'notify-and-confirm');
    await settledAs(renewalId, 'AWAITING_RESIDENT');
    const letter = await until('the confirmation letter', () =>
      database.db.letter.findFirst({ where: { renewalId, template: 'gpk/confirm-request' } }),
    );
    const text = await pdfText(letter.pdf);
    const code = /\b([A-Z2-9]{5}-[A-Z2-9]{5})\b/.exec(text)?.[1];
    if (!code) throw new Error(`No confirmation code in the letter: ${text}`);
    const publisher = residentResponsePublisher(engine);
    // The world's clock, which also set the code's expiry. The answer may come before the process
    // listens (the contact moment after the letter is still being recorded): then it waits, and is
    // delivered once the process waits for it, as the runtime's retry does.
    const deps = { db: database.db, engine: publisher, now: () => now };
    expect(['delivered', 'queued']).toContain(await receiveResidentResponse(deps, code, 'confirmed'));
    await until('the answer to reach the process', async () => {
      await deliverPendingAnswers(deps);
      return (await database.db.residentAnswer.count({ where: { renewalId, state: 'DELIVERED' } })) === 1;
    });
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'renewed' });
    expect(await database.db.cardOrder.count({ where: { renewalId } })).toBe(1);
  });

  it('when the resident does not answer, then a reminder goes out and, after the deadline, a case worker gets the renewal', async () => {
    const { renewalId, processInstanceId } = await startRenewal({ expiresOn: inDays(34) }, 'notify-and-confirm');
    await settledAs(renewalId, 'EXCEPTION');
    await exceptionTask(processInstanceId);
    const templates = (await database.db.letter.findMany({ where: { renewalId }, orderBy: { id: 'asc' } })).map(
      (l) => l.template,
    );
    expect(templates).toEqual(['gpk/confirm-request', 'gpk/confirm-reminder']);
    const history = await database.db.renewalStatusChange.findMany({ where: { renewalId, status: 'EXCEPTION' } });
    expect(history.map((h) => h.reason)).toEqual(['NO_RESPONSE']);
  });

  it('when two scans overlap, then each renewal is started once', async () => {
    // Test files share the engine and renewal ids repeat across their databases: count only this test's starts.
    const since = new Date().toISOString().replace('Z', '+0000');
    const holders = await Promise.all(
      [inDays(40), inDays(41), inDays(42)].map((expiresOn) => importHolder(database.db, { expiresOn })),
    );
    const scan = () =>
      scanService(
        database.db,
        { service: 'gpk', trigger: { kind: 'expiry', leadTimeDays: 70, validityYears: 5 }, pageSize: 2, now, force: true },
        logger,
      );
    const start = () =>
      startPendingRenewals(
        database.db,
        engineStarter(engine),
        {
          services: { gpk: { process: 'gpk-renewal', maturity: 'automatic' } },
          reminderAfter: 'PT3S',
          responseDeadline: 'PT10S',
          maxPerSecond: 50,
        },
        logger,
      );
    await Promise.all([scan(), scan()]);
    await Promise.all([start(), start()]);
    const numbers = holders.map((h) => h.permitNumber);
    const renewals = await database.db.renewal.findMany({ where: { permit: { number: { in: numbers } } } });
    expect(renewals).toHaveLength(3);
    const { restUrl, credentials } = testEngineAccess();
    const rest = createRestClient(restUrl, credentials);
    for (const renewal of renewals) {
      const instances = await rest.request<unknown[]>(
        'GET',
        `/history/process-instance?processInstanceBusinessKey=renewal-${renewal.id}&startedAfter=${encodeURIComponent(since)}`,
      );
      expect(instances).toHaveLength(1);
    }
  });
});
