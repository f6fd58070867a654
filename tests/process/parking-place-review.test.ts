import { BPMN_DIR } from '../../src/engine/connect';
import type { ProcessEngine, Workers } from '../../src/engine/port';
import { importFile } from '../../src/import/import';
import { createLogger } from '../../src/logger';
import { scanService } from '../../src/services/scan';
import { engineStarter, startPendingRenewals } from '../../src/renewals/start-renewals';
import { settleLifeEvents, sweepRegister } from '../../src/residents/life-events';
import { GPK_RENEWAL_PROCESS_ID } from '../../src/services/gpk/contract';
import { PARKING_PLACE_REVIEW_PROCESS_ID, PARKING_PLACE_SERVICE } from '../../src/services/parking-place/contract';
import { requestParkingPlaceReview } from '../../src/services/parking-place/request-review';
import { REMISSION_OFFER_PROCESS_ID } from '../../src/services/remission/contract';
import { startWorkers } from '../../workers';
import { nextBsn } from '../support/bsn-factory';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createRestClient } from '../../src/engine/operaton/rest';
import { evaluateDecision, removeAllProcessInstances, testEngine, testEngineAccess } from '../support/engine';
import { pdfText } from '../support/pdf-text';
import { createRenewalWorld, MUNICIPALITY } from '../support/renewal-world';
import { until } from '../support/until';

/**
 * The disabled parking place review on the real engine: the GPK renewal (bpmn/gpk-renewal.bpmn)
 * starts bpmn/parking-place-review.bpmn by message, its decision table decides, the traffic
 * department's task is the one human step; the real workers, database and BRP and RDW stubs.
 */
const now = new Date();
const year = now.getUTCFullYear();
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const logger = createLogger('silent');

interface PlaceHolderSpec {
  /** The GPK's indication: a temporary one ending before the new card would, makes the GPK an exception. */
  indicationEnds?: boolean;
  /** Who the RDW has the place's plate registered to. */
  vehicle?: 'holder' | 'other-holder';
  /** This year's waste levy with a low income and no grant last year: a remission offer runs too. */
  levy?: boolean;
  /** The BRP has the holder registered in another municipality. */
  movedAway?: boolean;
}

let serial = 0;

describe('disabled parking place review on the engine', () => {
  jest.setTimeout(180_000);
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

  /** A GPK holder with a reserved place on their plate, imported as the municipality would. */
  async function importPlaceHolder(spec: PlaceHolderSpec) {
    serial += 1;
    const bsn = nextBsn();
    const surname = `Smit${serial}`;
    const expiresOn = inDays(40 + serial);
    const validFrom = `${Number(expiresOn.slice(0, 4)) - 5}${expiresOn.slice(4)}`;
    const plate = `PL${String(100 + serial).slice(-3)}Z`;
    await importFile(
      database.db,
      {
        formatVersion: 1,
        residents: [
          {
            bsn,
            givenNames: 'Henk',
            surname,
            birthDate: '1948-06-01',
            address: {
              street: 'Kerkstraat',
              houseNumber: serial,
              postalCode: '9999 AC',
              city: MUNICIPALITY.name,
              municipalityCode: MUNICIPALITY.code,
              validFrom: '2001-01-01',
            },
            permits: [
              {
                number: `GPK-P-${bsn}`,
                kind: 'B',
                validFrom,
                expiresOn,
                indication: spec.indicationEnds
                  ? { kind: 'TEMPORARY', assessedOn: validFrom, endsOn: inDays(100) }
                  : { kind: 'PERMANENT', assessedOn: validFrom },
              },
            ],
            parkingPlace: {
              decree: `VB-T-${bsn}`,
              licencePlate: plate,
              location: `Kerkstraat, tegenover nummer ${serial}`,
              decreedOn: '2022-05-01',
              registers: { vehicle: spec.vehicle ?? 'holder' },
            },
            ...(spec.movedAway ? { register: { status: 'moved', municipality: { code: '0344', name: 'Utrecht' } } } : {}),
            ...(spec.levy
              ? {
                  levyAssessments: [{ year, number: `AH-${year}-${bsn}`, household: 'single', amount: 312.4 }],
                  income: {
                    household: 'single',
                    netMonthlyIncome: 1100,
                    assetsAboveNorm: false,
                    vehicleAboveNorm: false,
                    referenceDate: `${year}-01-01`,
                  },
                }
              : {}),
          },
        ],
      },
      { municipalityName: MUNICIPALITY.name },
    );
    const resident = await database.db.resident.findUniqueOrThrow({ where: { bsn }, include: { parkingPlaces: true } });
    return { bsn, surname, residentId: resident.id, place: resident.parkingPlaces[0]! };
  }

  /** The day's scans of the GPK (and the remission offer) and the starts, as `npm run cycle` runs them. */
  async function cycle() {
    await scanService(
      database.db,
      { service: 'gpk', trigger: { kind: 'expiry', leadTimeDays: 70, validityYears: 5 }, pageSize: 100, now, force: true },
      logger,
    );
    await scanService(
      database.db,
      { service: 'remission', trigger: { kind: 'yearly', from: '01-01' }, pageSize: 100, now, force: true },
      logger,
    );
    await startPendingRenewals(
      database.db,
      engineStarter(engine),
      {
        services: {
          gpk: { process: GPK_RENEWAL_PROCESS_ID, maturity: 'automatic' },
          remission: { process: REMISSION_OFFER_PROCESS_ID, maturity: 'automatic' },
        },
        reminderAfter: 'P14D',
        responseDeadline: 'P28D',
        maxPerSecond: 100,
      },
      logger,
    );
  }

  async function start(spec: PlaceHolderSpec) {
    const holder = await importPlaceHolder(spec);
    await cycle();
    const gpk = await database.db.renewal.findFirstOrThrow({ where: { residentId: holder.residentId, service: 'gpk' } });
    return { ...holder, gpk };
  }

  const statusOf = (renewalId: number, ...statuses: string[]) =>
    until(`renewal ${renewalId} to be ${statuses.join(' or ')}`, async () => {
      const renewal = await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
      return statuses.includes(renewal.status) && renewal;
    });

  const reviewOf = (residentId: number) =>
    until('the parking place review', () =>
      database.db.renewal.findFirst({ where: { residentId, service: PARKING_PLACE_SERVICE, processInstanceId: { not: null } } }),
    );

  const tasksOf = (processInstanceId: string) =>
    until('the exception task', async () => {
      const tasks = (await engine.exceptionTasks.list()).filter((task) => task.processInstanceId === processInstanceId);
      return tasks.length > 0 && tasks;
    });

  const templates = async (renewalId: number) =>
    (await database.db.letter.findMany({ where: { renewalId }, orderBy: { id: 'asc' } })).map((l) => l.template);

  it("when the GPK is renewed and the plate is still the holder's, then the review confirms the place without anyone acting and without a letter of its own, and a repeated request starts no second review", async () => {
    const { residentId, gpk, place } = await start({});
    expect(await statusOf(gpk.id, 'COMPLETED')).toMatchObject({ outcome: 'renewed' });
    const review = await reviewOf(residentId);
    expect(review.subject).toBe(`place-${place.id}/gpk-${gpk.id}`);
    expect(await statusOf(review.id, 'COMPLETED')).toMatchObject({ outcome: 'place-kept' });
    expect(await templates(review.id)).toEqual([]);
    expect(await templates(gpk.id)).toEqual(['gpk/renewed']);

    // The engine hands the request out again after a lost completion: still one review, one instance.
    await requestParkingPlaceReview(world.ctx, gpk.id, 'gpk-renewed');
    expect(await database.db.renewal.count({ where: { residentId, service: PARKING_PLACE_SERVICE } })).toBe(1);
    expect(await reviewInstances(review.id)).toBe(1);
    expect((await database.db.parkingPlace.findUniqueOrThrow({ where: { id: place.id } })).withdrawnOn).toBeNull();
  });

  it("when the GPK is renewed but the RDW has the plate in someone else's name, then the traffic department gets one task (plate changed); keeping the place sends the holder a letter saying so", async () => {
    const { residentId, gpk, surname } = await start({ vehicle: 'other-holder' });
    expect(await statusOf(gpk.id, 'COMPLETED')).toMatchObject({ outcome: 'renewed' });
    const review = await reviewOf(residentId);
    await statusOf(review.id, 'EXCEPTION');
    const tasks = await tasksOf(review.processInstanceId!);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.processKey).toBe(PARKING_PLACE_REVIEW_PROCESS_ID);
    const history = await database.db.renewalStatusChange.findMany({ where: { renewalId: review.id, status: 'EXCEPTION' } });
    expect(history.map((h) => h.reason)).toEqual(['PLATE_CHANGED']);
    expect(history[0]!.facts).toMatchObject({ source: 'RDW', plateRegisteredToHolder: false, holderStatus: 'here' });

    expect(
      await engine.exceptionTasks.complete(tasks[0]!.taskId, {
        decision: 'keep-place',
        decisionNote: 'Het besluit is aangepast aan uw nieuwe kenteken.',
      }),
    ).toBe(true);
    expect(await statusOf(review.id, 'COMPLETED')).toMatchObject({ outcome: 'place-kept' });
    expect(await templates(review.id)).toEqual(['parking-place/place-stays']);
    const letter = await database.db.letter.findFirstOrThrow({ where: { renewalId: review.id } });
    const text = await pdfText(letter.pdf);
    expect(text).toContain(surname);
    expect(text).toContain('Het besluit is aangepast aan uw nieuwe kenteken.');
    expect(letter.reference).toMatch(/^GPP-/);
  });

  it('when a case worker stops the GPK, then the review asks the traffic department to withdraw the decree; withdrawing records it in the place register and tells the holder why', async () => {
    const { residentId, gpk, place } = await start({ indicationEnds: true });
    await statusOf(gpk.id, 'EXCEPTION');
    const [gpkTask] = await tasksOf(gpk.processInstanceId!);
    await engine.exceptionTasks.complete(gpkTask!.taskId, { decision: 'stop', decisionNote: 'De indicatie loopt af.' });
    expect(await statusOf(gpk.id, 'STOPPED')).toMatchObject({ outcome: 'stopped' });

    const review = await reviewOf(residentId);
    await statusOf(review.id, 'EXCEPTION');
    const history = await database.db.renewalStatusChange.findMany({ where: { renewalId: review.id, status: 'EXCEPTION' } });
    expect(history.map((h) => h.reason)).toEqual(['GPK_NOT_RENEWED']);
    const [task] = await tasksOf(review.processInstanceId!);
    await engine.exceptionTasks.complete(task!.taskId, {
      decision: 'withdraw-decree',
      decisionNote: 'Uw gehandicaptenparkeerkaart wordt niet verlengd.',
    });
    expect(await statusOf(review.id, 'COMPLETED')).toMatchObject({ outcome: 'decree-withdrawn' });
    const withdrawn = await database.db.parkingPlace.findUniqueOrThrow({ where: { id: place.id } });
    expect(withdrawn.withdrawnOn).not.toBeNull();
    expect(await templates(review.id)).toEqual(['parking-place/place-withdrawn']);
    const text = await pdfText((await database.db.letter.findFirstOrThrow({ where: { renewalId: review.id } })).pdf);
    expect(text).toContain('Uw gehandicaptenparkeerkaart wordt niet verlengd.');
    expect(text).toContain(place.location);
  });

  it('when a resident with a GPK, a reserved parking place and a remission offer running dies, then all three stop, no letter goes to them, and exactly one task waits: the traffic department withdrawing the decree', async () => {
    const { residentId, bsn, gpk, place } = await start({ indicationEnds: true, levy: true });
    await statusOf(gpk.id, 'EXCEPTION');
    const remission = await database.db.renewal.findFirstOrThrow({ where: { residentId, service: 'remission' } });
    await statusOf(remission.id, 'AWAITING_RESIDENT');
    await until('the offer letter to be sent', () =>
      database.db.contactMoment.findFirst({ where: { renewalId: remission.id, subject: 'remission/offer' } }),
    );
    const lettersBefore = await database.db.letter.findMany({ where: { renewal: { residentId } }, select: { template: true } });
    expect(lettersBefore.map((l) => l.template)).toEqual(['remission/offer']);

    await database.db.stubBrpPerson.update({ where: { bsn }, data: { deceasedOn: now, suspensionReason: 'O' } });
    const deps = {
      db: database.db,
      brp: world.ctx.brp,
      messages: engine,
      municipalityCode: MUNICIPALITY.code,
      logger,
      now: () => now,
    };
    expect(await sweepRegister(deps)).toBe(1);
    await settleLifeEvents(deps);

    expect(await statusOf(gpk.id, 'STOPPED', 'COMPLETED')).toMatchObject({ outcome: 'resident-left' });
    expect(await statusOf(remission.id, 'STOPPED', 'COMPLETED')).toMatchObject({ outcome: 'resident-left' });
    const review = await reviewOf(residentId);
    await statusOf(review.id, 'EXCEPTION');
    const reasons = await database.db.renewalStatusChange.findMany({ where: { renewalId: review.id, status: 'EXCEPTION' } });
    expect(reasons.map((r) => r.reason)).toEqual(['HOLDER_DECEASED']);

    const instances = [gpk.processInstanceId, remission.processInstanceId, review.processInstanceId];
    const open = (await engine.exceptionTasks.list()).filter((t) => instances.includes(t.processInstanceId));
    expect(open.map((t) => t.processKey)).toEqual([PARKING_PLACE_REVIEW_PROCESS_ID]);

    await engine.exceptionTasks.complete(open[0]!.taskId, { decision: 'withdraw-decree', decisionNote: 'Houder overleden.' });
    expect(await statusOf(review.id, 'COMPLETED')).toMatchObject({ outcome: 'decree-withdrawn' });
    expect((await database.db.parkingPlace.findUniqueOrThrow({ where: { id: place.id } })).withdrawnOn).not.toBeNull();
    const lettersAfter = await database.db.letter.findMany({ where: { renewal: { residentId } }, select: { template: true } });
    expect(lettersAfter).toEqual(lettersBefore);
  });

  it('when the GPK holder moved to another municipality, then the GPK ends as resident left and the traffic department gets the place with reason holder left, and no letter follows their old address', async () => {
    const { residentId, gpk } = await start({ movedAway: true });
    await statusOf(gpk.id, 'EXCEPTION');
    expect(await database.db.lifeEvent.findFirst({ where: { residentId } })).toMatchObject({ kind: 'MOVED_OUT' });
    const deps = {
      db: database.db,
      brp: world.ctx.brp,
      messages: engine,
      municipalityCode: MUNICIPALITY.code,
      logger,
      now: () => now,
    };
    await settleLifeEvents(deps);
    expect(await statusOf(gpk.id, 'STOPPED')).toMatchObject({ outcome: 'resident-left' });
    const review = await reviewOf(residentId);
    await statusOf(review.id, 'EXCEPTION');
    const history = await database.db.renewalStatusChange.findMany({ where: { renewalId: review.id, status: 'EXCEPTION' } });
    expect(history.map((h) => h.reason)).toEqual(['HOLDER_LEFT']);
    expect(history[0]!.facts).toMatchObject({ holderStatus: 'left', lifeEvent: 'MOVED_OUT' });
    const [task] = await tasksOf(review.processInstanceId!);
    await engine.exceptionTasks.complete(task!.taskId, { decision: 'withdraw-decree', decisionNote: 'Verhuisd.' });
    expect(await statusOf(review.id, 'COMPLETED')).toMatchObject({ outcome: 'decree-withdrawn' });
    expect(await templates(review.id)).toEqual([]);
  });

  it('when the holder dies while the traffic department looks at the decree, then the task stays open, because the decree must still be withdrawn, and no letter goes out after it is', async () => {
    const { residentId, bsn, gpk } = await start({ vehicle: 'other-holder' });
    await statusOf(gpk.id, 'COMPLETED');
    const review = await reviewOf(residentId);
    await statusOf(review.id, 'EXCEPTION');
    const [task] = await tasksOf(review.processInstanceId!);

    await database.db.stubBrpPerson.update({ where: { bsn }, data: { deceasedOn: now, suspensionReason: 'O' } });
    const deps = {
      db: database.db,
      brp: world.ctx.brp,
      messages: engine,
      municipalityCode: MUNICIPALITY.code,
      logger,
      now: () => now,
    };
    expect(await sweepRegister(deps)).toBe(1);
    await settleLifeEvents(deps);
    expect((await tasksOf(review.processInstanceId!)).map((t) => t.taskId)).toEqual([task!.taskId]);

    await engine.exceptionTasks.complete(task!.taskId, { decision: 'withdraw-decree', decisionNote: 'Houder overleden.' });
    expect(await statusOf(review.id, 'COMPLETED')).toMatchObject({ outcome: 'decree-withdrawn' });
    expect(await templates(review.id)).toEqual([]);
  });

  /** Every review instance the engine ever had for this case, running or ended. */
  async function reviewInstances(reviewId: number): Promise<number> {
    const { restUrl, credentials } = testEngineAccess();
    const found = await createRestClient(restUrl, credentials).request<{ id: string }[]>(
      'GET',
      `/history/process-instance?processDefinitionKey=${PARKING_PLACE_REVIEW_PROCESS_ID}&processInstanceBusinessKey=renewal-${reviewId}`,
    );
    return found.length;
  }
});

describe('parking place review decision table', () => {
  beforeAll(async () => {
    await testEngine().deploy(BPMN_DIR);
  });

  it.each([
    ['renewed with the plate still theirs', 'KEEP', 'here', 'gpk-renewed', true],
    ["renewed with the plate in someone else's name", 'PLATE_CHANGED', 'here', 'gpk-renewed', false],
    ['not renewed', 'GPK_NOT_RENEWED', 'here', 'gpk-not-renewed', true],
    ['deceased, whatever the card', 'HOLDER_DECEASED', 'deceased', 'holder-left', false],
    ['deceased after a renewal', 'HOLDER_DECEASED', 'deceased', 'gpk-renewed', true],
    ['moved away', 'HOLDER_LEFT', 'left', 'holder-left', false],
  ] as const)('when the holder is %s, then the table answers %s', async (_case, expected, holderStatus, reviewTrigger, plate) => {
    const results = await evaluateDecision('parking-place-review', {
      holderStatus,
      reviewTrigger,
      plateRegisteredToHolder: plate,
    });
    expect(results).toEqual([{ placeReview: expected }]);
  });
});
