import type { Db } from '../../src/db/client';
import { ImportRejectedError } from '../../src/import/format';
import { importFile } from '../../src/import/import';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * A disabled parking place in the import: it belongs to a GPK holder, its decree is unique, and
 * the RDW stub learns who the plate is registered to. A file with one bad place imports nothing.
 */
const options = { municipalityName: 'Gemeente Voorbeeldstad' };
const BSNS = ['999990007', '999990238'] as const;

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
});
afterAll(() => testDb.drop());
beforeEach(() =>
  db.$executeRawUnsafe(
    'TRUNCATE parking_place, stub_rdw_vehicle, indication, permit, address, resident, stub_brp_person RESTART IDENTITY CASCADE',
  ),
);

function row(bsn: string, place: Record<string, unknown> | null, overrides: Record<string, unknown> = {}) {
  return {
    bsn,
    givenNames: 'Henk',
    surname: 'Smit',
    birthDate: '1948-06-01',
    address: {
      street: 'Kerkstraat',
      houseNumber: 12,
      postalCode: '1234 AB',
      city: 'Voorbeeldstad',
      municipalityCode: '0999',
      validFrom: '2001-01-01',
    },
    permits: [
      {
        number: `GPK-${bsn}`,
        kind: 'B',
        validFrom: '2022-05-01',
        expiresOn: '2027-05-01',
        indication: { kind: 'PERMANENT', assessedOn: '2022-04-01' },
      },
    ],
    ...(place ? { parkingPlace: place } : {}),
    ...overrides,
  };
}

const place = (decree: string, extra: Record<string, unknown> = {}) => ({
  decree,
  licencePlate: 'gh-456-j',
  location: 'Kerkstraat, tegenover nummer 12',
  decreedOn: '2022-05-10',
  ...extra,
});

const file = (...residents: unknown[]) => ({ formatVersion: 1, residents });

async function problems(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof ImportRejectedError)) throw new Error(`expected an ImportRejectedError, got ${String(error)}`);
  return error.problems;
}

describe('import of disabled parking places', () => {
  it('when a GPK holder with a reserved place is imported, then the place is stored with its plate as the RDW writes it, the RDW stub knows the plate as theirs, and a second import changes nothing', async () => {
    const first = await importFile(db, file(row(BSNS[0], place('VB-2022-0001'))), options);
    expect(first.parkingPlaces).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const stored = await db.parkingPlace.findUniqueOrThrow({ where: { decree: 'VB-2022-0001' }, include: { resident: true } });
    expect(stored).toMatchObject({ licencePlate: 'GH456J', location: 'Kerkstraat, tegenover nummer 12', withdrawnOn: null });
    expect(stored.resident.bsn).toBe(BSNS[0]);
    expect(await db.stubRdwVehicle.findUniqueOrThrow({ where: { kenteken: 'GH456J' } })).toMatchObject({ holderBsn: BSNS[0] });

    const again = await importFile(
      db,
      file(row(BSNS[0], place('VB-2022-0001', { registers: { vehicle: 'other-holder' } }))),
      options,
    );
    expect(again.parkingPlaces).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect((await db.stubRdwVehicle.findUniqueOrThrow({ where: { kenteken: 'GH456J' } })).holderBsn).toBeNull();
  });

  it('when a place belongs to a resident without a GPK, or its decree appears twice, then the file is refused naming each row and nothing is imported', async () => {
    const found = await problems(
      importFile(db, file(row(BSNS[0], place('VB-2022-0001'), { permits: [] }), row(BSNS[1], place('VB-2022-0001'))), options),
    );
    expect(found).toEqual([
      expect.stringMatching(/^residents\[0\]\.parkingPlace: .*GPK/),
      expect.stringMatching(/^residents\[1\]\.parkingPlace\.decree: "VB-2022-0001" .*residents\[0\]/),
    ]);
    expect(await db.resident.count()).toBe(0);
    expect(await db.parkingPlace.count()).toBe(0);
  });

  it('when a decree already belongs to another resident in Tijdig, or a place was withdrawn before it was decreed, then the file is refused and the stored place stays as it was', async () => {
    await importFile(db, file(row(BSNS[0], place('VB-2022-0001'))), options);
    const found = await problems(
      importFile(
        db,
        file(row(BSNS[1], place('VB-2022-0001')), row('999990019', place('VB-2022-0002', { withdrawnOn: '2020-01-01' }))),
        options,
      ),
    );
    expect(found).toEqual([expect.stringMatching(/^residents\[1\]\.parkingPlace\.withdrawnOn: 2020-01-01 is before decreedOn/)]);
    const second = await problems(importFile(db, file(row(BSNS[1], place('VB-2022-0001'))), options));
    expect(second).toEqual([
      expect.stringMatching(/^residents\[0\]\.parkingPlace\.decree: "VB-2022-0001" is another resident's/),
    ]);
    expect(
      (await db.parkingPlace.findUniqueOrThrow({ where: { decree: 'VB-2022-0001' }, include: { resident: true } })).resident.bsn,
    ).toBe(BSNS[0]);
  });
});
