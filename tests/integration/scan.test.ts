import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { runRenewalCycle, type CycleDeps } from '../../src/services/renewal-cycle';
import { catalogueFile, loadCatalogue } from '../../src/service-catalogue';
import { chooseMaturity } from '../../src/services/settings';
import { scanService, type ScanOptions } from '../../src/services/scan';
import { startPendingRenewals, type RenewalStartVariables } from '../../src/renewals/start-renewals';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { importHolder } from '../support/renewal-world';

const logger = createLogger('silent');
const now = new Date('2026-11-25T05:00:00Z');
const scanOptions: ScanOptions = {
  service: 'gpk',
  trigger: { kind: 'expiry', leadTimeDays: 70, validityYears: 5 },
  pageSize: 3,
  now,
};
let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  await database.drop();
});

const startOptions = {
  services: { gpk: { process: 'gpk-renewal', maturity: 'automatic' as const } },
  reminderAfter: 'P14D',
  responseDeadline: 'P28D',
  maxPerSecond: 1000,
  retryDelaysMs: [10],
};

describe('daily expiry scan', () => {
  it('when permits expire within the lead time, then each gets one renewal with a five-year new period, reading page by page', async () => {
    const soon = await Promise.all(
      ['2026-11-26', '2026-12-15', '2027-01-10', '2027-02-02', '2026-12-01'].map((expiresOn) =>
        importHolder(database.db, { expiresOn }),
      ),
    );
    await importHolder(database.db, { expiresOn: '2027-02-04' });
    await importHolder(database.db, { expiresOn: '2026-11-24' });

    const result = await scanService(database.db, scanOptions, logger);

    expect(result).toMatchObject({ skipped: false, examined: 5, created: 5 });
    const renewals = await database.db.renewal.findMany({ include: { permit: true }, orderBy: { id: 'asc' } });
    expect(renewals.map((r) => r.permit!.number).sort()).toEqual(soon.map((h) => h.permitNumber).sort());
    const jan = renewals.find((r) => r.expiresOn!.toISOString().startsWith('2027-01-10'))!;
    expect(jan.newValidFrom!.toISOString().slice(0, 10)).toBe('2027-01-10');
    expect(jan.newExpiresOn!.toISOString().slice(0, 10)).toBe('2032-01-10');
    expect(jan.status).toBe('PENDING_START');
  });

  it('when two scans overlap, then each renewal is recorded once and only one of them runs the day', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => importHolder(database.db, { expiresOn: `2026-12-${String(10 + i)}` })));

    const [a, b] = await Promise.all([
      scanService(database.db, scanOptions, logger),
      scanService(database.db, scanOptions, logger),
    ]);
    const forcedTogether = await Promise.all([
      scanService(database.db, { ...scanOptions, force: true }, logger),
      scanService(database.db, { ...scanOptions, force: true }, logger),
    ]);

    expect([a.skipped, b.skipped].sort()).toEqual([false, true]);
    expect(a.created + b.created).toBe(8);
    expect(forcedTogether.reduce((sum, r) => sum + r.created, 0)).toBe(0);
    expect(await database.db.renewal.count()).toBe(8);
  });

  it("when the app restarts after today's scan finished, then the scan is not repeated; when a run died half-way, a later start takes it over", async () => {
    await importHolder(database.db, { expiresOn: '2026-12-10' });
    await scanService(database.db, scanOptions, logger);
    expect((await scanService(database.db, scanOptions, logger)).skipped).toBe(true);

    const tomorrow = { ...scanOptions, now: new Date('2026-11-26T05:00:00Z') };
    await database.db.scanRun.create({
      data: { id: 'gpk:2026-11-26', service: 'gpk', startedAt: new Date(Date.now() - 2 * 3_600_000) },
    });
    await importHolder(database.db, { expiresOn: '2027-02-03' });
    const takeover = await scanService(database.db, tomorrow, logger);
    expect(takeover).toMatchObject({ skipped: false, created: 1 });
    expect((await database.db.scanRun.findUniqueOrThrow({ where: { id: 'gpk:2026-11-26' } })).finishedAt).not.toBeNull();
  });

  it('when a resident said "stop contacting me proactively", then the scan leaves their permit alone', async () => {
    const holder = await importHolder(database.db, { expiresOn: '2026-12-10' });
    await database.db.resident.update({ where: { bsn: holder.bsn }, data: { proactiveOptOutAt: new Date() } });
    expect((await scanService(database.db, scanOptions, logger)).created).toBe(0);
  });
});

describe('starting recorded renewals in the engine', () => {
  it('when two starters run at once, then every renewal is started exactly once and keeps its instance key', async () => {
    await Promise.all(Array.from({ length: 6 }, (_, i) => importHolder(database.db, { expiresOn: `2026-12-${String(10 + i)}` })));
    await scanService(database.db, scanOptions, logger);
    const started: RenewalStartVariables[] = [];
    const starter = {
      start: async (_process: string, v: RenewalStartVariables) => (started.push(v), `instance-${v.renewalId}-${started.length}`),
    };

    const counts = await Promise.all([
      startPendingRenewals(database.db, starter, startOptions, logger),
      startPendingRenewals(database.db, starter, startOptions, logger),
    ]);

    expect(counts[0] + counts[1]).toBe(6);
    expect(new Set(started.map((v) => v.renewalId)).size).toBe(6);
    const renewals = await database.db.renewal.findMany();
    expect(renewals.every((r) => r.status === 'STARTED' && r.processInstanceId?.startsWith(`instance-${r.id}-`))).toBe(true);
  });

  it('when a start fails for a moment, then the starter tries again and starts every renewal in the same run', async () => {
    await Promise.all([0, 1, 2].map((i) => importHolder(database.db, { expiresOn: `2026-12-1${i}` })));
    await scanService(database.db, scanOptions, logger);
    let calls = 0;
    const flaky = {
      start: async (_process: string, v: RenewalStartVariables) => {
        calls += 1;
        if (calls === 2) throw new Error('engine busy');
        return `instance-${v.renewalId}`;
      },
    };

    expect(await startPendingRenewals(database.db, flaky, startOptions, logger)).toBe(3);
    expect((await database.db.renewal.findMany()).every((r) => r.status === 'STARTED')).toBe(true);
  });

  it('when the engine refuses a start, then the renewal stays pending and is started by the next run', async () => {
    await importHolder(database.db, { expiresOn: '2026-12-10' });
    await scanService(database.db, scanOptions, logger);
    const failing = { start: async () => Promise.reject(new Error('engine unavailable')) };
    expect(await startPendingRenewals(database.db, failing, startOptions, logger)).toBe(0);
    expect((await database.db.renewal.findFirstOrThrow()).status).toBe('PENDING_START');

    const working = { start: async () => 'instance-1' };
    expect(await startPendingRenewals(database.db, working, startOptions, logger)).toBe(1);
    expect(await database.db.renewal.findFirstOrThrow()).toMatchObject({ status: 'STARTED', processInstanceId: 'instance-1' });
  });
});

describe('the daily cycle and the process owner', () => {
  it('when a process owner chose another maturity level for a service, then the next cycle starts its renewals with that level', async () => {
    const config = loadConfig({});
    const catalogue = loadCatalogue(catalogueFile(config));
    const started: RenewalStartVariables[] = [];
    const deps: CycleDeps = {
      db: database.db,
      config: { ...config, START_RATE_PER_SECOND: 1000 },
      catalogue,
      logger,
      starter: { start: async (_process, v) => (started.push(v), `instance-${v.renewalId}`) },
      // Every holder is still registered here, so no life event needs a message.
      brp: { getResidence: async () => null },
      messages: { correlate: async () => 'nothing-waiting' },
      now: () => now,
    };
    await importHolder(database.db, { expiresOn: '2026-12-10' });
    await runRenewalCycle(deps);
    await chooseMaturity(database.db, { service: 'gpk', maturity: 'notify-only', staffEmail: 'owner@voorbeeldstad.nl', at: now });
    await importHolder(database.db, { expiresOn: '2026-12-11' });
    await runRenewalCycle(deps, { force: true });

    expect(started.map((v) => v.maturity)).toEqual([catalogue.entry('gpk').maturity, 'notify-only']);
  });
});
