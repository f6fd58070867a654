import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MaturityLevel } from '../../src/config';
import { BPMN_DIR } from '../../src/engine/connect';
import type { ProcessEngine, Workers } from '../../src/engine/port';
import { importFile } from '../../src/import/import';
import { createLogger } from '../../src/logger';
import { deliverPendingAnswers, receiveResidentResponse, residentResponsePublisher } from '../../src/renewals/resident-response';
import { scanService } from '../../src/services/scan';
import { engineStarter, startPendingRenewals } from '../../src/renewals/start-renewals';
import { recordLifeEvent, settleLifeEvents } from '../../src/residents/life-events';
import type { ResidentResponse } from '../../src/renewals/vocabulary';
import { REMISSION_OFFER_PROCESS_ID } from '../../src/services/remission/contract';
import { grantRemission } from '../../src/services/remission/grant';
import { startWorkers } from '../../workers';
import { nextBsn } from '../support/bsn-factory';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { removeAllProcessInstances, testEngine } from '../support/engine';
import { pdfText } from '../support/pdf-text';
import { createRenewalWorld, MUNICIPALITY } from '../support/renewal-world';
import { until } from '../support/until';

/**
 * The waste levy remission offer on the real engine: bpmn/remission-offer.bpmn and its decision
 * table deployed to the Operaton that the test run started, the real workers, the real database,
 * the Inlichtingenbureau stub over HTTP answering from what the import put in.
 */
const now = new Date();
const year = now.getUTCFullYear();
const logger = createLogger('silent');

interface ResidentSpec {
  /** Net household income a month in euros; null: no income figure; undefined household: nothing known. */
  income?: {
    household?: 'single' | 'single-parent' | 'couple';
    netMonthlyIncome: number | null;
    assetsAboveNorm?: boolean;
  } | null;
  grantedLastYear?: boolean;
  /** The years with an assessment (default: this year). */
  years?: number[];
}

let serial = 0;

describe('waste levy remission offer on the engine', () => {
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

  /** One resident with this year's assessment, imported as the municipality would. */
  async function importResident(spec: ResidentSpec): Promise<{ residentId: number; surname: string }> {
    serial += 1;
    const bsn = nextBsn();
    const surname = `Visser${serial}`;
    const income = spec.income === undefined ? { netMonthlyIncome: 1100 } : spec.income;
    await importFile(
      database.db,
      {
        formatVersion: 1,
        residents: [
          {
            bsn,
            givenNames: 'Noor',
            surname,
            birthDate: '1980-03-01',
            address: {
              street: 'Havenstraat',
              houseNumber: serial,
              postalCode: '9999 AB',
              city: MUNICIPALITY.name,
              municipalityCode: MUNICIPALITY.code,
              validFrom: '2010-01-01',
            },
            levyAssessments: (spec.years ?? [year]).map((y) => ({
              year: y,
              number: `AH-${y}-${bsn}`,
              household: 'multi-person',
              amount: 389.4,
            })),
            remissions: spec.grantedLastYear === undefined ? [] : [{ year: year - 1, granted: spec.grantedLastYear }],
            income:
              income === null
                ? null
                : {
                    household: income.household ?? 'single',
                    netMonthlyIncome: income.netMonthlyIncome,
                    assetsAboveNorm: income.assetsAboveNorm ?? false,
                    vehicleAboveNorm: false,
                    referenceDate: `${year}-01-01`,
                  },
          },
        ],
      },
      { municipalityName: MUNICIPALITY.name },
    );
    const resident = await database.db.resident.findUniqueOrThrow({ where: { bsn } });
    return { residentId: resident.id, surname };
  }

  /** One cycle of the yearly trigger on `on`, started on the engine with the catalogue's maturity. */
  async function cycle(on: Date, maturity: MaturityLevel, responseDeadline: string) {
    await scanService(
      database.db,
      { service: 'remission', trigger: { kind: 'yearly', from: '01-01' }, pageSize: 100, now: on, force: true },
      logger,
    );
    await startPendingRenewals(
      database.db,
      engineStarter(engine),
      {
        services: { remission: { process: REMISSION_OFFER_PROCESS_ID, maturity } },
        reminderAfter: 'P14D',
        responseDeadline,
        maxPerSecond: 100,
      },
      logger,
    );
  }

  async function startOffer(spec: ResidentSpec, maturity: MaturityLevel = 'automatic', responseDeadline = 'PT2M') {
    const resident = await importResident(spec);
    await cycle(now, maturity, responseDeadline);
    const renewal = await database.db.renewal.findFirstOrThrow({
      where: { residentId: resident.residentId, service: 'remission' },
    });
    return { ...resident, renewalId: renewal.id, processInstanceId: renewal.processInstanceId! };
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

  const templates = async (renewalId: number) =>
    (await database.db.letter.findMany({ where: { renewalId }, orderBy: { id: 'asc' } })).map((l) => l.template);

  const grants = (residentId: number) => database.db.remissionGrant.findMany({ where: { residentId, year } });

  /** The resident types the code from the offer letter at /verlengen and answers. */
  async function answerOffer(renewalId: number, response: ResidentResponse, report?: string) {
    await settledAs(renewalId, 'AWAITING_RESIDENT');
    const letter = await until('the offer letter', () =>
      database.db.letter.findFirst({ where: { renewalId, template: 'remission/offer' } }),
    );
    const text = await pdfText(letter.pdf);
    const code = /\b([A-Z2-9]{5}-[A-Z2-9]{5})\b/.exec(text)?.[1];
    if (!code) throw new Error(`No personal code in the offer letter: ${text}`);
    const deps = { db: database.db, engine: residentResponsePublisher(engine), now: () => now };
    expect(['delivered', 'queued']).toContain(await receiveResidentResponse(deps, code, response, report));
    await until('the answer to reach the process', async () => {
      await deliverPendingAnswers(deps);
      return (await database.db.residentAnswer.count({ where: { renewalId, state: 'DELIVERED' } })) === 1;
    });
    return text;
  }

  it('when a resident who had remission last year still qualifies and the policy allows it, then remission is granted without asking: one grant, one letter with the amount, one dispatch', async () => {
    const { renewalId, residentId, surname } = await startOffer({ grantedLastYear: true });
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'remission-granted' });
    expect(await grants(residentId)).toMatchObject([{ granted: true, source: 'tijdig', amountCents: 38940, renewalId }]);
    expect(await templates(renewalId)).toEqual(['remission/granted']);
    const letter = await database.db.letter.findFirstOrThrow({ where: { renewalId } });
    const text = await pdfText(letter.pdf);
    expect(text).toContain(surname);
    expect(text).toContain('€ 389,40');
    expect(text).toContain(`AH-${year}-`);
    expect(await database.db.dispatch.count({ where: { letterId: letter.id } })).toBe(1);
    expect(await database.db.confirmationCode.count({ where: { renewalId } })).toBe(0);
    const audit = await database.db.auditEvent.findMany({ where: { action: 'remission-granted', subjectId: String(renewalId) } });
    expect(audit).toMatchObject([{ actor: 'decision-table' }]);
    // The grant step delivered again (a lost completion) grants nothing twice.
    await grantRemission(world.ctx, renewalId, 'decision-table');
    expect(await grants(residentId)).toHaveLength(1);
    expect(await database.db.auditEvent.count({ where: { action: 'remission-granted', subjectId: String(renewalId) } })).toBe(1);
  });

  it('when a resident qualifies but had no remission last year, then an offer with a personal code goes out, and accepting it online grants remission with a letter', async () => {
    const { renewalId, residentId } = await startOffer({ grantedLastYear: false });
    const text = await answerOffer(renewalId, 'confirmed');
    expect(text).toContain('verlengen');
    expect(text).not.toContain('parkeerkaart');
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'remission-granted' });
    expect(await templates(renewalId)).toEqual(['remission/offer', 'remission/granted']);
    expect(await grants(residentId)).toMatchObject([{ granted: true, source: 'tijdig' }]);
    const audit = await database.db.auditEvent.findMany({ where: { action: 'remission-granted', subjectId: String(renewalId) } });
    expect(audit).toMatchObject([{ actor: 'resident-accepted-offer' }]);
  });

  it('when the municipality asks first even after last year’s remission, then that resident gets an offer, not a grant', async () => {
    const { renewalId, residentId } = await startOffer({ grantedLastYear: true }, 'notify-and-confirm');
    await settledAs(renewalId, 'AWAITING_RESIDENT');
    await until('the offer letter', async () => (await templates(renewalId)).length === 1);
    expect(await templates(renewalId)).toEqual(['remission/offer']);
    expect(await grants(residentId)).toEqual([]);
  });

  it('when the resident declines the offer, then the offer closes as declined and nothing is granted', async () => {
    const { renewalId, residentId } = await startOffer({});
    await answerOffer(renewalId, 'declined');
    expect(await settledAs(renewalId, 'STOPPED')).toMatchObject({ outcome: 'declined' });
    expect(await templates(renewalId)).toEqual(['remission/offer']);
    expect(await grants(residentId)).toEqual([]);
  });

  it('when the resident does not answer by the deadline, then the offer closes without an exception and without a reminder: an offer is not an obligation', async () => {
    const { renewalId, residentId, processInstanceId } = await startOffer({}, 'automatic', 'PT4S');
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'offer-expired' });
    const history = await database.db.renewalStatusChange.findMany({ where: { renewalId } });
    expect(history.filter((h) => h.status === 'EXCEPTION')).toEqual([]);
    expect((await engine.exceptionTasks.list()).filter((t) => t.processInstanceId === processInstanceId)).toEqual([]);
    expect(await templates(renewalId)).toEqual(['remission/offer']);
    expect(await grants(residentId)).toEqual([]);
  });

  it.each([
    ['an income above the norm', { income: { netMonthlyIncome: 1650 }, grantedLastYear: true }],
    ['savings above the norm', { income: { netMonthlyIncome: 900, assetsAboveNorm: true } }],
  ] as const)('when the household has %s, then nothing is offered and no letter goes out', async (_label, spec) => {
    const { renewalId, residentId } = await startOffer(spec);
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'not-offered' });
    expect(await templates(renewalId)).toEqual([]);
    expect(await grants(residentId)).toEqual([]);
  });

  it.each([
    ['the Inlichtingenbureau knows nothing of the household', { income: null }],
    ['the Inlichtingenbureau has no income figure', { income: { netMonthlyIncome: null } }],
  ] as const)(
    'when %s, then a case worker gets the offer with reason INCOME_DATA_UNKNOWN and the data asked, and can grant remission',
    async (_label, spec) => {
      const { renewalId, residentId, processInstanceId } = await startOffer(spec);
      await settledAs(renewalId, 'EXCEPTION');
      const [task, ...more] = await exceptionTask(processInstanceId);
      expect(more).toEqual([]);
      const history = await database.db.renewalStatusChange.findMany({ where: { renewalId, status: 'EXCEPTION' } });
      expect(history.map((h) => h.reason)).toEqual(['INCOME_DATA_UNKNOWN']);
      expect(history[0]!.facts).toMatchObject({ source: 'Inlichtingenbureau', incomeCheck: 'unknown', taxYear: year });
      expect(await templates(renewalId)).toEqual([]);

      expect(
        await engine.exceptionTasks.complete(task!.taskId, { decision: 'grant-remission', decisionNote: 'Inkomen nagevraagd.' }),
      ).toBe(true);
      expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'remission-granted' });
      expect(await templates(renewalId)).toEqual(['remission/granted']);
      expect(await grants(residentId)).toMatchObject([{ granted: true }]);
    },
  );

  it('when the resident reports a change instead of accepting, then a case worker gets the offer with reason RESIDENT_REPORTED_CHANGE and the report, and can stop it', async () => {
    const { renewalId, residentId, processInstanceId } = await startOffer({});
    await answerOffer(renewalId, 'reported-change', 'Ik heb sinds kort werk.');
    await settledAs(renewalId, 'EXCEPTION');
    const [task] = await exceptionTask(processInstanceId);
    const history = await database.db.renewalStatusChange.findMany({ where: { renewalId, status: 'EXCEPTION' } });
    expect(history.map((h) => h.reason)).toEqual(['RESIDENT_REPORTED_CHANGE']);
    expect(history[0]!.facts).toMatchObject({ residentReport: 'Ik heb sinds kort werk.' });

    expect(await engine.exceptionTasks.complete(task!.taskId, { decision: 'stop', decisionNote: 'Inkomen te hoog.' })).toBe(true);
    expect(await settledAs(renewalId, 'STOPPED')).toMatchObject({ outcome: 'stopped' });
    expect(await templates(renewalId)).toEqual(['remission/offer']);
    expect(await grants(residentId)).toEqual([]);
  });

  it('when the resident dies while the offer waits for an answer, then the offer ends as resident-left and nothing more is sent', async () => {
    const { renewalId, residentId } = await startOffer({});
    await settledAs(renewalId, 'AWAITING_RESIDENT');
    // The letter's contact moment is the last step before the offer waits for the answer.
    await until('the offer letter recorded as a contact moment', async () => {
      return (await database.db.contactMoment.count({ where: { renewalId, subject: 'remission/offer' } })) === 1;
    });
    await recordLifeEvent(database.db, residentId, {
      kind: 'DECEASED',
      facts: { source: 'BRP', readOn: now.toISOString().slice(0, 10) },
    });
    await settleLifeEvents({
      db: database.db,
      brp: world.ctx.brp,
      messages: engine,
      municipalityCode: MUNICIPALITY.code,
      logger,
      now: () => now,
    });
    expect(await settledAs(renewalId, 'STOPPED')).toMatchObject({ outcome: 'resident-left' });
    expect(await templates(renewalId)).toEqual(['remission/offer']);
    expect(await grants(residentId)).toEqual([]);
  });

  it('when a yearly scan runs twice, then each resident gets one offer for the year', async () => {
    const { residentId } = await startOffer({ grantedLastYear: true });
    await cycle(now, 'automatic', 'PT2M');
    expect(await database.db.renewal.count({ where: { residentId, service: 'remission' } })).toBe(1);
  });

  it('when the process owner raises the income norm in the decision table and deploys it, then next year’s cycle offers remission to a resident it did not offer it to before, without a code change', async () => {
    const { residentId } = await importResident({ income: { netMonthlyIncome: 1500 }, years: [year, year + 1] });
    await cycle(now, 'automatic', 'PT2M');
    const first = await database.db.renewal.findFirstOrThrow({ where: { residentId, subject: { contains: `levy-${year}-` } } });
    expect(await settledAs(first.id, 'COMPLETED')).toMatchObject({ outcome: 'not-offered' });

    const original = await readFile(path.join(BPMN_DIR, 'remission-eligibility.dmn'), 'utf8');
    const raised = original.replace('&gt; 1401.50', '&gt; 1600.00');
    expect(raised).not.toBe(original);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-dmn-'));
    try {
      await writeFile(path.join(dir, 'remission-eligibility.dmn'), raised);
      expect((await engine.deploy(dir)).changed).toBe(true);

      await cycle(new Date(Date.UTC(year + 1, 0, 20, 7)), 'automatic', 'PT2M');
      const next = await database.db.renewal.findFirstOrThrow({
        where: { residentId, subject: { contains: `levy-${year + 1}-` } },
      });
      await settledAs(next.id, 'AWAITING_RESIDENT');
      await until('the offer letter', async () => (await templates(next.id)).length === 1);
      expect(await templates(next.id)).toEqual(['remission/offer']);
    } finally {
      // Put the table in bpmn/ back as the latest version, for the other tests on this engine.
      await engine.deploy(BPMN_DIR);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
