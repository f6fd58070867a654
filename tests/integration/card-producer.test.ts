import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidDataError, TransientError } from '../../src/errors';
import {
  type CardOrderRequest,
  type CardProducerClient,
  createCardProducerClient,
} from '../../src/registers/card-producer/client';
import type { RegisterStubs } from '../../src/registers/stubs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startStubsOnFreePorts } from '../support/register-stubs';

let testDb: TestDatabase;
let stubs: RegisterStubs;
let producer: CardProducerClient;

beforeAll(async () => {
  testDb = await createTestDatabase();
  stubs = await startStubsOnFreePorts(testDb.db);
  producer = createCardProducerClient({ baseUrl: stubs.cardProducerUrl });
});

afterAll(async () => {
  await stubs?.stop();
  await testDb?.drop();
});

/** An order for a new B card with its own reference. */
function cardOrder(overrides: Partial<CardOrderRequest> = {}): CardOrderRequest {
  return {
    reference: `renewal-${randomUUID()}`,
    kind: 'B',
    cardNumber: `GPK-${randomUUID().slice(0, 8)}`,
    holder: { name: 'A.M. de Vries', addressLines: ['Dorpsstraat 12 A', '1234 AB  VOORBEELDSTAD'] },
    validFrom: '2026-03-01',
    validUntil: '2031-03-01',
    ...overrides,
  };
}

describe('card producer client against the card producer stub', () => {
  it('when the same order is sent twice, then one card is ordered and the second answer says it already existed', async () => {
    const order = cardOrder();

    const first = await producer.order(order);
    const second = await producer.order(order);

    expect(first).toEqual({ orderId: expect.any(String), status: 'RECEIVED', created: true });
    expect(second).toEqual({ orderId: first.orderId, status: 'RECEIVED', created: false });
    expect(await testDb.db.stubCardOrder.count({ where: { reference: order.reference } })).toBe(1);
  });

  it('when two copies of an order arrive at the same moment, then still only one card is ordered', async () => {
    const order = cardOrder();

    const answers = await Promise.all([producer.order(order), producer.order(order), producer.order(order)]);

    expect(new Set(answers.map((a) => a.orderId)).size).toBe(1);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    expect(await testDb.db.stubCardOrder.count({ where: { reference: order.reference } })).toBe(1);
  });

  it('when the status of an order is asked, then the producer reports it, also after it moved on', async () => {
    const order = cardOrder({ kind: 'BP' });
    const { orderId } = await producer.order(order);

    await expect(producer.status(orderId)).resolves.toEqual({ orderId, reference: order.reference, status: 'RECEIVED' });

    await testDb.db.stubCardOrder.update({ where: { id: orderId }, data: { status: 'SHIPPED' } });
    await expect(producer.status(orderId)).resolves.toMatchObject({ status: 'SHIPPED' });
  });

  it('when the status of an unknown order is asked, then the client fails with invalid data', async () => {
    await expect(producer.status(randomUUID())).rejects.toBeInstanceOf(InvalidDataError);
  });

  it('when an order is invalid, then the stub answers 400 problem+json naming each bad parameter and the client fails with invalid data', async () => {
    const res = await fetch(`${stubs.cardProducerUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...cardOrder(), kind: 'X', holder: { name: '', addressLines: ['Dorpsstraat 12 A'] } }),
    });

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { invalidParams: { name: string }[] };
    expect(problem.invalidParams.map((p) => p.name).sort()).toEqual(['holder.addressLines', 'holder.name', 'kind']);

    const failure = producer.order(cardOrder({ validUntil: '2020-01-01' }));
    await expect(failure).rejects.toBeInstanceOf(InvalidDataError);
    await expect(failure).rejects.toThrow(/validUntil: must be after validFrom/);
    expect(await testDb.db.stubCardOrder.count({ where: { payload: { path: ['validUntil'], equals: '2020-01-01' } } })).toBe(0);
  });

  it('when the card producer is down, then the client fails with a transient error', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const client = createCardProducerClient({ baseUrl: `http://127.0.0.1:${port}/api/v1` });

    await expect(client.order(cardOrder())).rejects.toBeInstanceOf(TransientError);
  });
});
