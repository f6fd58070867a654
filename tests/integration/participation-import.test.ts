import type { Db } from '../../src/db/client';
import { ImportRejectedError } from '../../src/import/format';
import { importFile } from '../../src/import/import';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The participation offer's own data in the import: the municipality's participation record of a
 * household for a year, validated all or nothing with the rest of the file.
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
  db.$executeRawUnsafe('TRUNCATE participation_record, address, resident, stub_brp_person RESTART IDENTITY CASCADE'),
);

const record = (overrides: Record<string, unknown> = {}) => ({
  year: 2027,
  incomePercentOfSocialMinimum: 115,
  householdSize: 3,
  validUntil: '2027-12-31',
  source: 'bijstand',
  ...overrides,
});

function row(bsn: string, overrides: Record<string, unknown> = {}) {
  return {
    bsn,
    givenNames: 'Fatima',
    surname: 'El Amrani',
    birthDate: '1984-02-11',
    address: {
      street: 'Molenweg',
      houseNumber: 7,
      postalCode: '1234 AB',
      city: 'Voorbeeldstad',
      municipalityCode: '0999',
      validFrom: '2015-01-01',
    },
    participationRecords: [record()],
    ...overrides,
  };
}

const file = (...residents: unknown[]) => ({ formatVersion: 1, residents });

async function problems(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof ImportRejectedError)) throw new Error(`expected an ImportRejectedError, got ${String(error)}`);
  return error.problems;
}

describe('importing participation records', () => {
  it('when a household’s participation record is imported, then it can be read back on the resident, and importing a corrected year replaces it', async () => {
    await importFile(db, file(row(BSNS[0])), options);
    const resident = await db.resident.findUniqueOrThrow({ where: { bsn: BSNS[0] }, include: { participationRecords: true } });
    expect(resident.participationRecords).toMatchObject([
      { year: 2027, incomePercentOfSocialMinimum: 115, householdSize: 3, validUntil: new Date('2027-12-31'), source: 'bijstand' },
    ]);

    await importFile(db, file(row(BSNS[0], { participationRecords: [record({ incomePercentOfSocialMinimum: 125 })] })), options);
    await importFile(db, file(row(BSNS[0], { participationRecords: [record({ incomePercentOfSocialMinimum: 125 })] })), options);
    expect(await db.participationRecord.findMany({ where: { residentId: resident.id } })).toMatchObject([
      { year: 2027, incomePercentOfSocialMinimum: 125 },
    ]);
  });

  it('when one resident’s record is bad (a percentage with decimals, an empty household, a date that does not exist, two records for one year), then nothing of the file is imported and each problem is named by its place', async () => {
    const found = await problems(
      importFile(
        db,
        file(
          row(BSNS[0]),
          row(BSNS[1], {
            participationRecords: [
              record({ incomePercentOfSocialMinimum: 112.5, householdSize: 0, validUntil: '2027-02-30' }),
              record({ year: 2027 }),
            ],
          }),
        ),
        options,
      ),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^residents\[1\]\.participationRecords\[0\]\.incomePercentOfSocialMinimum: /),
        expect.stringMatching(/^residents\[1\]\.participationRecords\[0\]\.householdSize: /),
        expect.stringMatching(/^residents\[1\]\.participationRecords\[0\]\.validUntil: /),
      ]),
    );
    // All or nothing: the good first resident is not imported either.
    expect(await db.resident.count()).toBe(0);
    expect(await db.participationRecord.count()).toBe(0);

    // The two records for one year are reported once each record is right by itself.
    const again = await problems(
      importFile(db, file(row(BSNS[0], { participationRecords: [record(), record({ source: 'aanvraag' })] })), options),
    );
    expect(again).toEqual([expect.stringMatching(/^residents\[0\]\.participationRecords\[1\]\.year: 2027 /)]);
    expect(await db.resident.count()).toBe(0);
  });
});
