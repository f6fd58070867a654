import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { createDb } from '../../src/db/client';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrate';
import { createLogger } from '../../src/logger';
import { scanExpiringPermits } from '../../src/renewals/scan';
import { catalogueFile, loadCatalogue } from '../../src/services/catalogue';

/**
 * `npm run bench`: the daily scan over a large register. Checks that its memory stays flat
 * (it pages through the permits) and records how long it takes, in var/bench/scan.json.
 * BENCH_PERMITS sets the register size (default one million).
 */
const PERMITS = Number(process.env.BENCH_PERMITS ?? 1_000_000);
// Measured flat at about 30 MB from 200,000 to 1,000,000 permits; the margin absorbs GC timing.
const TARGET_PEAK_HEAP_GROWTH_MB = 48;
const now = new Date('2026-11-25T05:00:00Z');

async function seed(url: string, permits: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  // Expiry dates spread evenly over five years, so about 70/1826 of the cards fall in the window.
  await client.query(
    `
    INSERT INTO resident (bsn, "givenNames", surname, "birthDate")
      SELECT lpad(g::text, 9, '0'), 'Bench', 'Resident ' || g, DATE '1950-01-01' FROM generate_series(1, $1) g;
    INSERT INTO permit ("residentId", kind, number, "validFrom", "expiresOn")
      SELECT r.id, 'B', 'BENCH-' || r.id, DATE '2026-11-25' - 1826 + (r.id % 1826), DATE '2026-11-25' + (r.id % 1826)
        FROM resident r;`.replace('$1', String(permits)),
  );
  await client.end();
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('warn');
  const server = config.DATABASE_URL
    ? { url: config.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT);
  const name = `tijdig_bench_${Date.now()}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const db = createDb(url.toString());
  try {
    const seedStart = Date.now();
    await seed(url.toString(), PERMITS);
    const seedMs = Date.now() - seedStart;

    // Live memory, not garbage awaiting collection: collect before each sample (needs --expose-gc).
    const liveHeap = () => {
      global.gc?.();
      return process.memoryUsage().heapUsed;
    };
    const baseline = liveHeap();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, liveHeap())), 250);
    const started = Date.now();
    const result = await scanExpiringPermits(
      db,
      {
        service: 'gpk',
        leadTimeDays: loadCatalogue(catalogueFile(config)).entry('gpk').trigger.leadTimeDays,
        validityYears: 5,
        pageSize: config.SCAN_PAGE_SIZE,
        now,
      },
      logger,
    );
    const scanMs = Date.now() - started;
    clearInterval(sampler);

    peak = Math.max(peak, liveHeap());
    const peakHeapGrowthMb = Math.round(((peak - baseline) / 1024 / 1024) * 10) / 10;
    const report = {
      benchmark: 'gpk-expiry-scan',
      at: new Date().toISOString(),
      permits: PERMITS,
      pageSize: config.SCAN_PAGE_SIZE,
      examined: result.examined,
      renewalsCreated: result.created,
      seedMs,
      scanMs,
      renewalsPerSecond: Math.round(result.created / (scanMs / 1000)),
      peakHeapGrowthMb,
      target: { peakHeapGrowthMb: TARGET_PEAK_HEAP_GROWTH_MB },
      pass: peakHeapGrowthMb <= TARGET_PEAK_HEAP_GROWTH_MB,
    };
    const out = path.resolve('var', 'bench', 'scan.json');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.exitCode = report.pass ? 0 : 1;
  } finally {
    await db.$disconnect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await server.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
