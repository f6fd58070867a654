import { BPMN_DIR } from '../../src/engine/connect';
import type { ProcessEngine, Workers } from '../../src/engine/port';
import { importFile } from '../../src/import/import';
import { createLogger } from '../../src/logger';
import { settleLifeEvents, sweepRegister } from '../../src/residents/life-events';
import { scanService } from '../../src/services/scan';
import { engineStarter, startPendingRenewals } from '../../src/renewals/start-renewals';
import { PARKING_PERMIT_RENEWAL_PROCESS_ID, PARKING_PERMIT_SERVICE } from '../../src/services/parking-permit/contract';
import { WORKERS } from '../../workers';
import { runTask } from '../../workers/definition';
import { nextBsn } from '../support/bsn-factory';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { evaluateDecision, removeAllProcessInstances, testEngine } from '../support/engine';
import { pdfText } from '../support/pdf-text';
import { createRenewalWorld, MUNICIPALITY } from '../support/renewal-world';
import { until } from '../support/until';

/**
 * The resident parking permit's yearly renewal on the real engine: bpmn/parking-permit-renewal.bpmn
 * and its zone table deployed to the Operaton the test run started, the real workers, the real
 * database, and the BRP, RDW and payment provider stubs over HTTP.
 */
const now = new Date();
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const daysBefore = (iso: string, days: number) =>
  new Date(new Date(`${iso}T00:00:00Z`).getTime() - days * 86_400_000).toISOString().slice(0, 10);
const logger = createLogger('silent');

interface ParkingHolderSpec {
  expiresOn: string;
  /** The zone's limit for this holder's address (a fresh zone per holder). */
  maxPermitsPerAddress?: number;
  vehicle?: 'holder' | 'other-holder';
  leaseDocumented?: boolean;
  mandate?: 'valid' | 'invalid';
  /** Moved within the municipality to an address outside the zone. */
  movedOutOfZone?: boolean;
  /** Another resident at the same address with a permit that is not due yet. */
  neighbourWithPermit?: boolean;
}

let serial = 0;

/** Imports one permit holder (and their zone) through the real import, as a municipality would. */
async function importParkingHolder(db: TestDatabase['db'], spec: ParkingHolderSpec) {
  serial += 1;
  const zone = `T${process.pid % 1000}-${serial}`;
  const postalArea = String(9000 + serial);
  const address = {
    street: 'Havenstraat',
    houseNumber: serial,
    postalCode: `${postalArea} AB`,
    city: MUNICIPALITY.name,
    municipalityCode: MUNICIPALITY.code,
    validFrom: '2010-01-01',
  };
  const holder = (bsn: string, number: string, plate: string, expiresOn: string, extra: Record<string, unknown> = {}) => ({
    bsn,
    givenNames: 'Sanne',
    surname: `Visser${serial}${bsn.slice(-2)}`,
    birthDate: '1980-02-03',
    address,
    parkingPermits: [
      {
        number,
        zone,
        licencePlate: plate,
        leaseDocumented: spec.leaseDocumented ?? false,
        payment: { customerId: `cst_t${bsn}`, mandateId: `mdt_t${bsn}` },
        validFrom: daysBefore(expiresOn, 365),
        expiresOn,
        registers: { vehicle: spec.vehicle ?? 'holder', mandate: spec.mandate ?? 'valid' },
      },
    ],
    ...extra,
  });
  const bsn = nextBsn();
  const permitNumber = `BPV-T-${bsn}`;
  const plate = `${String.fromCharCode(65 + (serial % 26))}${String.fromCharCode(65 + ((serial * 7) % 26))}${String(100 + serial).slice(-3)}X`;
  const residents = [
    holder(bsn, permitNumber, plate, spec.expiresOn, {
      register: spec.movedOutOfZone
        ? {
            status: 'moved',
            municipality: MUNICIPALITY,
            address: { street: 'Buitenweg', houseNumber: 5, postalCode: '8888 ZZ', city: MUNICIPALITY.name },
          }
        : { status: 'registered' },
    }),
  ];
  if (spec.neighbourWithPermit) {
    const neighbour = nextBsn();
    residents.push(holder(neighbour, `BPV-T-${neighbour}`, `${plate.slice(0, 5)}Y`, inDays(200)));
  }
  await importFile(
    db,
    {
      formatVersion: 1,
      parkingZones: [
        {
          code: zone,
          name: `Zone ${serial}`,
          maxPermitsPerAddress: spec.maxPermitsPerAddress ?? 2,
          yearlyFeeCents: 5200,
          postalCodes: [postalArea],
        },
      ],
      residents,
    },
    { municipalityName: MUNICIPALITY.name },
  );
  return { bsn, permitNumber, surname: residents[0]!.surname };
}

describe('resident parking permit renewal on the engine', () => {
  jest.setTimeout(120_000);
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let engine: ProcessEngine;
  let workers: Workers;
  /** How often the charge step ran: each delivery is handled twice, as after a lost completion. */
  const chargeRuns = new Map<number, number>();

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    engine = testEngine();
    await engine.deploy(BPMN_DIR);
    workers = engine.subscribe(
      Object.values(WORKERS).map((definition) => ({
        topic: definition.topic,
        handler: async (task) => {
          if (definition.topic !== 'charge-permit') return runTask(definition, task, world.ctx, logger);
          // The engine hands the task out again when a completion is lost: the first run's result is dropped.
          await runTask(definition, task, world.ctx, logger);
          const renewalId = Number(task.variables.renewalId);
          chargeRuns.set(renewalId, (chargeRuns.get(renewalId) ?? 0) + 2);
          return runTask(definition, task, world.ctx, logger);
        },
      })),
      { maxConcurrency: 8, lockDurationMs: 30_000, longPollMs: 5000 },
    );
  });

  afterAll(async () => {
    await workers?.stop();
    await removeAllProcessInstances();
    await world?.stop();
    await database?.drop();
  });

  async function startRenewal(spec: ParkingHolderSpec, maturity: 'automatic' | 'notify-only' = 'automatic') {
    const holder = await importParkingHolder(database.db, spec);
    await scanService(
      database.db,
      {
        service: PARKING_PERMIT_SERVICE,
        trigger: { kind: 'expiry', leadTimeDays: 42, validityYears: 1 },
        pageSize: 100,
        now,
        force: true,
      },
      logger,
    );
    await startPendingRenewals(
      database.db,
      engineStarter(engine),
      {
        services: { [PARKING_PERMIT_SERVICE]: { process: PARKING_PERMIT_RENEWAL_PROCESS_ID, maturity } },
        reminderAfter: 'P14D',
        responseDeadline: 'P28D',
        maxPerSecond: 100,
      },
      logger,
    );
    const renewal = await database.db.renewal.findFirstOrThrow({ where: { permit: { number: holder.permitNumber } } });
    return { ...holder, renewalId: renewal.id, processInstanceId: renewal.processInstanceId! };
  }

  const settledAs = (renewalId: number, status: 'COMPLETED' | 'EXCEPTION') =>
    until(`renewal ${renewalId} to be ${status}`, async () => {
      const renewal = await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
      return renewal.status === status && renewal;
    });

  const exceptionTasks = (processInstanceId: string) =>
    until('the exception task', async () => {
      const tasks = (await engine.exceptionTasks.list()).filter((task) => task.processInstanceId === processInstanceId);
      return tasks.length > 0 && tasks;
    });

  const paymentsOf = (bsn: string) => database.db.stubPayment.findMany({ where: { mandateId: `mdt_t${bsn}` } });

  it('when the holder still lives in the zone, drives their own car and pays, then the permit is renewed without anyone acting: charged once although the charge was delivered twice, one letter naming them and the fee, one dispatch', async () => {
    const { renewalId, bsn, surname } = await startRenewal({ expiresOn: inDays(30) });
    const renewal = await settledAs(renewalId, 'COMPLETED');
    expect(renewal.outcome).toBe('renewed');
    expect(chargeRuns.get(renewalId)).toBe(2);
    const payments = await paymentsOf(bsn);
    expect(payments.map((p) => [p.status, p.amountCents])).toEqual([['paid', 5200]]);
    expect(await database.db.permitCharge.count({ where: { renewalId, status: 'paid' } })).toBe(1);
    const letters = await database.db.letter.findMany({ where: { renewalId } });
    expect(letters.map((l) => l.template)).toEqual(['parking-permit/renewed']);
    const text = await pdfText(letters[0]!.pdf);
    expect(text).toContain(surname);
    expect(text).toContain('52,00');
    expect(await database.db.dispatch.count({ where: { letterId: letters[0]!.id } })).toBe(1);
  });

  it('when the process owner chose notify-only, then the holder gets one notice naming the permit, its expiry and the fee, nothing is charged, and the renewal ends as notified', async () => {
    const { renewalId, bsn, surname, permitNumber } = await startRenewal({ expiresOn: inDays(35) }, 'notify-only');
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'notified' });
    expect(await paymentsOf(bsn)).toEqual([]);
    const letters = await database.db.letter.findMany({ where: { renewalId } });
    expect(letters.map((l) => l.template)).toEqual(['parking-permit/renewal-notice']);
    const text = await pdfText(letters[0]!.pdf);
    expect(text).toContain(surname);
    expect(text).toContain(permitNumber);
    expect(text).toContain('52,00 euro');
    expect(text).toContain('Wij verlengen de vergunning niet vanzelf');
  });

  it('when the car is registered to a lease company and the holder showed the lease contract, then the permit is renewed', async () => {
    const { renewalId } = await startRenewal({ expiresOn: inDays(31), vehicle: 'other-holder', leaseDocumented: true });
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'renewed' });
  });

  it.each([
    ['moved to an address outside the zone', { movedOutOfZone: true }, 'MOVED_OUT_OF_ZONE', false],
    ['a car no longer registered to them', { vehicle: 'other-holder' }, 'VEHICLE_NOT_REGISTERED_TO_HOLDER', false],
    ['a mandate the bank refuses', { mandate: 'invalid' }, 'PAYMENT_REFUSED', true],
    [
      'more permits on the address than the zone allows',
      { maxPermitsPerAddress: 1, neighbourWithPermit: true },
      'OVER_ADDRESS_LIMIT',
      false,
    ],
  ] as const)(
    'when the holder has %s, then exactly one exception task waits for the case workers with that reason, nothing is paid and no letter goes out',
    async (_label, spec, reason, charged) => {
      const { renewalId, processInstanceId, bsn } = await startRenewal({ expiresOn: inDays(32), ...spec });
      await settledAs(renewalId, 'EXCEPTION');
      const tasks = await exceptionTasks(processInstanceId);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]!.dueDate).not.toBeNull();
      const history = await database.db.renewalStatusChange.findMany({ where: { renewalId, status: 'EXCEPTION' } });
      expect(history.map((h) => h.reason)).toEqual([reason]);
      expect(history[0]!.facts).toMatchObject({ readOn: expect.any(String) });
      // A refused charge is tried once (it was delivered twice) and fails; the other checks stop before any charge.
      expect((await paymentsOf(bsn)).map((p) => p.status)).toEqual(charged ? ['failed'] : []);
      expect(await database.db.letter.count({ where: { renewalId } })).toBe(0);
    },
  );

  it('when the holder dies while their renewal waits for a case worker, then the task disappears and the renewal ends as resident left, with no letter', async () => {
    const { renewalId, processInstanceId, bsn } = await startRenewal({ expiresOn: inDays(34), vehicle: 'other-holder' });
    await settledAs(renewalId, 'EXCEPTION');
    await exceptionTasks(processInstanceId);
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
    const renewal = await until('the renewal to stop', async () => {
      const found = await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
      return found.status === 'STOPPED' && found;
    });
    expect(renewal.outcome).toBe('resident-left');
    expect((await engine.exceptionTasks.list()).filter((t) => t.processInstanceId === processInstanceId)).toEqual([]);
    expect(await database.db.letter.count({ where: { renewalId } })).toBe(0);
  });

  it('when the case worker renews anyway after a refused payment, then the permit is renewed without charging the mandate again', async () => {
    const { renewalId, processInstanceId, bsn } = await startRenewal({ expiresOn: inDays(33), mandate: 'invalid' });
    const [task] = await exceptionTasks(processInstanceId);
    expect(
      await engine.exceptionTasks.complete(task!.taskId, { decision: 'renew-anyway', decisionNote: 'Betaalt per factuur.' }),
    ).toBe(true);
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'renewed' });
    expect((await paymentsOf(bsn)).map((p) => p.status)).toEqual(['failed']);
    const letters = await database.db.letter.findMany({ where: { renewalId } });
    expect(letters.map((l) => l.template)).toEqual(['parking-permit/renewed']);
    expect(await pdfText(letters[0]!.pdf)).toContain('Wij hebben niets van uw rekening afgeschreven');
  });
});

describe('parking permit zone decision table', () => {
  beforeAll(async () => {
    await testEngine().deploy(BPMN_DIR);
  });

  it.each([
    ['in the zone with room on the address', 'ALLOWED', true, 1, 2],
    ['in the zone at exactly the maximum', 'ALLOWED', true, 2, 2],
    ['in the zone with one permit too many on the address', 'OVER_ADDRESS_LIMIT', true, 3, 2],
    ['outside the zone', 'MOVED_OUT_OF_ZONE', false, 1, 2],
    ['outside the zone and over the limit', 'MOVED_OUT_OF_ZONE', false, 3, 2],
  ] as const)(
    'when the holder lives %s, then the table answers %s',
    async (_case, expected, inZone, permitsOnAddress, maxPermitsPerAddress) => {
      const results = await evaluateDecision('parking-permit-zone', { inZone, permitsOnAddress, maxPermitsPerAddress });
      expect(results).toEqual([{ zoneDecision: expected }]);
    },
  );
});
