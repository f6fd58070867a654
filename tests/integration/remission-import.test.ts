import type { Db } from '../../src/db/client';
import { ImportRejectedError } from '../../src/import/format';
import { importFile } from '../../src/import/import';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The remission offer's own data in the import: the year's waste levy assessment, past years'
 * remission decisions, and what the Inlichtingenbureau stub answers with.
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
beforeEach(() => db.$executeRawUnsafe('TRUNCATE stub_income_check, address, resident, stub_brp_person RESTART IDENTITY CASCADE'));

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
    levyAssessments: [{ year: 2027, number: `AH-2027-${bsn}`, household: 'multi-person', amount: 389.4 }],
    remissions: [{ year: 2026, granted: true }],
    income: {
      household: 'single-parent',
      netMonthlyIncome: 1320.55,
      assetsAboveNorm: false,
      vehicleAboveNorm: false,
      referenceDate: '2027-01-01',
    },
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

describe('importing the waste levy and remission data', () => {
  it('when a resident with an assessment, last year’s remission and income data is imported, then all three can be read back in cents', async () => {
    const summary = await importFile(db, file(row(BSNS[0])), options);
    expect(summary.levyAssessments).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const resident = await db.resident.findUniqueOrThrow({
      where: { bsn: BSNS[0] },
      include: { levyAssessments: true, remissionGrants: true },
    });
    expect(resident.levyAssessments).toMatchObject([
      { year: 2027, number: `AH-2027-${BSNS[0]}`, household: 'multi-person', amountCents: 38940 },
    ]);
    expect(resident.remissionGrants).toMatchObject([{ year: 2026, granted: true, source: 'import' }]);
    expect(await db.stubIncomeCheck.findUniqueOrThrow({ where: { bsn: BSNS[0] } })).toMatchObject({
      household: 'single-parent',
      netMonthlyIncomeCents: 132055,
      assetsAboveNorm: false,
    });
  });

  it('when the same file is imported twice, then nothing is duplicated, and a corrected amount updates the year’s assessment', async () => {
    await importFile(db, file(row(BSNS[0])), options);
    expect((await importFile(db, file(row(BSNS[0])), options)).levyAssessments).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const corrected = row(BSNS[0], {
      levyAssessments: [{ year: 2027, number: `AH-2027-${BSNS[0]}`, household: 'multi-person', amount: 401 }],
      remissions: [{ year: 2026, granted: false }],
      income: null,
    });
    expect((await importFile(db, file(corrected), options)).levyAssessments).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await db.levyAssessment.findMany({ select: { amountCents: true } })).toEqual([{ amountCents: 40100 }]);
    expect(await db.remissionGrant.findMany({ select: { granted: true } })).toEqual([{ granted: false }]);
    // Without income data the Inlichtingenbureau stub knows nothing of the resident any more.
    expect(await db.stubIncomeCheck.count()).toBe(0);
  });

  it('when the file has two assessments for one year, an amount with more than two decimals, an unknown tariff or a number used twice, then nothing is imported and each problem is named', async () => {
    const found = await problems(
      importFile(
        db,
        file(
          row(BSNS[0], {
            levyAssessments: [
              { year: 2027, number: 'AH-1', household: 'multi-person', amount: 389.123 },
              { year: 2027, number: 'AH-2', household: 'family', amount: 389 },
            ],
          }),
          row(BSNS[1], { levyAssessments: [{ year: 2027, number: 'AH-1', household: 'single', amount: 300 }] }),
        ),
        options,
      ),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'residents[0].levyAssessments[0].amount: 389.123 has more than two decimals; write an amount in euros like 312.40',
        'residents[0].levyAssessments[1].household: must be one of "single", "multi-person", not "family"',
      ]),
    );
    expect(await db.resident.count()).toBe(0);
    // The two rows with one year are reported once the amounts and tariffs are right.
    const again = await problems(
      importFile(
        db,
        file(
          row(BSNS[0], {
            levyAssessments: [
              { year: 2027, number: 'AH-1', household: 'multi-person', amount: 389 },
              { year: 2027, number: 'AH-2', household: 'single', amount: 389 },
            ],
          }),
          row(BSNS[1], { levyAssessments: [{ year: 2027, number: 'AH-1', household: 'single', amount: 300 }] }),
        ),
        options,
      ),
    );
    expect(again).toEqual([
      'residents[0].levyAssessments[1].year: 2027 appears more than once in the file (also at levyAssessments[0])',
      'residents[1].levyAssessments[0].number: "AH-1" appears more than once in the file (also at residents[0].levyAssessments[0])',
    ]);
  });
});
