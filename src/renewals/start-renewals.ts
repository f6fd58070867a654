import type { MaturityLevel } from '../config';
import type { Db } from '../db/client';
import type { ProcessEngine } from '../engine/port';
import type { Logger } from '../logger';
import { renewalBusinessKey } from './vocabulary';

/** The process variables a renewal instance starts with (see bpmn/gpk-renewal.bpmn). */
export interface RenewalStartVariables {
  renewalId: number;
  maturity: MaturityLevel;
  reminderAfter: string;
  responseDeadline: string;
}

/** Starts one process instance of the given process in the engine and returns its id. */
export interface RenewalProcessStarter {
  start(processKey: string, variables: RenewalStartVariables): Promise<string>;
}

/** A service's process on the engine, one instance per renewal under the renewal's business key. */
export const engineStarter = (engine: Pick<ProcessEngine, 'start'>): RenewalProcessStarter => ({
  start: (processKey, variables) => engine.start(processKey, renewalBusinessKey(variables.renewalId), { ...variables }),
});

/** Per service: its process and how far Tijdig acts on its own. */
export type ServiceStarts = Record<string, { process: string; maturity: MaturityLevel }>;

export interface StartOptions {
  services: ServiceStarts;
  reminderAfter: string;
  responseDeadline: string;
  /** Upper bound on instance starts per second, so a large scan does not flood the engine. */
  maxPerSecond: number;
  /**
   * Pauses before trying again after a start failed (the engine or the database busy for a
   * moment); only when all fail does the rest wait for the next run, which may be tomorrow's.
   */
  retryDelaysMs?: readonly number[];
}

const RETRY_DELAYS_MS = [1_000, 5_000, 15_000, 30_000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a process instance for every renewal the scan recorded (an outbox: the database says
 * what must run, the engine runs it). Each renewal is locked with SKIP LOCKED while its instance
 * starts, so concurrent starters never start the same one, and a starter that dies leaves it
 * pending for the next run. Should a start be repeated after a crash between the engine's answer
 * and the commit, the workers' idempotency keys (renewal id + step) still keep every letter and
 * card order single.
 */
export async function startPendingRenewals(
  db: Db,
  starter: RenewalProcessStarter,
  options: StartOptions,
  logger: Logger,
): Promise<number> {
  const interval = 1000 / options.maxPerSecond;
  const serviceIds = Object.keys(options.services);
  const retryDelays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  let started = 0;
  let failures = 0;
  for (;;) {
    const begun = Date.now();
    let renewalId: number | undefined;
    try {
      renewalId = await db.$transaction(
        async (tx) => {
          // A service switched off in the catalogue keeps its pending renewals until it is on again.
          const [next] = await tx.$queryRaw<{ id: number; service: string }[]>`
            SELECT id, service FROM renewal
            WHERE status = 'PENDING_START' AND service = ANY(${serviceIds})
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`;
          if (!next) return undefined;
          const service = options.services[next.service]!;
          const processInstanceId = await starter.start(service.process, {
            renewalId: next.id,
            maturity: service.maturity,
            reminderAfter: options.reminderAfter,
            responseDeadline: options.responseDeadline,
          });
          await tx.renewal.update({ where: { id: next.id }, data: { status: 'STARTED', processInstanceId } });
          await tx.renewalStatusChange.create({
            data: { renewalId: next.id, status: 'STARTED', reason: 'process instance started' },
          });
          return next.id;
        },
        // Workers share the connection pool: waiting a while for a connection is no failure.
        { timeout: 60_000, maxWait: 10_000 },
      );
    } catch (err) {
      const delay = retryDelays[failures];
      if (delay === undefined) {
        logger.warn({ err }, 'could not start a renewal process; it stays pending for the next run');
        return started;
      }
      failures += 1;
      logger.warn({ err, retryInMs: delay }, 'could not start a renewal process; trying again');
      await sleep(delay);
      continue;
    }
    failures = 0;
    if (renewalId === undefined) return started;
    started += 1;
    const rest = interval - (Date.now() - begun);
    if (rest > 0) await sleep(rest);
  }
}
