import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../src/db/client';
import { generateDemoData } from '../../src/demo/demo-data';
import { ImportRejectedError, parseImportJson } from '../../src/import/format';
import { importFile } from '../../src/import/import';
import { createTestDatabase, type TestDatabase } from '../support/database';

const options = { municipalityName: 'Gemeente Voorbeeldstad' };
const exampleFile = path.resolve(__dirname, '..', '..', 'examples', 'import-example.json');

/** Valid BSNs from the test range, one per resident a test needs. */
const BSNS = ['999990007', '999990238', '999990287', '999990329', '999990378'] as const;

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
});
afterAll(() => testDb.drop());
beforeEach(() =>
  db.$executeRawUnsafe(
    'TRUNCATE indication, address, permit, parking_zone, resident, stub_brp_person, stub_rdw_vehicle, stub_payment_mandate RESTART IDENTITY CASCADE',
  ),
);

function row(bsn: string, permitNumber: string, overrides: Record<string, unknown> = {}) {
  return {
    bsn,
    givenNames: 'Cornelis',
    surnamePrefix: 'van der',
    surname: 'Meer',
    birthDate: '1950-06-30',
    address: {
      street: 'Molenweg',
      houseNumber: 7,
      postalCode: '1234ab',
      city: 'Voorbeeldstad',
      municipalityCode: '0999',
      validFrom: '1999-01-01',
    },
    permits: [
      {
        number: permitNumber,
        kind: 'B',
        validFrom: '2021-12-15',
        expiresOn: '2026-12-15',
        indication: { kind: 'PERMANENT', assessedOn: '2021-11-01' },
      },
    ],
    ...overrides,
  };
}

const file = (...residents: unknown[]) => ({ formatVersion: 1, residents });

async function tableCounts() {
  return {
    residents: await db.resident.count(),
    addresses: await db.address.count(),
    permits: await db.permit.count(),
    indications: await db.indication.count(),
    brpPersons: await db.stubBrpPerson.count(),
  };
}
const empty = { residents: 0, addresses: 0, permits: 0, indications: 0, brpPersons: 0 };

async function rejection(promise: Promise<unknown>): Promise<ImportRejectedError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof ImportRejectedError)) throw new Error(`expected an ImportRejectedError, got ${String(error)}`);
  return error;
}

describe('importing residents', () => {
  it('when a valid file is imported, then the resident, address, card, indication and register entry can be read back', async () => {
    const summary = await importFile(db, file(row(BSNS[0], 'GPK-0999-000001')), options);

    expect(summary).toEqual({
      residents: { created: 1, updated: 0, unchanged: 0 },
      permits: { created: 1, updated: 0, unchanged: 0 },
      levyAssessments: { created: 0, updated: 0, unchanged: 0 },
      parkingZones: { created: 0, updated: 0, unchanged: 0 },
      parkingPlaces: { created: 0, updated: 0, unchanged: 0 },
    });
    const resident = await db.resident.findUniqueOrThrow({
      where: { bsn: BSNS[0] },
      include: { addresses: true, permits: { include: { indications: true } } },
    });
    expect(resident).toMatchObject({ givenNames: 'Cornelis', surnamePrefix: 'van der', surname: 'Meer', locale: 'nl' });
    expect(resident.birthDate.toISOString()).toBe('1950-06-30T00:00:00.000Z');
    expect(resident.addresses).toEqual([
      expect.objectContaining({
        street: 'Molenweg',
        houseNumber: 7,
        houseNumberAddition: null,
        postalCode: '1234 AB',
        validUntil: null,
      }),
    ]);
    expect(resident.permits).toHaveLength(1);
    const [permit] = resident.permits;
    expect(permit).toMatchObject({ number: 'GPK-0999-000001', kind: 'B', service: 'gpk' });
    expect(permit?.expiresOn.toISOString()).toBe('2026-12-15T00:00:00.000Z');
    expect(permit?.indications).toEqual([expect.objectContaining({ kind: 'PERMANENT', endsOn: null, residentId: resident.id })]);
    expect(await db.stubBrpPerson.findUnique({ where: { bsn: BSNS[0] } })).toMatchObject({
      surname: 'Meer',
      municipalityCode: '0999',
      municipalityName: 'Gemeente Voorbeeldstad',
      street: 'Molenweg',
      postalCode: '1234 AB',
      deceasedOn: null,
      suspensionReason: null,
    });
  });

  it('when the example file is imported twice, then the second import adds nothing and reports everything unchanged', async () => {
    const input = parseImportJson(await readFile(exampleFile, 'utf8'));
    const first = await importFile(db, input, options);
    const afterFirst = await tableCounts();

    const second = await importFile(db, input, options);

    expect(first.residents.created).toBe(4);
    expect(afterFirst).toEqual({ residents: 4, addresses: 4, permits: 4, indications: 4, brpPersons: 4 });
    expect(await tableCounts()).toEqual(afterFirst);
    expect(second).toEqual({
      residents: { created: 0, updated: 0, unchanged: 4 },
      permits: { created: 0, updated: 0, unchanged: 4 },
      levyAssessments: { created: 0, updated: 0, unchanged: 0 },
      parkingZones: { created: 0, updated: 0, unchanged: 0 },
      parkingPlaces: { created: 0, updated: 0, unchanged: 0 },
    });
  });

  it('when a register larger than one write batch is imported twice, then every row lands once', async () => {
    const municipality = { code: '0999', name: 'Gemeente Voorbeeldstad' };
    const demo = generateDemoData({ seed: 7, today: new Date('2026-11-25'), municipality, count: 2500 });

    const first = await importFile(db, demo, options);
    const second = await importFile(db, demo, options);

    // The 2500 card holders each hold a GPK, some resident parking permits besides; the families
    // of the participation offer (parents and children) come on top and hold neither.
    const parkingPermits = demo.residents.flatMap((r) => r.parkingPermits ?? []).length;
    const residents = demo.residents.length;
    expect(parkingPermits).toBeGreaterThan(0);
    expect(residents).toBeGreaterThan(2500);
    expect(first.residents.created).toBe(residents);
    expect(first.permits.created).toBe(2500 + parkingPermits);
    expect(second.residents).toEqual({ created: 0, updated: 0, unchanged: residents });
    expect(second.permits).toEqual({ created: 0, updated: 0, unchanged: 2500 + parkingPermits });
    expect(await tableCounts()).toEqual({
      residents,
      addresses: residents,
      permits: 2500 + parkingPermits,
      indications: 2500,
      brpPersons: residents,
    });
  });

  it('when a resident moved within the municipality and was reassessed, then the old address is closed and the indication replaced', async () => {
    await importFile(db, file(row(BSNS[0], 'GPK-0999-000001')), options);
    const moved = row(BSNS[0], 'GPK-0999-000001', {
      address: {
        street: 'Kerkstraat',
        houseNumber: 2,
        houseNumberAddition: 'B',
        postalCode: '1234 CD',
        city: 'Voorbeeldstad',
        municipalityCode: '0999',
        validFrom: '2026-03-01',
      },
      permits: [
        {
          number: 'GPK-0999-000001',
          kind: 'B',
          validFrom: '2021-12-15',
          expiresOn: '2026-12-15',
          indication: { kind: 'TEMPORARY', assessedOn: '2026-02-01', endsOn: '2028-02-01' },
        },
      ],
    });

    const summary = await importFile(db, file(moved), options);

    expect(summary.residents).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(summary.permits).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const addresses = await db.address.findMany({ orderBy: { validFrom: 'asc' } });
    expect(addresses.map((a) => [a.street, a.validUntil?.toISOString().slice(0, 10) ?? null])).toEqual([
      ['Molenweg', '2026-03-01'],
      ['Kerkstraat', null],
    ]);
    const indications = await db.indication.findMany();
    expect(indications).toEqual([expect.objectContaining({ kind: 'TEMPORARY' })]);
    expect(indications[0]?.endsOn?.toISOString().slice(0, 10)).toBe('2028-02-01');
    expect(await db.stubBrpPerson.findUnique({ where: { bsn: BSNS[0] } })).toMatchObject({
      street: 'Kerkstraat',
      houseNumberAddition: 'B',
    });
  });

  it('when the register says moved, deceased or emigrated, then the stub BRP answers with that situation', async () => {
    await importFile(
      db,
      file(
        row(BSNS[0], 'GPK-0999-000001', {
          register: {
            status: 'moved',
            municipality: { code: '0344', name: 'Utrecht' },
            address: { street: 'Oudegracht', houseNumber: 201, postalCode: '3511NH', city: 'Utrecht' },
          },
        }),
        row(BSNS[1], 'GPK-0999-000002', { register: { status: 'moved', municipality: { code: '0363', name: 'Amsterdam' } } }),
        row(BSNS[2], 'GPK-0999-000003', { register: { status: 'deceased', deceasedOn: '2026-10-30' } }),
        row(BSNS[3], 'GPK-0999-000004', { register: { status: 'emigrated', country: 'Spanje', emigratedOn: '2026-08-01' } }),
      ),
      options,
    );

    const brp = async (bsn: string) => db.stubBrpPerson.findUniqueOrThrow({ where: { bsn } });
    expect(await brp(BSNS[0])).toMatchObject({
      municipalityCode: '0344',
      municipalityName: 'Utrecht',
      street: 'Oudegracht',
      houseNumber: 201,
      postalCode: '3511 NH',
      city: 'Utrecht',
      suspensionReason: null,
    });
    expect(await brp(BSNS[1])).toMatchObject({
      municipalityCode: '0363',
      municipalityName: 'Amsterdam',
      street: null,
      postalCode: null,
    });
    const deceased = await brp(BSNS[2]);
    expect(deceased).toMatchObject({ suspensionReason: 'O', municipalityCode: '0999', street: 'Molenweg' });
    expect(deceased.deceasedOn?.toISOString().slice(0, 10)).toBe('2026-10-30');
    expect(await brp(BSNS[3])).toMatchObject({
      suspensionReason: 'E',
      foreignCountry: 'Spanje',
      municipalityCode: '1999',
      street: null,
      deceasedOn: null,
    });
    // The municipality's own records keep the address it knows; only the register tells otherwise.
    expect(await db.address.count({ where: { municipalityCode: '0999', validUntil: null } })).toBe(4);
  });
});

describe('a resident who is already in Tijdig', () => {
  it('when the example file is imported into the demo data, then it adds its four residents and changes no demo resident', async () => {
    const municipality = { code: '0999', name: 'Gemeente Voorbeeldstad' };
    await importFile(db, generateDemoData({ seed: 1, today: new Date('2026-11-25'), municipality }), options);
    const before = await db.resident.findMany({ orderBy: { id: 'asc' } });

    const summary = await importFile(db, parseImportJson(await readFile(exampleFile, 'utf8')), options);

    expect(summary.residents).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect(await db.resident.findMany({ where: { id: { in: before.map((r) => r.id) } }, orderBy: { id: 'asc' } })).toEqual(
      before,
    );
  });

  it('when a known resident comes again with a new surname, and later with a corrected date of birth, then that resident is updated', async () => {
    await importFile(db, file(row(BSNS[0], 'GPK-0999-000001')), options);

    const married = await importFile(
      db,
      file(row(BSNS[0], 'GPK-0999-000001', { surnamePrefix: null, surname: 'Bakker' })),
      options,
    );
    const corrected = await importFile(
      db,
      file(row(BSNS[0], 'GPK-0999-000001', { surnamePrefix: null, surname: 'Bakker', birthDate: '1950-07-30' })),
      options,
    );

    expect(married.residents).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(corrected.residents).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const resident = await db.resident.findUniqueOrThrow({ where: { bsn: BSNS[0] } });
    expect(resident).toMatchObject({ givenNames: 'Cornelis', surname: 'Bakker' });
    expect(resident.birthDate.toISOString().slice(0, 10)).toBe('1950-07-30');
    expect(await db.resident.count()).toBe(1);
  });

  it('when a row has the BSN of a known resident but another name and date of birth, then the file is refused at that row and nothing changes', async () => {
    await importFile(db, file(row(BSNS[0], 'GPK-0999-000001')), options);
    const before = await tableCounts();

    const error = await rejection(
      importFile(
        db,
        file(
          row(BSNS[1], 'GPK-0999-000002'),
          row(BSNS[0], 'GPK-0999-000003', {
            givenNames: 'Hendrik Jan',
            surnamePrefix: 'de',
            surname: 'Vries',
            birthDate: '1941-11-23',
          }),
        ),
        options,
      ),
    );

    expect(error.problems).toEqual([
      `residents[1].bsn: "${BSNS[0]}" is already in Tijdig for a resident with another name and another date of birth; ` +
        'a BSN belongs to one person, so check the BSN in this row ' +
        '(to correct both the name and the date of birth of one resident, import the two changes one after the other)',
    ]);
    expect(await tableCounts()).toEqual(before);
    expect(await db.resident.findUniqueOrThrow({ where: { bsn: BSNS[0] } })).toMatchObject({
      givenNames: 'Cornelis',
      surname: 'Meer',
    });
  });
});

describe('rejecting a file', () => {
  it('when row 2 of 3 has a BSN that fails the 11-proof, then the file is rejected naming residents[1].bsn and nothing is written', async () => {
    const error = await rejection(
      importFile(
        db,
        file(row(BSNS[0], 'GPK-0999-000001'), row('123456789', 'GPK-0999-000002'), row(BSNS[2], 'GPK-0999-000003')),
        options,
      ),
    );

    expect(error.problems).toEqual(['residents[1].bsn: "123456789" is not a BSN: it fails the 11-proof']);
    expect(await tableCounts()).toEqual(empty);
  });

  it('when a file has several problems, then every one is reported with its place in the file', async () => {
    const tooLong = row(BSNS[1], 'GPK-0999-000002');
    tooLong.permits[0] = { ...tooLong.permits[0]!, validFrom: '2020-01-01', expiresOn: '2025-06-01' };
    const temporaryWithoutEnd = row(BSNS[2], 'GPK-0999-000003');
    temporaryWithoutEnd.permits[0] = {
      ...temporaryWithoutEnd.permits[0]!,
      indication: { kind: 'TEMPORARY', assessedOn: '2021-11-01' },
    };

    const error = await rejection(
      importFile(
        db,
        file(
          row('999993654', 'GPK-0999-000001', { birthDate: '1950-02-30' }),
          tooLong,
          temporaryWithoutEnd,
          row(BSNS[3], 'GPK-0999-000001', { address: { ...row(BSNS[3], 'x').address, postalCode: '123 AB' } }),
        ),
        options,
      ),
    );

    expect(error.problems).toEqual([
      'residents[0].bsn: "999993654" is not a BSN: it fails the 11-proof',
      'residents[0].birthDate: "1950-02-30" is not a date as YYYY-MM-DD',
      'residents[1].permits[0].expiresOn: 2025-06-01 is more than 5 years after validFrom 2020-01-01; a GPK is valid at most 5 years',
      'residents[2].permits[0].indication.endsOn: is required for a TEMPORARY indication',
      'residents[3].address.postalCode: "123 AB" is not a Dutch postal code like "1234 AB"',
      'residents[3].permits[0].number: "GPK-0999-000001" appears more than once in the file (also at residents[0].permits[0])',
    ]);
    expect(await tableCounts()).toEqual(empty);
  });

  it('when a card number already belongs to another resident, then the file is rejected and none of its rows are written', async () => {
    await importFile(db, file(row(BSNS[0], 'GPK-0999-000001')), options);
    const before = await tableCounts();

    const error = await rejection(
      importFile(db, file(row(BSNS[1], 'GPK-0999-000002'), row(BSNS[2], 'GPK-0999-000001')), options),
    );

    expect(error.problems).toEqual([
      'residents[1].permits[0].number: "GPK-0999-000001" is already registered to another resident',
    ]);
    expect(await tableCounts()).toEqual(before);
    expect(await db.resident.findUnique({ where: { bsn: BSNS[1] } })).toBeNull();
  });

  it('when the file is not JSON or has no formatVersion 1, then it is rejected with a message saying so', async () => {
    const notJson = await rejection(Promise.resolve().then(() => parseImportJson('{"formatVersion": 1, "residents": [')));
    expect(notJson.problems).toEqual([expect.stringMatching(/^the file is not valid JSON: /)]);
    expect((await rejection(importFile(db, { residents: [row(BSNS[0], 'GPK-0999-000001')] }, options))).problems).toEqual([
      'formatVersion: is missing; this import reads files with "formatVersion": 1',
    ]);
    expect((await rejection(importFile(db, { formatVersion: 2, residents: [] }, options))).problems).toEqual([
      'formatVersion: 2 is not supported; this import reads files with "formatVersion": 1',
    ]);
    expect(await tableCounts()).toEqual(empty);
  });
});

describe('importing resident parking permits', () => {
  const zone = { code: 'C1', name: 'Centrum', maxPermitsPerAddress: 2, yearlyFeeCents: 5200, postalCodes: ['1234'] };
  const parkingPermit = (overrides: Record<string, unknown> = {}) => ({
    number: 'BPV-0999-000001',
    zone: 'C1',
    licencePlate: 'ab-123-c',
    payment: { customerId: 'cst_test1', mandateId: 'mdt_test1' },
    validFrom: '2026-01-15',
    expiresOn: '2027-01-15',
    ...overrides,
  });

  it("when a file with a zone and a parking permit is imported, then the permit, its zone and the RDW and payment stubs' entries can be read back, and a second import changes nothing", async () => {
    const input = {
      formatVersion: 1,
      parkingZones: [zone],
      residents: [row(BSNS[0], 'GPK-0999-000001', { parkingPermits: [parkingPermit({ registers: { mandate: 'invalid' } })] })],
    };
    const first = await importFile(db, input, options);
    expect(first.parkingZones).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(first.permits).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const permit = await db.permit.findUniqueOrThrow({ where: { number: 'BPV-0999-000001' } });
    expect(permit).toMatchObject({
      service: 'parking-permit',
      kind: null,
      zoneCode: 'C1',
      licencePlate: 'AB123C',
      leaseDocumented: false,
      paymentCustomerId: 'cst_test1',
      paymentMandateId: 'mdt_test1',
    });
    expect(await db.stubRdwVehicle.findUniqueOrThrow({ where: { kenteken: 'AB123C' } })).toMatchObject({ holderBsn: BSNS[0] });
    expect(await db.stubPaymentMandate.findUniqueOrThrow({ where: { id: 'mdt_test1' } })).toMatchObject({ status: 'invalid' });

    const second = await importFile(db, input, options);
    expect(second.parkingZones).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(second.permits).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });

  it('when a parking permit names an unknown zone, a wrong licence plate or runs longer than a year, then nothing is imported and every problem is named', async () => {
    const error = await rejection(
      importFile(
        db,
        {
          formatVersion: 1,
          parkingZones: [{ ...zone, postalCodes: [] }],
          residents: [
            row(BSNS[0], 'GPK-0999-000001', {
              parkingPermits: [
                parkingPermit({ zone: 'Z9' }),
                parkingPermit({ number: 'BPV-0999-000002', licencePlate: 'ABCDEFG', expiresOn: '2027-02-01' }),
                parkingPermit({ number: 'GPK-0999-000001' }),
              ],
            }),
          ],
        },
        options,
      ),
    );
    expect(error.problems).toEqual([
      'parkingZones[0].postalCodes: a zone needs at least one postcode or street inside it',
      'residents[0].parkingPermits[1].licencePlate: "ABCDEFG" is not a Dutch licence plate like "AB-123-C"',
      'residents[0].parkingPermits[1].expiresOn: 2027-02-01 is more than 1 year after validFrom 2026-01-15; a resident parking permit is issued for a year at a time',
      'residents[0].parkingPermits[2].number: "GPK-0999-000001" appears more than once in the file (also at residents[0].permits[0])',
    ]);
    expect(await tableCounts()).toEqual(empty);

    const unknownZone = await rejection(
      importFile(db, file(row(BSNS[0], 'GPK-0999-000001', { parkingPermits: [parkingPermit({ zone: 'Z9' })] })), options),
    );
    expect(unknownZone.problems).toEqual([
      'residents[0].parkingPermits[0].zone: "Z9" is no zone in this file\'s parkingZones nor in Tijdig',
    ]);
    expect(await tableCounts()).toEqual(empty);
  });
});
