import { createLogger } from '../../src/logger';
import { createBrpClient } from '../../src/registers/brp/client';
import type { RenewalContext } from '../../src/renewals/context';
import { scanService } from '../../src/services/scan';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { completed, deliver } from '../support/jobs';
import { pdfText } from '../support/pdf-text';
import { createRenewalWorld, importHolder, type HolderSpec } from '../support/renewal-world';

/**
 * The GPK renewal's steps, each through its real job worker, against the real database and the
 * register stubs over HTTP. The engine that sequences them is not part of this test.
 */
const now = new Date('2026-11-25T09:00:00Z');
const logger = createLogger('silent');
let database: TestDatabase;
let world: Awaited<ReturnType<typeof createRenewalWorld>>;
let ctx: RenewalContext;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await createRenewalWorld(database.db, now);
  ctx = world.ctx;
});

afterAll(async () => {
  await world.stop();
  await database.drop();
});

async function renewalFor(spec: HolderSpec) {
  const holder = await importHolder(database.db, spec);
  await scanService(
    database.db,
    { service: 'gpk', trigger: { kind: 'expiry', leadTimeDays: 70, validityYears: 5 }, pageSize: 100, now, force: true },
    logger,
  );
  const renewal = await database.db.renewal.findFirstOrThrow({ where: { permit: { number: holder.permitNumber } } });
  return { ...holder, renewalId: renewal.id };
}

/** The side-effect steps of the automatic path, with the element ids of bpmn/gpk-renewal.bpmn. */
const RENEWED_STEPS = [
  { topic: 'render-letter', elementId: 'render-renewed-letter', properties: { template: 'gpk/renewed' } },
  { topic: 'order-card', elementId: 'order-card' },
  { topic: 'send-letter', elementId: 'send-renewed-letter', properties: { template: 'gpk/renewed' } },
  { topic: 'record-contact-moment', elementId: 'record-renewed-contact', properties: { subject: 'gpk/renewed' } },
] as const;

describe('GPK renewal steps', () => {
  it('when the holder still lives here with a permanent indication, then both checks pass, one letter names them and the new expiry, one card is ordered and the letter is queued for post', async () => {
    const { renewalId, surname } = await renewalFor({ expiresOn: '2026-12-20' });
    const variables = { renewalId };

    expect(
      completed(await deliver(ctx, logger, { topic: 'check-residence', elementId: 'check-residence', variables })),
    ).toMatchObject({ residenceOk: true });
    expect(
      completed(await deliver(ctx, logger, { topic: 'check-indication', elementId: 'check-indication', variables })),
    ).toMatchObject({ indicationKind: 'PERMANENT' });
    for (const step of RENEWED_STEPS) completed(await deliver(ctx, logger, { ...step, variables }));
    completed(
      await deliver(ctx, logger, {
        topic: 'close-renewal',
        elementId: 'close-renewed',
        variables,
        properties: { outcome: 'renewed' },
      }),
    );

    const letters = await database.db.letter.findMany({ where: { renewalId } });
    expect(letters).toHaveLength(1);
    const text = await pdfText(letters[0]!.pdf);
    expect(text).toContain(`Anna ${surname}`);
    expect(text).toContain('20 december 2031');
    expect(await database.db.cardOrder.count({ where: { renewalId } })).toBe(1);
    const order = await database.db.cardOrder.findFirstOrThrow({ where: { renewalId } });
    const produced = await database.db.stubCardOrder.findUniqueOrThrow({ where: { id: order.producerOrderId! } });
    expect(produced.payload).toMatchObject({ validFrom: '2026-12-20', validUntil: '2031-12-20' });
    expect(await database.db.dispatch.findMany({ where: { letterId: letters[0]!.id } })).toEqual([
      expect.objectContaining({ channel: 'POST', status: 'QUEUED' }),
    ]);
    expect(await database.db.contactMoment.count({ where: { renewalId } })).toBe(1);
    expect(await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } })).toMatchObject({
      status: 'COMPLETED',
      outcome: 'renewed',
    });
  });

  it('when every side-effect job is delivered twice, then the resident still gets one letter, one card and one contact moment', async () => {
    const { renewalId } = await renewalFor({ expiresOn: '2026-12-21' });
    const variables = { renewalId };
    for (let delivery = 0; delivery < 2; delivery++) {
      for (const step of RENEWED_STEPS) completed(await deliver(ctx, logger, { ...step, variables }));
    }
    const orders = await database.db.cardOrder.findMany({ where: { renewalId } });
    expect(orders).toHaveLength(1);
    expect(await database.db.stubCardOrder.count({ where: { reference: orders[0]!.idempotencyKey } })).toBe(1);
    expect(await database.db.letter.count({ where: { renewalId } })).toBe(1);
    expect(await database.db.dispatch.count({ where: { letter: { renewalId } } })).toBe(1);
    expect(await database.db.contactMoment.count({ where: { renewalId } })).toBe(1);
  });

  it.each([
    [
      'moved to another municipality',
      { status: 'moved', municipality: { code: '0363', name: 'Amsterdam' } },
      'MOVED_AWAY',
      { registeredIn: 'Amsterdam (0363)' },
    ],
    ['deceased', { status: 'deceased', deceasedOn: '2026-09-02' }, 'DECEASED', { deceasedOn: '2026-09-02' }],
    ['emigrated', { status: 'emigrated', country: 'België', emigratedOn: '2026-06-01' }, 'EMIGRATED', { country: 'België' }],
  ] as const)(
    'when the holder has %s, then the residence check stops the renewal with that reason and the BRP facts',
    async (_label, register, reason, fact) => {
      const { renewalId } = await renewalFor({ expiresOn: '2026-12-22', register });
      const result = completed(
        await deliver(ctx, logger, { topic: 'check-residence', elementId: 'check-residence', variables: { renewalId } }),
      );
      expect(result).toMatchObject({
        residenceOk: false,
        exceptionReason: reason,
        exceptionFacts: { source: 'BRP', readOn: '2026-11-25', ...fact },
      });
    },
  );

  it('when the holder has a temporary indication, then the indication check hands the decision table its end and the new period, with the facts a case worker would see', async () => {
    const { renewalId } = await renewalFor({ expiresOn: '2026-12-23', indication: { kind: 'TEMPORARY', endsOn: '2028-01-01' } });
    expect(
      completed(
        await deliver(ctx, logger, { topic: 'check-indication', elementId: 'check-indication', variables: { renewalId } }),
      ),
    ).toMatchObject({
      indicationKind: 'TEMPORARY',
      indicationEndsOn: '2028-01-01',
      newPeriodEndsOn: '2031-12-23',
      indicationFacts: { source: 'municipal GPK records', indication: 'temporary', endsOn: '2028-01-01' },
    });
  });

  it('when an exception is opened twice for the same reason, then the renewal records it once with its facts, and a due date from configuration', async () => {
    const { renewalId } = await renewalFor({ expiresOn: '2026-12-24' });
    const job = {
      topic: 'open-exception' as const,
      elementId: 'open-exception',
      variables: {
        renewalId,
        exceptionReason: 'MOVED_AWAY',
        exceptionFacts: { source: 'BRP', readOn: '2026-11-25', registeredIn: 'Amsterdam (0363)' },
      },
    };
    const first = completed(await deliver(ctx, logger, job));
    const second = completed(await deliver(ctx, logger, job));
    expect(first.exceptionDueDate).toBe('2026-12-05T09:00:00.000Z');
    expect(second.exceptionDueDate).toBe(first.exceptionDueDate);
    const history = await database.db.renewalStatusChange.findMany({ where: { renewalId, status: 'EXCEPTION' } });
    expect(history).toEqual([
      expect.objectContaining({
        reason: 'MOVED_AWAY',
        facts: { source: 'BRP', readOn: '2026-11-25', registeredIn: 'Amsterdam (0363)' },
      }),
    ]);
  });

  it("when a case worker decided the exception, then closing the renewal keeps their decision and note in the municipality's audit trail, once", async () => {
    const { renewalId } = await renewalFor({ expiresOn: '2026-12-25' });
    const job = {
      topic: 'close-renewal' as const,
      elementId: 'close-stopped',
      variables: { renewalId, decision: 'stop', decisionNote: 'Verhuisd naar Amsterdam.' },
      properties: { outcome: 'stopped' },
    };
    completed(await deliver(ctx, logger, job));
    completed(await deliver(ctx, logger, job));
    expect(await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } })).toMatchObject({
      status: 'STOPPED',
      outcome: 'stopped',
    });
    expect(
      await database.db.auditEvent.findMany({
        where: { subjectType: 'renewal', subjectId: String(renewalId), action: 'exception-decided' },
      }),
    ).toEqual([expect.objectContaining({ details: { decision: 'stop', note: 'Verhuisd naar Amsterdam.', outcome: 'stopped' } })]);
  });

  it('when the BRP cannot be reached, then the job is retried later with a back-off instead of failing the renewal', async () => {
    const { renewalId } = await renewalFor({ expiresOn: '2026-12-26' });
    const unreachable: RenewalContext = {
      ...ctx,
      brp: createBrpClient({ baseUrl: 'http://127.0.0.1:9/brp', apiKey: 'x', timeoutMs: 500 }),
    };
    const outcome = await deliver(unreachable, logger, {
      topic: 'check-residence',
      elementId: 'check-residence',
      variables: { renewalId },
      retries: 5,
    });
    expect(outcome).toMatchObject({ kind: 'failure', retries: 4 });
    // The first of 5 tries failed: the next comes after 10 s, as workers/definition.ts promises.
    expect(outcome.kind === 'failure' && outcome.retryTimeoutMs).toBe(10_000);
  });

  it('when a job arrives without a valid renewal id, then it becomes an incident naming the variable, and nothing is written', async () => {
    const before = await database.db.letter.count();
    const outcome = await deliver(ctx, logger, {
      topic: 'render-letter',
      elementId: 'render-renewed-letter',
      variables: { renewalId: 'abc' },
      properties: { template: 'gpk/renewed' },
    });
    expect(outcome).toMatchObject({ kind: 'failure', retries: 0 });
    expect(outcome.kind === 'failure' && outcome.message).toMatch(/renewalId/);
    expect(await database.db.letter.count()).toBe(before);
  });
});
