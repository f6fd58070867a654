import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MaturityLevel } from '../../src/config';
import { BPMN_DIR } from '../../src/engine/connect';
import type { ProcessEngine, Workers } from '../../src/engine/port';
import { importFile } from '../../src/import/import';
import { createLogger } from '../../src/logger';
import { scanService } from '../../src/services/scan';
import { engineStarter, startPendingRenewals } from '../../src/renewals/start-renewals';
import { settleLifeEvents } from '../../src/residents/life-events';
import { PARTICIPATION_OFFER_PROCESS_ID } from '../../src/services/participation/contract';
import { grantParticipation } from '../../src/services/participation/grant';
import { startWorkers } from '../../workers';
import { nextBsn } from '../support/bsn-factory';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { removeAllProcessInstances, testEngine } from '../support/engine';
import { pdfText } from '../support/pdf-text';
import { createRenewalWorld, MUNICIPALITY } from '../support/renewal-world';
import { until } from '../support/until';

/**
 * The children's participation offer on the real engine: bpmn/participation-offer.bpmn and its
 * decision table deployed to the Operaton the test run started, the real workers, the real
 * database, the BRP stub answering from what the import put in.
 */
// One Date the world's clock returns (src/renewals/context.ts takes `now: () => now`): moving it
// with setTime moves the scan's and the workers' day together, for a birthday later in the year.
// Mid-year, so the days the tests move on never cross into the next year.
const clock = new Date(Date.UTC(new Date().getUTCFullYear(), 5, 1, 7));
const start = new Date(clock.getTime());
const year = clock.getUTCFullYear();
const logger = createLogger('silent');

/** An ISO birth date `years` before the clock's day, shifted by `days`. */
function bornYearsAgo(years: number, days = 0): string {
  const d = new Date(Date.UTC(start.getUTCFullYear() - years, start.getUTCMonth(), start.getUTCDate() + days));
  return d.toISOString().slice(0, 10);
}

interface HouseholdSpec {
  /** Children's birth dates. */
  children: string[];
  incomePercent?: number;
  /** The record's household size; default: the parent and the children. */
  householdSize?: number;
  validUntil?: string;
  register?: Record<string, unknown>;
}

let serial = 0;

describe("children's participation offer on the engine", () => {
  jest.setTimeout(120_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let engine: ProcessEngine;
  let workers: Workers;

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, clock);
    engine = testEngine(() => clock);
    await engine.deploy(BPMN_DIR);
    workers = startWorkers(engine, world.ctx, logger, { maxConcurrency: 8, lockDurationMs: 30_000, longPollMs: 5000 });
  });

  afterAll(async () => {
    await workers?.stop();
    await removeAllProcessInstances();
    await world?.stop();
    await database?.drop();
  });

  afterEach(() => clock.setTime(start.getTime()));

  /** A parent with a participation record and children at the same address, imported as the municipality would. */
  async function importHousehold(spec: HouseholdSpec) {
    serial += 1;
    const surname = `Bakker${serial}`;
    const address = {
      street: 'Schoolstraat',
      houseNumber: serial,
      postalCode: '9999 CD',
      city: MUNICIPALITY.name,
      municipalityCode: MUNICIPALITY.code,
      validFrom: '2015-01-01',
    };
    const parentBsn = nextBsn();
    const childBsns = spec.children.map(() => nextBsn());
    await importFile(
      database.db,
      {
        formatVersion: 1,
        residents: [
          {
            bsn: parentBsn,
            givenNames: 'Sanne',
            surname,
            birthDate: '1985-04-02',
            address,
            ...(spec.register ? { register: spec.register } : {}),
            participationRecords: [
              {
                year,
                incomePercentOfSocialMinimum: spec.incomePercent ?? 110,
                householdSize: spec.householdSize ?? spec.children.length + 1,
                validUntil: spec.validUntil ?? `${year}-12-31`,
                source: 'bijstand',
              },
            ],
          },
          ...spec.children.map((birthDate, i) => ({
            bsn: childBsns[i]!,
            givenNames: `Kind${i + 1}`,
            surname,
            birthDate,
            address,
          })),
        ],
      },
      { municipalityName: MUNICIPALITY.name },
    );
    const parent = await database.db.resident.findUniqueOrThrow({ where: { bsn: parentBsn } });
    const children = await database.db.resident.findMany({ where: { bsn: { in: childBsns } }, orderBy: { birthDate: 'asc' } });
    return { parentId: parent.id, parentBsn, surname, children };
  }

  /** One day's yearly scan, and the cases it found started on the engine. */
  async function cycle(maturity: MaturityLevel = 'automatic') {
    await scanService(
      database.db,
      { service: 'participation', trigger: { kind: 'yearly', from: '01-01' }, pageSize: 100, now: clock, force: true },
      logger,
    );
    await startPendingRenewals(
      database.db,
      engineStarter(engine),
      {
        services: { participation: { process: PARTICIPATION_OFFER_PROCESS_ID, maturity } },
        reminderAfter: 'P14D',
        responseDeadline: 'P30D',
        maxPerSecond: 100,
      },
      logger,
    );
  }

  async function startOffer(spec: HouseholdSpec, maturity: MaturityLevel = 'automatic') {
    const household = await importHousehold(spec);
    await cycle(maturity);
    const renewal = await database.db.renewal.findFirstOrThrow({
      where: { residentId: household.parentId, service: 'participation' },
    });
    return { ...household, renewalId: renewal.id, processInstanceId: renewal.processInstanceId! };
  }

  const settledAs = (renewalId: number, status: 'COMPLETED' | 'STOPPED' | 'EXCEPTION') =>
    until(`renewal ${renewalId} to be ${status}`, async () => {
      const renewal = await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
      return renewal.status === status && renewal;
    });

  const exceptionTask = (processInstanceId: string) =>
    until('the exception task', async () => {
      const tasks = (await engine.exceptionTasks.list()).filter((task) => task.processInstanceId === processInstanceId);
      return tasks.length > 0 && tasks;
    });

  const letters = (renewalId: number) => database.db.letter.findMany({ where: { renewalId }, orderBy: { id: 'asc' } });
  const exceptionReasons = async (renewalId: number) =>
    (await database.db.renewalStatusChange.findMany({ where: { renewalId, status: 'EXCEPTION' } })).map((h) => h.reason);

  it('when a household within the income limit has two school children and a toddler, then one offer letter names the two children with the amounts, under automatic says the money is ready, and a redelivered grant records nothing twice', async () => {
    const { renewalId, surname, children } = await startOffer({
      children: [bornYearsAgo(2), bornYearsAgo(7), bornYearsAgo(12)],
    });
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'participation-offered' });
    const [letter, ...more] = await letters(renewalId);
    expect(more).toEqual([]);
    expect(letter!.template).toBe('participation/offer');
    const text = await pdfText(letter!.pdf);
    expect(text).toContain(`Kind2 ${surname} (7 jaar)`);
    expect(text).toContain(`Kind3 ${surname} (12 jaar)`);
    expect(text).not.toContain('Kind1');
    expect(text).toContain('€ 350,00');
    expect(text).toContain('€ 425,00');
    expect(text).toContain('Het geld staat klaar');
    expect(text).toContain(`31 december ${year}`);
    expect(await database.db.dispatch.count({ where: { letterId: letter!.id } })).toBe(1);
    expect(await database.db.contactMoment.count({ where: { renewalId, subject: 'participation/offer' } })).toBe(1);
    const allowance = await database.db.participationAllowance.findUniqueOrThrow({ where: { renewalId } });
    // children are ordered by birth date: the oldest first.
    expect([...allowance.childIds].sort()).toEqual([children[0]!.id, children[1]!.id].sort());
    expect(allowance).toMatchObject({ sportAmountCents: 35000, cultureAmountCents: 42500, maturity: 'automatic' });

    await grantParticipation(
      world.ctx,
      renewalId,
      { minimumAge: 4, maximumAge: 17, sportAmountEuros: 350, cultureAmountEuros: 425 },
      'automatic',
      'decision-table',
    );
    expect(await database.db.participationAllowance.count({ where: { renewalId } })).toBe(1);
    expect(await database.db.auditEvent.count({ where: { action: 'participation-offered', subjectId: String(renewalId) } })).toBe(
      1,
    );
  });

  it('when the municipality only notifies, then the letter asks the household to call first', async () => {
    const { renewalId } = await startOffer({ children: [bornYearsAgo(9)] }, 'notify-only');
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'participation-offered' });
    const [letter] = await letters(renewalId);
    const text = await pdfText(letter!.pdf);
    expect(text).toContain('Bel ons op 14 0999');
    expect(text).not.toContain('Het geld staat klaar');
  });

  it('when the household’s income is above the limit, then nothing is offered and no letter goes out', async () => {
    const { renewalId } = await startOffer({ children: [bornYearsAgo(8)], incomePercent: 145 });
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'not-offered' });
    expect(await letters(renewalId)).toEqual([]);
    expect(await database.db.participationAllowance.count({ where: { renewalId } })).toBe(0);
  });

  it('when the participation record has expired, then a case worker gets it with reason PARTICIPATION_RECORD_OUTDATED and the record’s facts, and can make the offer anyway', async () => {
    const { renewalId, processInstanceId } = await startOffer({
      children: [bornYearsAgo(10)],
      validUntil: bornYearsAgo(0, -1),
    });
    await settledAs(renewalId, 'EXCEPTION');
    const [task, ...others] = await exceptionTask(processInstanceId);
    expect(others).toEqual([]);
    expect(await exceptionReasons(renewalId)).toEqual(['PARTICIPATION_RECORD_OUTDATED']);
    const [history] = await database.db.renewalStatusChange.findMany({ where: { renewalId, status: 'EXCEPTION' } });
    expect(history!.facts).toMatchObject({ source: 'participation record (bijstand)', incomePercentOfSocialMinimum: 110 });
    expect(await letters(renewalId)).toEqual([]);

    expect(
      await engine.exceptionTasks.complete(task!.taskId, {
        decision: 'offer-participation',
        decisionNote: 'Inkomen nagevraagd.',
      }),
    ).toBe(true);
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'participation-offered' });
    expect((await letters(renewalId)).map((l) => l.template)).toEqual(['participation/offer']);
    const audit = await database.db.auditEvent.findMany({
      where: { action: 'participation-offered', subjectId: String(renewalId) },
    });
    expect(audit).toMatchObject([{ actor: 'case-worker' }]);
  });

  it('when the household at the address differs from the record, then a case worker gets it with reason HOUSEHOLD_UNCLEAR, and stopping it sends nothing', async () => {
    const { renewalId, processInstanceId } = await startOffer({ children: [bornYearsAgo(6)], householdSize: 4 });
    await settledAs(renewalId, 'EXCEPTION');
    const [task] = await exceptionTask(processInstanceId);
    expect(await exceptionReasons(renewalId)).toEqual(['HOUSEHOLD_UNCLEAR']);
    const [history] = await database.db.renewalStatusChange.findMany({ where: { renewalId, status: 'EXCEPTION' } });
    expect(history!.facts).toMatchObject({ householdSizeOnRecord: 4, personsAtAddress: 2 });

    expect(await engine.exceptionTasks.complete(task!.taskId, { decision: 'stop', decisionNote: 'Nieuwe aanvraag nodig.' })).toBe(
      true,
    );
    expect(await settledAs(renewalId, 'STOPPED')).toMatchObject({ outcome: 'stopped' });
    expect(await letters(renewalId)).toEqual([]);
  });

  it('when the BRP has no usable address for the household, then a case worker gets it with reason ADDRESS_UNKNOWN before anything is decided, and no letter goes out', async () => {
    const household = await importHousehold({ children: [bornYearsAgo(11)] });
    await database.db.stubBrpPerson.update({
      where: { bsn: household.parentBsn },
      data: { street: null, houseNumber: null, houseNumberAddition: null, postalCode: null, city: null },
    });
    await cycle();
    const renewal = await database.db.renewal.findFirstOrThrow({
      where: { residentId: household.parentId, service: 'participation' },
    });
    await settledAs(renewal.id, 'EXCEPTION');
    await exceptionTask(renewal.processInstanceId!);
    expect(await exceptionReasons(renewal.id)).toEqual(['ADDRESS_UNKNOWN']);
    expect(await letters(renewal.id)).toEqual([]);
  });

  it('when the parent has died according to the BRP, then the offer ends as resident-left and no letter goes to them', async () => {
    const { renewalId, processInstanceId } = await startOffer({
      children: [bornYearsAgo(9)],
      register: { status: 'deceased', deceasedOn: bornYearsAgo(0, -20) },
    });
    // The residence check finds the death and records it; the life events then end every service of theirs.
    await settledAs(renewalId, 'EXCEPTION');
    expect(await exceptionReasons(renewalId)).toEqual(['DECEASED']);
    await settleLifeEvents({
      db: database.db,
      brp: world.ctx.brp,
      messages: engine,
      municipalityCode: MUNICIPALITY.code,
      logger,
      now: () => clock,
    });
    expect(await settledAs(renewalId, 'STOPPED')).toMatchObject({ outcome: 'resident-left' });
    expect(await letters(renewalId)).toEqual([]);
    expect((await engine.exceptionTasks.list()).filter((t) => t.processInstanceId === processInstanceId)).toEqual([]);
  });

  it('when a child reaches the starting age later in the year, then that day’s scan offers it once, naming only that child; a child the yearly offer named gets no second one', async () => {
    // Kind1 turns 4 in three days; Kind2 is 8 and is named in the yearly offer.
    const { parentId, surname, children } = await importHousehold({ children: [bornYearsAgo(8), bornYearsAgo(4, 3)] });
    const [older, younger] = children;
    expect(younger!.givenNames).toBe('Kind2');
    await cycle();
    const yearly = await database.db.renewal.findFirstOrThrow({ where: { residentId: parentId, service: 'participation' } });
    expect(await settledAs(yearly.id, 'COMPLETED')).toMatchObject({ outcome: 'participation-offered' });
    expect(await database.db.participationAllowance.findUniqueOrThrow({ where: { renewalId: yearly.id } })).toMatchObject({
      childIds: [older!.id],
    });

    // Two days on: nobody has a birthday yet, so no new case.
    clock.setTime(start.getTime() + 2 * 86_400_000);
    await cycle();
    expect(await database.db.renewal.count({ where: { residentId: parentId, service: 'participation' } })).toBe(1);

    // On the fourth birthday, and on the day after: one case for that child.
    clock.setTime(start.getTime() + 3 * 86_400_000);
    await cycle();
    clock.setTime(start.getTime() + 4 * 86_400_000);
    await cycle();
    const cases = await database.db.renewal.findMany({
      where: { residentId: parentId, service: 'participation' },
      orderBy: { id: 'asc' },
    });
    expect(cases.map((c) => c.subject)).toEqual([
      `participation-${year}-r${parentId}`,
      `participation-${year}-r${parentId}-child-${younger!.id}`,
    ]);
    const birthdayCase = cases[1]!;
    expect(await settledAs(birthdayCase.id, 'COMPLETED')).toMatchObject({ outcome: 'participation-offered' });
    const [letter, ...more] = await letters(birthdayCase.id);
    expect(more).toEqual([]);
    const text = await pdfText(letter!.pdf);
    expect(text).toContain(`Kind2 ${surname} (4 jaar)`);
    expect(text).not.toContain('Kind1');
    expect(await database.db.participationAllowance.findUniqueOrThrow({ where: { renewalId: birthdayCase.id } })).toMatchObject({
      childIds: [younger!.id],
    });
  });

  it('when the process owner raises the income limit in the decision table and deploys it, then next year’s cycle offers to a household it did not offer to before, without a code change', async () => {
    const household = await importHousehold({ children: [bornYearsAgo(9)], incomePercent: 140 });
    // Next year's record, from the same municipality file.
    await database.db.participationRecord.create({
      data: {
        residentId: household.parentId,
        year: year + 1,
        incomePercentOfSocialMinimum: 140,
        householdSize: 2,
        validUntil: new Date(Date.UTC(year + 1, 11, 31)),
        source: 'bijstand',
      },
    });
    await cycle();
    const first = await database.db.renewal.findFirstOrThrow({
      where: { residentId: household.parentId, service: 'participation' },
    });
    expect(await settledAs(first.id, 'COMPLETED')).toMatchObject({ outcome: 'not-offered' });

    const original = await readFile(path.join(BPMN_DIR, 'participation-eligibility.dmn'), 'utf8');
    const raised = original.replace('<text>&gt; 130</text>', '<text>&gt; 150</text>');
    expect(raised).not.toBe(original);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-dmn-'));
    try {
      await writeFile(path.join(dir, 'participation-eligibility.dmn'), raised);
      expect((await engine.deploy(dir)).changed).toBe(true);

      clock.setTime(Date.UTC(year + 1, 0, 20, 7));
      await cycle();
      const next = await database.db.renewal.findFirstOrThrow({
        where: { residentId: household.parentId, subject: `participation-${year + 1}-r${household.parentId}` },
      });
      expect(await settledAs(next.id, 'COMPLETED')).toMatchObject({ outcome: 'participation-offered' });
      expect((await letters(next.id)).map((l) => l.template)).toEqual(['participation/offer']);
    } finally {
      // Put the table in bpmn/ back as the latest version, for the other tests on this engine.
      await engine.deploy(BPMN_DIR);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when a child has its birthday while the yearly offer waits for a case worker, then its own case waits until the yearly offer has ended', async () => {
    const { parentId, processInstanceId, children, renewalId } = await startOffer({
      children: [bornYearsAgo(9), bornYearsAgo(4, 2)],
      validUntil: bornYearsAgo(0, -1),
    });
    await settledAs(renewalId, 'EXCEPTION');
    const [task] = await exceptionTask(processInstanceId);

    clock.setTime(start.getTime() + 3 * 86_400_000);
    await cycle();
    expect(await database.db.renewal.count({ where: { residentId: parentId, service: 'participation' } })).toBe(1);

    expect(await engine.exceptionTasks.complete(task!.taskId, { decision: 'stop', decisionNote: 'Eerst nieuwe gegevens.' })).toBe(
      true,
    );
    await settledAs(renewalId, 'STOPPED');
    await cycle();
    const subjects = (await database.db.renewal.findMany({ where: { residentId: parentId, service: 'participation' } })).map(
      (r) => r.subject,
    );
    expect(subjects.sort()).toEqual(
      [`participation-${year}-r${parentId}`, `participation-${year}-r${parentId}-child-${children[1]!.id}`].sort(),
    );
  });
});
