import { TransientError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import type { ResidentResponse } from '../../src/renewals/vocabulary';
import type { RenewalContext } from '../../src/renewals/context';
import { scanService } from '../../src/services/scan';
import { deliverPendingAnswers, type ResidentResponsePublisher } from '../../src/renewals/resident-response';
import { webSecrets } from '../../src/web/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { completed, deliver } from '../support/jobs';
import { pdfText } from '../support/pdf-text';
import { createRenewalWorld, importHolder } from '../support/renewal-world';
import { serveApp, type ServedApp } from '../support/web-app';

const now = new Date('2026-11-25T09:00:00Z');
const logger = createLogger('silent');
let database: TestDatabase;
let world: Awaited<ReturnType<typeof createRenewalWorld>>;
let ctx: RenewalContext;
let app: ServedApp;
let baseUrl: string;
let engineAvailable = true;
const published: { renewalId: number; response: ResidentResponse; report?: string }[] = [];
/** A stand-in that records what the process would be told: this file tests the web side's promises, the process tests use the real engine. */
let engine: ResidentResponsePublisher;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await createRenewalWorld(database.db, now);
  ctx = world.ctx;
  engine = {
    async publishResidentResponse(renewalId: number, response: ResidentResponse, report?: string) {
      if (!engineAvailable) throw new TransientError('engine unavailable');
      published.push({ renewalId, response, report });
      return 'correlated' as const;
    },
  };
  app = await serveApp({
    db: database.db,
    config: ctx.config,
    logger,
    engine,
    secrets: await webSecrets(database.db),
    now: () => now,
  });
  baseUrl = app.baseUrl;
});

afterAll(async () => {
  await app.close();
  await world.stop();
  await database.drop();
});

/** Runs the notify-and-confirm steps up to the letter and returns the code printed in it. */
async function confirmationLetterFor(expiresOn: string): Promise<{ renewalId: number; code: string; text: string }> {
  const holder = await importHolder(database.db, { expiresOn });
  await scanService(
    database.db,
    { service: 'gpk', trigger: { kind: 'expiry', leadTimeDays: 70, validityYears: 5 }, pageSize: 50, now, force: true },
    logger,
  );
  const { id: renewalId } = await database.db.renewal.findFirstOrThrow({ where: { permit: { number: holder.permitNumber } } });
  const variables = { renewalId, responseDeadline: 'P28D' };
  completed(await deliver(ctx, logger, { topic: 'issue-confirmation-code', elementId: 'issue-confirmation-code', variables }));
  completed(await deliver(ctx, logger, { topic: 'issue-confirmation-code', elementId: 'issue-confirmation-code', variables }));
  completed(
    await deliver(ctx, logger, {
      topic: 'render-letter',
      elementId: 'render-confirm-request-letter',
      variables,
      properties: { template: 'gpk/confirm-request' },
    }),
  );
  const letter = await database.db.letter.findFirstOrThrow({ where: { renewalId, template: 'gpk/confirm-request' } });
  const text = await pdfText(letter.pdf);
  const code = /\b([A-Z2-9]{5}-[A-Z2-9]{5})\b/.exec(text)?.[1];
  if (!code) throw new Error(`no confirmation code in the letter: ${text}`);
  return { renewalId, code, text };
}

function answer(body: Record<string, unknown>) {
  return fetch(`${baseUrl}/api/resident-responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('notify and confirm', () => {
  it('when the confirmation letter is made, then it carries a personal code and deadline, and the renewal awaits the resident', async () => {
    const { renewalId, text } = await confirmationLetterFor('2026-12-20');
    expect(text).toContain('23 december 2026');
    expect(await database.db.confirmationCode.count({ where: { renewalId } })).toBe(1);
    expect((await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } })).status).toBe('AWAITING_RESIDENT');
  });

  it('when the resident confirms with the code from the letter, then the waiting process is told once and a contact moment is recorded; the code then no longer works', async () => {
    const { renewalId, code } = await confirmationLetterFor('2026-12-21');
    const typed = code.toLowerCase().replace('-', ' ');

    const first = await answer({ code: typed, response: 'confirmed' });
    const second = await answer({ code, response: 'declined' });

    expect(first.status).toBe(202);
    expect(second.status).toBe(404);
    expect(published.filter((p) => p.renewalId === renewalId)).toEqual([{ renewalId, response: 'confirmed', report: undefined }]);
    expect(await database.db.contactMoment.findMany({ where: { renewalId, channel: 'web' } })).toEqual([
      expect.objectContaining({ subject: 'resident-confirmed' }),
    ]);
  });

  it('when a wrong or made-up code is used, then nothing is revealed or changed', async () => {
    await confirmationLetterFor('2026-12-22');
    const before = published.length;
    const response = await answer({ code: 'ABCDE-FGHJK', response: 'confirmed' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'this code is unknown, already used or expired' });
    expect(published.length).toBe(before);
  });

  it('when the engine cannot take the answer, then it is kept, the code is used up, and the answer reaches the process once the engine is back', async () => {
    const { renewalId, code } = await confirmationLetterFor('2026-12-23');
    engineAvailable = false;
    expect((await answer({ code, response: 'confirmed' })).status).toBe(202);
    expect(published.filter((p) => p.renewalId === renewalId)).toEqual([]);
    expect((await answer({ code, response: 'declined' })).status).toBe(404);
    engineAvailable = true;
    const deps = { db: database.db, engine, now: () => now };
    expect(await deliverPendingAnswers(deps)).toBe(1);
    expect(await deliverPendingAnswers(deps)).toBe(0);
    expect(published.filter((p) => p.renewalId === renewalId)).toEqual([{ renewalId, response: 'confirmed', report: undefined }]);
    expect(await database.db.residentAnswer.findMany({ where: { renewalId } })).toEqual([
      expect.objectContaining({ response: 'confirmed', state: 'DELIVERED' }),
    ]);
    expect(await database.db.contactMoment.count({ where: { renewalId, channel: 'web' } })).toBe(1);
  });
});
