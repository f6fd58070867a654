import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { createBrpClient } from '../../src/registers/brp/client';
import type { RenewalContext } from '../../src/renewals/context';
import { scanService } from '../../src/services/scan';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { deliver } from '../support/jobs';
import { createRenewalWorld, importHolder } from '../support/renewal-world';

const now = new Date('2026-11-25T09:00:00Z');

describe('personal data in logs', () => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
  });

  afterAll(async () => {
    await world.stop();
    await database.drop();
  });

  it('when renewals run through every step, including failures, at the most detailed log level, then no BSN appears in any log line', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      'trace',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const ctx: RenewalContext = { ...world.ctx, logger };
    const holders = await Promise.all([
      importHolder(database.db, { expiresOn: '2026-12-20' }),
      importHolder(database.db, { expiresOn: '2026-12-21', register: { status: 'deceased', deceasedOn: '2026-10-01' } }),
    ]);
    await scanService(
      database.db,
      { service: 'gpk', trigger: { kind: 'expiry', leadTimeDays: 70, validityYears: 5 }, pageSize: 10, now },
      logger,
    );
    const renewals = await database.db.renewal.findMany();
    const wrongKey = { ...ctx, brp: createBrpClient({ baseUrl: ctx.config.BRP_API_URL, apiKey: 'wrong-key' }) };
    for (const { id: renewalId } of renewals) {
      await deliver(ctx, logger, { topic: 'check-residence', elementId: 'check-residence', variables: { renewalId } });
      await deliver(wrongKey, logger, {
        topic: 'check-residence',
        elementId: 'check-residence-wrong-key',
        variables: { renewalId },
      });
      await deliver(ctx, logger, {
        topic: 'render-letter',
        elementId: 'render-renewed-letter',
        variables: { renewalId },
        properties: { template: 'gpk/renewed' },
      });
      await deliver(ctx, logger, { topic: 'order-card', elementId: 'order-card', variables: { renewalId } });
    }

    expect(lines.some((l) => l.includes('task completed'))).toBe(true);
    expect(lines.some((l) => l.includes('task failed'))).toBe(true);
    for (const { bsn } of holders) expect(lines.filter((l) => l.includes(bsn))).toEqual([]);
  });
});

describe('request bodies and BSNs in logs, whatever the field is called', () => {
  it('when an error carrying a request body, a nested body and a BSN in a message or an odd field are logged, then no line holds the body, the name or the BSN', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'trace',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const bsn = '123456782';
    const typed = `{"naam": "Jansen-Bakker", "nummer": "${bsn}", `;
    // What body-parser hands the error handler for malformed JSON: the whole body on err.body.
    const parseError = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      body: typed,
      type: 'entity.parse.failed',
    });

    logger.error({ err: parseError }, 'request failed');
    logger.error({ err: new Error('wrapped', { cause: parseError }) }, 'request failed');
    logger.warn({ request: { method: 'POST', body: { naam: 'Jansen-Bakker' } } }, 'answer refused');
    logger.info({ nummer: bsn, note: `resident ${bsn} answered` }, `answer from ${bsn}`);

    expect(lines).toHaveLength(4);
    expect(lines.join('')).toContain('Unexpected end of JSON input');
    expect(lines.filter((l) => l.includes('Jansen-Bakker') || l.includes(bsn))).toEqual([]);
  });
});
