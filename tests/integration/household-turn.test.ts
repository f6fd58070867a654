import { HOUSEHOLD_WEEK_MS, offerTurn } from '../../src/dispatch/household-turn';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createLetter, createRenewalWithHolder, createResident } from '../support/fixtures';

/** Two services writing to one household in one week: the second, when it is an offer, waits. */
const now = new Date('2026-12-02T09:00:00Z');
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

async function residentAt(postalCode: string, houseNumber: number) {
  const resident = await createResident(database.db);
  await database.db.address.create({
    data: {
      residentId: resident.id,
      street: 'Dorpsstraat',
      houseNumber,
      postalCode,
      city: 'Voorbeeldstad',
      municipalityCode: '0999',
      validFrom: new Date('2000-01-01'),
    },
  });
  return resident;
}

/** A GPK letter to a new holder at this address, put in the post `daysAgo` days ago. */
async function gpkLetterSent(postalCode: string, houseNumber: number, daysAgo: number) {
  const { resident, renewal } = await createRenewalWithHolder(database.db);
  await database.db.address.create({
    data: {
      residentId: resident.id,
      street: 'Dorpsstraat',
      houseNumber,
      postalCode,
      city: 'Voorbeeldstad',
      municipalityCode: '0999',
      validFrom: new Date('2000-01-01'),
    },
  });
  const letter = await createLetter(database.db, renewal.id, Buffer.from('%PDF-1.7'));
  const sentAt = new Date(now.getTime() - daysAgo * 86_400_000);
  await database.db.dispatch.create({
    data: { letterId: letter.id, idempotencyKey: `sent-${letter.id}`, channel: 'POST', createdAt: sentAt },
  });
  return sentAt;
}

describe('one letter a week per household', () => {
  it('when another service wrote to the household two days ago, then an offer to someone living there waits until a week after that letter', async () => {
    const sentAt = await gpkLetterSent('1111 AA', 1, 2);
    const partner = await residentAt('1111 AA', 1);
    expect(await offerTurn(database.db, partner.id, 'waste-levy-remission', now)).toEqual(
      new Date(sentAt.getTime() + HOUSEHOLD_WEEK_MS),
    );
  });

  it('when the other letter is older than a week, went to another address, or came from the same service, then the offer goes at once', async () => {
    await gpkLetterSent('2222 BB', 2, 8);
    expect(await offerTurn(database.db, (await residentAt('2222 BB', 2)).id, 'waste-levy-remission', now)).toBeUndefined();
    await gpkLetterSent('3333 CC', 3, 1);
    expect(await offerTurn(database.db, (await residentAt('3333 CC', 4)).id, 'waste-levy-remission', now)).toBeUndefined();
    await gpkLetterSent('4444 DD', 4, 1);
    expect(await offerTurn(database.db, (await residentAt('4444 DD', 4)).id, 'gpk', now)).toBeUndefined();
  });
});
