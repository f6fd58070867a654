import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { renewalsSettled } from '../../src/renewals/summary';
import { createRestClient } from '../../src/engine/operaton/rest';
import { startTijdig, type Tijdig } from '../../src/runtime';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { removeAllProcessInstances, testEngineAccess } from '../support/engine';
import { until } from '../support/until';

/**
 * What `npm start` does on a fresh database, pointed at an existing engine (the run's Operaton)
 * by configuration alone: it starts no engine of its own, deploys the models, runs the workers.
 */
describe('npm start (with an existing engine)', () => {
  // 192 renewals through the shared engine: a busy machine may take minutes, which is not what this test is about.
  jest.setTimeout(420_000);
  let database: TestDatabase;
  let batchDir: string;
  let tijdig: Tijdig;

  beforeAll(async () => {
    database = await createTestDatabase();
    batchDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-runtime-'));
    const { restUrl, credentials } = testEngineAccess();
    if (credentials.kind !== 'basic') throw new Error('the test engine uses HTTP basic');
    const config = loadConfig({
      DATABASE_URL: database.url,
      PORT: '0',
      BRP_API_URL: 'http://127.0.0.1:0/haalcentraal/api/brp',
      CARD_PRODUCER_URL: 'http://127.0.0.1:0/api/v1',
      INLICHTINGENBUREAU_URL: 'http://127.0.0.1:0/inlichtingenbureau/api',
      PRINT_BATCH_DIR: batchDir,
      ENGINE_REST_URL: restUrl,
      ENGINE_USER: credentials.user,
      ENGINE_PASSWORD: credentials.password,
    });
    tijdig = await startTijdig(config, createLogger('silent'), { schedule: true });
  });

  afterAll(async () => {
    await tijdig?.stop();
    await removeAllProcessInstances();
    await database.drop();
    await rm(batchDir, { recursive: true, force: true });
  });

  it('when it starts on an empty database, then the demo municipality is loaded, the web app answers and the configured engine is used', async () => {
    expect(await database.db.resident.count()).toBeGreaterThanOrEqual(200);
    const health = await fetch(`${tijdig.webUrl}/health`);
    expect(await health.json()).toEqual({ status: 'ok', engine: 'configured' });
    expect(tijdig.engineInfo).toEqual({ restUrl: testEngineAccess().restUrl, webappUrl: null });
  });

  it("when it starts, then the day's scan runs at once and every card expiring within the lead time is renewed, waits for a person, or stops because its holder died or left", async () => {
    // Each service scans its own lead time: 70 days for a GPK, 42 for a resident parking permit.
    const today = new Date(new Date().toISOString().slice(0, 10));
    const dueWithin = (service: string, days: number) =>
      database.db.permit.count({
        where: { service, expiresOn: { gte: today, lte: new Date(Date.now() + days * 86_400_000) } },
      });
    const expiring = (await dueWithin('gpk', 70)) + (await dueWithin('parking-permit', 42));
    const ofPermits = { service: { in: ['gpk', 'parking-permit'] } };
    expect(expiring).toBeGreaterThan(100);
    await until(
      'every due card to have a renewal, and every renewal to settle',
      // The demo's remission offers start in the same cycle; this counts the cards' and permits' renewals.
      async () => (await database.db.renewal.count({ where: ofPermits })) === expiring && renewalsSettled(database.db),
      360_000,
    );
    const byStatus = await database.db.renewal.groupBy({ by: ['status'], where: ofPermits, _count: { _all: true } });
    const counts = Object.fromEntries(byStatus.map((g) => [g.status, g._count._all]));
    expect((counts.COMPLETED ?? 0) + (counts.EXCEPTION ?? 0) + (counts.STOPPED ?? 0)).toBe(expiring);
    expect(counts.COMPLETED).toBeGreaterThan(0);
    expect(counts.EXCEPTION).toBeGreaterThan(0);
    // The demo municipality has holders who died or left: the register's report stops their renewal.
    expect(counts.STOPPED).toBeGreaterThan(0);
    expect(
      await database.db.renewal.count({ where: { ...ofPermits, status: 'STOPPED', outcome: { not: 'resident-left' } } }),
    ).toBe(0);
    expect(await database.db.cardOrder.count()).toBe(
      await database.db.renewal.count({ where: { service: 'gpk', status: 'COMPLETED' } }),
    );
    expect(await database.db.renewal.count({ where: { service: 'parking-permit', status: 'COMPLETED' } })).toBeGreaterThan(0);
    expect(await database.db.renewal.count({ where: { service: 'parking-permit', status: 'EXCEPTION' } })).toBeGreaterThan(0);
  });
});

describe('npm start with a catalogue that cannot run', () => {
  it('when the catalogue names a process no model defines, then Tijdig refuses to start, naming the file, and has loaded no data and deployed nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-catalogue-'));
    const database = await createTestDatabase();
    try {
      const file = path.join(dir, 'services.json');
      const shipped = JSON.parse(await readFile(loadConfig({}).SERVICE_CATALOGUE, 'utf8')) as { services: { process: string }[] };
      shipped.services[0]!.process = 'no-such-process';
      await writeFile(file, JSON.stringify(shipped));
      const { restUrl, credentials } = testEngineAccess();
      if (credentials.kind !== 'basic') throw new Error('the test engine uses HTTP basic');
      const deployments = async () =>
        (await createRestClient(restUrl, credentials).request<{ count: number }>('GET', '/deployment/count')).count;
      const before = await deployments();
      const config = loadConfig({
        DATABASE_URL: database.url,
        SERVICE_CATALOGUE: file,
        LOAD_DEMO_DATA: 'true',
        ENGINE_REST_URL: restUrl,
        ENGINE_USER: credentials.user,
        ENGINE_PASSWORD: credentials.password,
      });

      await expect(startTijdig(config, createLogger('silent'), { schedule: false })).rejects.toThrow(
        new RegExp(`${file}: service "gpk" names process "no-such-process"`),
      );

      expect(await deployments()).toBe(before);
      expect(await database.db.resident.count()).toBe(0);
    } finally {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
