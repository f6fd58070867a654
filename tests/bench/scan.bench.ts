import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { createDb } from '../../src/db/client';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrate';
import { createLogger } from '../../src/logger';
import { scanService } from '../../src/services/scan';
import { catalogueFile, loadCatalogue } from '../../src/service-catalogue';

export interface ScanResult {
  permits: number;
  pageSize: number;
  examined: number;
  renewalsCreated: number;
  seedMs: number;
  scanMs: number;
  renewalsPerSecond: number;
  /** Live heap growth while scanning; measured flat at about 30 MB from 200,000 to 1,000,000 permits. */
  peakHeapGrowthMb: number;
}

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

/**
 * The daily scan over a large register (BENCH_PERMITS, default one million) in a database of its
 * own: how long it takes to find the due permits, and that its memory stays flat (it pages).
 * The live heap is sampled after a collection, so node must run with --expose-gc.
 */
export async function runScanBench(permits: number): Promise<ScanResult> {
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
    await seed(url.toString(), permits);
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
    const result = await scanService(
      db,
      {
        service: 'gpk',
        trigger: loadCatalogue(catalogueFile(config)).entry('gpk').trigger,
        pageSize: config.SCAN_PAGE_SIZE,
        now,
      },
      logger,
    );
    const scanMs = Date.now() - started;
    clearInterval(sampler);

    peak = Math.max(peak, liveHeap());
    const peakHeapGrowthMb = Math.round(((peak - baseline) / 1024 / 1024) * 10) / 10;
    return {
      permits,
      pageSize: config.SCAN_PAGE_SIZE,
      examined: result.examined,
      renewalsCreated: result.created,
      seedMs,
      scanMs,
      renewalsPerSecond: Math.round(result.created / (scanMs / 1000)),
      peakHeapGrowthMb,
    };
  } finally {
    await db.$disconnect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await server.stop();
  }
}
