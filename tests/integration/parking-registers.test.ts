import { randomUUID } from 'node:crypto';
import { InvalidDataError } from '../../src/errors';
import { createPaymentClient, type ChargeRequest } from '../../src/registers/payment/client';
import { createRdwClient } from '../../src/registers/rdw/client';
import type { RegisterStubs } from '../../src/registers/stubs';
import { nextBsn } from '../support/bsn-factory';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startStubsOnFreePorts } from '../support/register-stubs';

/**
 * The RDW and payment provider clients against their stubs over HTTP: what a parking permit
 * renewal asks them, and the promise that matters most, that a retried charge charges once.
 */
let testDb: TestDatabase;
let stubs: RegisterStubs;

beforeAll(async () => {
  testDb = await createTestDatabase();
  stubs = await startStubsOnFreePorts(testDb.db);
});

afterAll(async () => {
  await stubs?.stop();
  await testDb?.drop();
});

describe('RDW holder check', () => {
  const rdw = () => createRdwClient({ baseUrl: stubs.rdwUrl, apiKey: 'unused' });

  it('when the car is registered to the person asked about, then the RDW says so, whatever way the plate is written', async () => {
    const bsn = nextBsn();
    await testDb.db.stubRdwVehicle.create({ data: { kenteken: 'GH123K', holderBsn: bsn, registeredOn: new Date('2025-03-01') } });
    expect(await rdw().checkHolder('gh-123-k', bsn)).toEqual({
      registered: true,
      holderMatches: true,
      registeredOn: '2025-03-01',
    });
  });

  it('when the car is registered to someone else, or unknown, then the RDW says no without naming anyone', async () => {
    await testDb.db.stubRdwVehicle.create({
      data: { kenteken: 'JK456L', holderBsn: null, registeredOn: new Date('2024-01-01') },
    });
    expect(await rdw().checkHolder('JK-456-L', nextBsn())).toMatchObject({ registered: true, holderMatches: false });
    expect(await rdw().checkHolder('ZZ999Z', nextBsn())).toEqual({ registered: false, holderMatches: false, registeredOn: null });
  });

  it('when the API key is wrong, then the check fails as a configuration fault, not as a car that is not theirs', async () => {
    const wrong = createRdwClient({ baseUrl: stubs.rdwUrl, apiKey: 'wrong' });
    await expect(wrong.checkHolder('GH123K', nextBsn())).rejects.toThrow(InvalidDataError);
  });
});

describe('payment provider', () => {
  const payments = () => createPaymentClient({ baseUrl: stubs.paymentUrl, apiKey: 'unused' });

  async function mandate(status: 'valid' | 'invalid') {
    const id = randomUUID().replace(/-/g, '').slice(0, 10);
    await testDb.db.stubPaymentMandate.create({ data: { id: `mdt_${id}`, customerId: `cst_${id}`, status } });
    return { customerId: `cst_${id}`, mandateId: `mdt_${id}` };
  }
  const charge = (ids: { customerId: string; mandateId: string }, overrides: Partial<ChargeRequest> = {}): ChargeRequest => ({
    idempotencyKey: `renewal-${randomUUID()}:charge-permit`,
    amountCents: 5200,
    description: 'Parkeervergunning BPV-1 2027-2028',
    metadata: { renewalId: 1 },
    ...ids,
    ...overrides,
  });

  it('when the same charge is sent three times at once, then the provider makes one payment and answers each with it', async () => {
    const request = charge(await mandate('valid'));
    const results = await Promise.all([1, 2, 3].map(() => payments().charge(request)));
    expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
    expect(results[0]).toMatchObject({ status: 'paid', failureReason: null });
    expect(await testDb.db.stubPayment.count({ where: { idempotencyKey: request.idempotencyKey } })).toBe(1);
  });

  it('when the mandate is refused by the bank, or unknown to the provider, then the charge fails with a reason a case worker can read', async () => {
    expect(await payments().charge(charge(await mandate('invalid')))).toMatchObject({
      status: 'failed',
      failureReason: 'No mandate',
    });
    expect(await payments().charge(charge({ customerId: 'cst_nobody', mandateId: 'mdt_nobody' }))).toEqual({
      paymentId: null,
      status: 'failed',
      failureReason: 'The mandate id is invalid',
    });
  });

  it('when the API key is wrong, then the charge fails as a configuration fault', async () => {
    const wrong = createPaymentClient({ baseUrl: stubs.paymentUrl, apiKey: 'wrong' });
    await expect(wrong.charge(charge(await mandate('valid')))).rejects.toThrow(InvalidDataError);
  });
});
