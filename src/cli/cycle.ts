import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, registerMunicipality, type Config } from '../config';
import type { Db } from '../db/client';
import { freePort } from '../engine/local-engine';
import { ImportRejectedError, parseImportJson, validateImportFile } from '../import/format';
import { importFile } from '../import/import';
import { createLogger } from '../logger';
import { envelopeLines } from '../residents/address';
import { runRenewalCycle } from '../services/renewal-cycle';
import { renewalsSettled, summariseRenewals } from '../renewals/summary';
import { startTijdig } from '../runtime';
import { freshDatabase } from './fresh-database';

const USAGE = 'Usage: npm run cycle -- --import <file.json> [--as-of YYYY-MM-DD] [--report <file.jsonl>]';
const SETTLE_TIMEOUT_MS = 15 * 60_000;

/** One line of the report: what Tijdig did, or would do, with one permit. */
export interface PermitReport {
  permitNumber: string;
  /** The renewal's end: renewed, notified, stopped, ...; "exception" while a person must decide; "not-due" when the scan did not pick it. */
  outcome: string;
  exceptionReason: string | null;
  letters: string[];
  cardOrders: number;
  /** The envelope lines the letters were addressed to (the municipality's current address of the holder). */
  letterAddress: string[] | null;
}

async function permitReports(db: Db): Promise<PermitReport[]> {
  const permits = await db.permit.findMany({
    orderBy: { number: 'asc' },
    include: {
      resident: { include: { addresses: { where: { validUntil: null }, orderBy: { validFrom: 'desc' }, take: 1 } } },
      renewals: {
        orderBy: { id: 'desc' },
        take: 1,
        include: {
          letters: { orderBy: { id: 'asc' }, select: { template: true } },
          cardOrders: { where: { producerOrderId: { not: null } }, select: { id: true } },
          statusHistory: { where: { status: 'EXCEPTION' }, orderBy: { id: 'desc' }, take: 1 },
        },
      },
    },
  });
  return permits.map((permit) => {
    const renewal = permit.renewals[0];
    const address = permit.resident.addresses[0];
    if (!renewal)
      return {
        permitNumber: permit.number,
        outcome: 'not-due',
        exceptionReason: null,
        letters: [],
        cardOrders: 0,
        letterAddress: null,
      };
    const outcome =
      renewal.outcome ??
      { EXCEPTION: 'exception', AWAITING_RESIDENT: 'awaiting-resident' }[renewal.status as string] ??
      renewal.status.toLowerCase();
    return {
      permitNumber: permit.number,
      outcome,
      exceptionReason: renewal.statusHistory[0]?.reason ?? null,
      letters: renewal.letters.map((l) => l.template),
      cardOrders: renewal.cardOrders.length,
      letterAddress: renewal.letters.length > 0 && address ? envelopeLines(address) : null,
    };
  });
}

/**
 * `npm run cycle -- --import FILE [--as-of DATE]`: what Tijdig would do with the municipality's
 * own data. Imports the file into a fresh database, runs one scan-and-renew cycle on the real
 * engine as if today were --as-of, waits until every renewal rests (done, with a person, or
 * waiting for the resident), writes one JSON line per permit and ends with the summary line.
 */
async function main(argv: string[]): Promise<number> {
  let values: { import?: string; 'as-of'?: string; report?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { import: { type: 'string' }, 'as-of': { type: 'string' }, report: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!values.import) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const asOf = values['as-of'] ? new Date(`${values['as-of']}T06:00:00Z`) : new Date();
  if (Number.isNaN(asOf.getTime()) || (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of']))) {
    process.stderr.write(`--as-of must be a date such as 2026-01-15\n${USAGE}\n`);
    return 2;
  }
  let input;
  try {
    input = parseImportJson(await readFile(values.import, 'utf8'));
    // Checked before anything starts, so a wrong file costs no engine start.
    validateImportFile(input);
  } catch (err) {
    const problems = err instanceof ImportRejectedError ? err.problems.join('\n  ') : (err as Error).message;
    process.stderr.write(`Cannot use ${values.import}:\n  ${problems}\n`);
    return 1;
  }

  const base = loadConfig();
  const config: Config = {
    ...base,
    ...(await freshDatabase(base, 'cycle')),
    LOAD_DEMO_DATA: false,
    START_STUBS: true,
    PORT: 0,
    ENGINE_PORT: base.ENGINE_REST_URL ? base.ENGINE_PORT : await freePort(),
    // A headless run nobody signs in to: no shared default password.
    ENGINE_ADMIN_PASSWORD: base.ENGINE_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url'),
    BRP_API_URL: base.BRP_API_URL.replace(/:\d+\//, ':0/'),
    CARD_PRODUCER_URL: base.CARD_PRODUCER_URL.replace(/:\d+\//, ':0/'),
    INLICHTINGENBUREAU_URL: base.INLICHTINGENBUREAU_URL.replace(/:\d+\//, ':0/'),
    RDW_API_URL: base.RDW_API_URL.replace(/:\d+\//, ':0/'),
    PAYMENT_API_URL: base.PAYMENT_API_URL.replace(/:\d+(\/|$)/, ':0$1'),
    PRINT_BATCH_DIR: await mkdtemp(path.join(os.tmpdir(), 'tijdig-cycle-print-')),
  };
  const logger = createLogger(base.LOG_LEVEL === 'info' ? 'warn' : base.LOG_LEVEL);
  const tijdig = await startTijdig(config, logger, { schedule: false, now: () => asOf });
  try {
    await importFile(tijdig.db, input, { municipalityName: registerMunicipality(config).name });
    await runRenewalCycle(tijdig.cycle, { force: true });
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (!(await renewalsSettled(tijdig.db))) {
      if (Date.now() > deadline)
        throw new Error('renewals did not settle within 15 minutes; see the engine (Cockpit) for incidents');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const lines = (await permitReports(tijdig.db)).map((line) => JSON.stringify(line));
    const reportFile = values.report ?? path.resolve('var', 'cycle', `report-${asOf.toISOString().slice(0, 10)}.jsonl`);
    await mkdir(path.dirname(reportFile), { recursive: true });
    await writeFile(reportFile, `${lines.join('\n')}\n`);
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stderr.write(`Report written to ${reportFile}\n`);
    process.stdout.write(`${JSON.stringify(await summariseRenewals(tijdig.db))}\n`);
    return 0;
  } finally {
    await tijdig.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`cycle failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
