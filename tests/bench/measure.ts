import type { ProcessEngine } from '../../src/engine/port';
import { engineStarter, startPendingRenewals } from '../../src/renewals/start-renewals';
import { GPK_RENEWAL_PROCESS_ID } from '../../src/services/gpk/contract';
import type { BenchEnvironment } from './environment';
import {
  cpuMsPerRenewal,
  meanMachineCpuShare,
  sampleProcesses,
  summariseProcess,
  type ProcessSample,
  type ProcessSummary,
} from './proc-sampler';

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Renewals finished in each second since the batch's first start. */
export type Series = { t: number; perSecond: number }[];

export interface BatchResult {
  renewals: number;
  completed: number;
  /** First instance start to last renewal completed. */
  seconds: number;
  renewalsPerSecond: number;
  /** How fast instances were started. */
  startsPerSecond: number;
  /** Instance start to letter dispatched (queued for the print street), ms. */
  latencyMs: Latency | null;
  series: Series;
  processes: Record<string, ProcessSummary | null>;
  /** CPU milliseconds per completed renewal, per process (PostgreSQL: the backends of this run's databases). */
  cpuMsPerRenewal: Record<string, number>;
  /** Share of the machine's cores busy, everything on it included. */
  machineCpuShare: number;
  samples: ProcessSample[];
}

export function percentiles(values: number[]): Latency | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
  return { p50: at(50), p95: at(95), p99: at(99), max: Math.round(sorted[sorted.length - 1]!) };
}

export function perSecond(offsetsSeconds: number[]): Series {
  if (offsetsSeconds.length === 0) return [];
  const bins = new Array<number>(Math.floor(Math.max(...offsetsSeconds)) + 1).fill(0);
  for (const t of offsetsSeconds) bins[Math.floor(Math.max(0, t))]! += 1;
  return bins.map((perSecond, t) => ({ t, perSecond }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A batch whose count of finished renewals stands still this long has lost some. */
const STALL_MS = 120_000;

export interface BatchOptions {
  /** The renewals to start (PENDING_START, from env.dueRenewals). */
  ids: number[];
  /** Starters run at once, each on the next engine of this list: Tijdig's own outbox starter. */
  startOn: ProcessEngine[];
  /** Upper bound on starts per second over all starters; unbounded when absent. */
  maxStartsPerSecond?: number;
  /** Processes whose CPU and memory are sampled. */
  watch: Record<string, number>;
}

/**
 * Starts the renewals with Tijdig's own starter (the outbox of src/renewals/start-renewals.ts)
 * and waits until each has run through the real model, workers and registers; then reads from
 * the database when each started, had its letter dispatched, and completed.
 */
export async function runRenewalBatch(env: BenchEnvironment, options: BatchOptions): Promise<BatchResult> {
  const { db, config, logger } = env;
  const sampler = sampleProcesses(options.watch, 1000, { PostgreSQL: env.databaseBackends });
  const starters = options.startOn.length;
  const perStarter = (options.maxStartsPerSecond ?? 10_000) / starters;
  const startAll = Promise.all(
    options.startOn.map((engine) =>
      startPendingRenewals(
        db,
        engineStarter(engine),
        {
          services: { gpk: { process: GPK_RENEWAL_PROCESS_ID, maturity: 'automatic' } },
          reminderAfter: config.CONFIRMATION_REMINDER_AFTER,
          responseDeadline: config.CONFIRMATION_RESPONSE_DEADLINE,
          maxPerSecond: perStarter,
        },
        logger,
      ),
    ),
  );
  let completed = 0;
  let lastProgress = Date.now();
  for (;;) {
    await sleep(500);
    const now = await db.renewal.count({ where: { id: { in: options.ids }, status: 'COMPLETED' } });
    if (now !== completed) lastProgress = Date.now();
    completed = now;
    if (completed === options.ids.length || Date.now() - lastProgress > STALL_MS) break;
  }
  await startAll;
  const samples = sampler.stop();

  const rows = await db.$queryRaw<{ started: number; dispatched: number | null; completed: number | null }[]>`
    SELECT extract(epoch FROM s.at) * 1000 AS started,
           (SELECT extract(epoch FROM min(d."createdAt")) * 1000 FROM dispatch d JOIN letter l ON l.id = d."letterId"
             WHERE l."renewalId" = r.id AND l.template = 'gpk/renewed') AS dispatched,
           (SELECT extract(epoch FROM min(c.at)) * 1000 FROM renewal_status_change c
             WHERE c."renewalId" = r.id AND c.status = 'COMPLETED') AS completed
    FROM renewal r JOIN renewal_status_change s ON s."renewalId" = r.id AND s.status = 'STARTED'
    WHERE r.id = ANY(${options.ids})`;
  const processes = Object.fromEntries(
    [...Object.keys(options.watch), 'PostgreSQL'].map((name) => [name, summariseProcess(samples, name)]),
  );
  const num = (v: unknown) => (v === null ? null : Number(v));
  const started = rows.map((r) => Number(r.started));
  const first = Math.min(...started);
  const lastStart = Math.max(...started);
  const done = rows.map((r) => num(r.completed)).filter((v): v is number => v !== null);
  const seconds = done.length > 0 ? (Math.max(...done) - first) / 1000 : 0;
  const latencies = rows.filter((r) => r.dispatched !== null).map((r) => Number(r.dispatched) - Number(r.started));
  return {
    renewals: options.ids.length,
    completed,
    seconds: Math.round(seconds * 10) / 10,
    renewalsPerSecond: seconds > 0 ? Math.round((done.length / seconds) * 10) / 10 : 0,
    startsPerSecond: lastStart > first ? Math.round((started.length / ((lastStart - first) / 1000)) * 10) / 10 : 0,
    latencyMs: percentiles(latencies),
    series: perSecond(done.map((t) => (t - first) / 1000)),
    processes,
    cpuMsPerRenewal: cpuMsPerRenewal(processes, done.length),
    machineCpuShare: meanMachineCpuShare(samples),
    samples,
  };
}

export interface Duplicates {
  letters: number;
  dispatches: number;
  cardOrders: number;
  /** Orders the card producer (stub) itself received more than once. */
  cardsProduced: number;
  /** Renewals that did not complete. */
  lost: number;
}

/** Renewals of these ids with more than one letter, dispatch or card order; and those that never completed. */
export async function countDuplicates(env: BenchEnvironment, ids: number[]): Promise<Duplicates> {
  const [row] = await env.db.$queryRaw<Record<keyof Duplicates, bigint>[]>`
    SELECT
      (SELECT count(*) FROM (SELECT 1 FROM letter WHERE "renewalId" = ANY(${ids}) GROUP BY "renewalId", template HAVING count(*) > 1) x) AS letters,
      (SELECT count(*) FROM (SELECT 1 FROM dispatch d JOIN letter l ON l.id = d."letterId" WHERE l."renewalId" = ANY(${ids})
         GROUP BY l."renewalId" HAVING count(*) > 1) x) AS dispatches,
      (SELECT count(*) FROM (SELECT 1 FROM card_order WHERE "renewalId" = ANY(${ids}) GROUP BY "renewalId" HAVING count(*) > 1) x) AS "cardOrders",
      (SELECT count(*) FROM (SELECT 1 FROM stub_card_order WHERE split_part(reference, ':', 1) = ANY(${ids.map((id) => `renewal-${id}`)})
         GROUP BY split_part(reference, ':', 1) HAVING count(*) > 1) x) AS "cardsProduced",
      (SELECT count(*) FROM renewal WHERE id = ANY(${ids}) AND status <> 'COMPLETED') AS lost`;
  return {
    letters: Number(row!.letters),
    dispatches: Number(row!.dispatches),
    cardOrders: Number(row!.cardOrders),
    cardsProduced: Number(row!.cardsProduced),
    lost: Number(row!.lost),
  };
}
