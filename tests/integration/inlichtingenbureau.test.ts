import type { Db } from '../../src/db/client';
import { InvalidDataError } from '../../src/errors';
import { importFile } from '../../src/import/import';
import { createInlichtingenbureauClient } from '../../src/registers/inlichtingenbureau/client';
import type { RegisterStubs } from '../../src/registers/stubs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startStubsOnFreePorts } from '../support/register-stubs';

/**
 * The Inlichtingenbureau stub over HTTP and Tijdig's client of it: per BSN an answer (likely
 * eligible, not eligible, unknown) with the data it used, from what the import put in.
 */
const BSNS = ['999990007', '999990238', '999990287', '999990329'] as const;

let testDb: TestDatabase;
let db: Db;
let stubs: RegisterStubs;

function resident(bsn: string, income: unknown) {
  return {
    bsn,
    givenNames: 'Sanne',
    surname: 'Bakker',
    birthDate: '1990-01-01',
    address: {
      street: 'Kade',
      houseNumber: 1,
      postalCode: '1234 AB',
      city: 'Voorbeeldstad',
      municipalityCode: '0999',
      validFrom: '2020-01-01',
    },
    income,
  };
}

const income = (overrides: Record<string, unknown> = {}) => ({
  household: 'single',
  netMonthlyIncome: 1250,
  assetsAboveNorm: false,
  vehicleAboveNorm: false,
  referenceDate: '2027-01-01',
  ...overrides,
});

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  stubs = await startStubsOnFreePorts(db);
  await importFile(
    db,
    {
      formatVersion: 1,
      residents: [
        resident(BSNS[0], income()),
        resident(BSNS[1], income({ household: 'couple', vehicleAboveNorm: true, assetsAboveNorm: true })),
        resident(BSNS[2], income({ netMonthlyIncome: null })),
        resident(BSNS[3], null),
      ],
    },
    { municipalityName: 'Voorbeeldstad' },
  );
});
afterAll(async () => {
  await stubs?.stop();
  await testDb?.drop();
});

describe('Inlichtingenbureau remission check', () => {
  const client = () => createInlichtingenbureauClient({ baseUrl: stubs.inlichtingenbureauUrl, apiKey: 'local-development-key' });

  it('when the household has a low income and no assets or vehicle above the norm, then it is likely eligible, with the income it used', async () => {
    expect(await client().checkRemission(BSNS[0], 2027)).toEqual({
      outcome: 'likely-eligible',
      obstacles: [],
      data: {
        household: 'single',
        netMonthlyIncome: 1250,
        assetsAboveNorm: false,
        vehicleAboveNorm: false,
        referenceDate: '2027-01-01',
        sources: ['UWV', 'Belastingdienst', 'RDW'],
      },
    });
  });

  it('when assets and a vehicle exceed the norm, then it is not eligible and both obstacles are named', async () => {
    const answer = await client().checkRemission(BSNS[1], 2027);
    expect(answer).toMatchObject({ outcome: 'not-eligible', obstacles: ['assets', 'vehicle'], data: { household: 'couple' } });
  });

  it('when the sources have no income figure, or nothing at all on the household, then the answer is unknown', async () => {
    expect(await client().checkRemission(BSNS[2], 2027)).toMatchObject({ outcome: 'unknown', data: { netMonthlyIncome: null } });
    expect(await client().checkRemission(BSNS[3], 2027)).toEqual({ outcome: 'unknown', obstacles: [], data: null });
  });

  it('when the API key is wrong, then the client says to check the credentials instead of retrying', async () => {
    const wrong = createInlichtingenbureauClient({ baseUrl: stubs.inlichtingenbureauUrl, apiKey: 'wrong' });
    await expect(wrong.checkRemission(BSNS[0], 2027)).rejects.toThrow(InvalidDataError);
  });
});
