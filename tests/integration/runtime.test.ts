import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startTijdig, type Tijdig } from '../../src/runtime';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** What `npm start` does on a fresh database, here without a process engine configured. */
describe('npm start (no engine configured)', () => {
  let database: TestDatabase;
  let batchDir: string;
  let tijdig: Tijdig;

  beforeAll(async () => {
    database = await createTestDatabase();
    batchDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-runtime-'));
    const config = loadConfig({
      DATABASE_URL: database.url,
      PORT: '0',
      BRP_API_URL: 'http://127.0.0.1:0/haalcentraal/api/brp',
      CARD_PRODUCER_URL: 'http://127.0.0.1:0/api/v1',
      PRINT_BATCH_DIR: batchDir,
    });
    tijdig = await startTijdig(config, createLogger('silent'), { schedule: true });
  });

  afterAll(async () => {
    await tijdig.stop();
    await database.drop();
    await rm(batchDir, { recursive: true, force: true });
  });

  it('when it starts on an empty database, then the demo municipality is loaded and the web app answers', async () => {
    expect(await database.db.resident.count()).toBeGreaterThanOrEqual(200);
    const health = await fetch(`${tijdig.webUrl}/health`);
    expect(await health.json()).toEqual({ status: 'ok', engine: 'not configured' });
  });

  it("when it starts, then the day's scan runs at once and every card expiring within the lead time waits for the engine as one renewal", async () => {
    const horizon = new Date(Date.now() + 70 * 86_400_000);
    const expiring = await database.db.permit.count({
      where: { expiresOn: { gte: new Date(new Date().toISOString().slice(0, 10)), lte: horizon } },
    });
    expect(expiring).toBeGreaterThan(100);
    const renewals = await database.db.renewal.groupBy({ by: ['status'], _count: { _all: true } });
    expect(renewals).toEqual([{ status: 'PENDING_START', _count: { _all: expiring } }]);
    const summary = await (await fetch(`${tijdig.webUrl}/api/renewals/summary`)).json();
    expect(summary).toEqual([{ status: 'PENDING_START', outcome: null, count: expiring }]);
  });

  it('when a resident answers while no engine is connected, then they are asked to try later and their code is not used up', async () => {
    const response = await fetch(`${tijdig.webUrl}/api/resident-responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'ABCDE-FGHJK', response: 'confirmed' }),
    });
    expect(response.status).toBe(503);
  });
});
