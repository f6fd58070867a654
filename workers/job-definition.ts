import { z } from 'zod';
import { InvalidDataError, TransientError } from '../src/errors';
import type { Logger } from '../src/logger';
import type { JobType } from '../src/process/gpk-renewal-contract';
import type { RenewalContext } from '../src/renewals/context';

/** The part of an activated Zeebe job a handler reads. */
export interface ActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  elementId: string;
  retries: number;
  variables: Readonly<Record<string, unknown>>;
  customHeaders: Readonly<Record<string, unknown>>;
}

/** What the engine must do with the job, decided by our code rather than the SDK's defaults. */
export type JobOutcome =
  | { kind: 'complete'; variables: Record<string, unknown> }
  | { kind: 'fail'; errorMessage: string; retries: number; retryBackOffMs: number };

export interface JobInput<V, H> {
  variables: V;
  headers: H;
  /** Renewal id + BPMN element: the same on every delivery of this step, whatever the job key. */
  idempotencyKey: string;
}

export interface JobDefinition<V = unknown, H = unknown> {
  type: JobType;
  variables: z.ZodType<V>;
  headers: z.ZodType<H>;
  handle(ctx: RenewalContext, input: JobInput<V, H>): Promise<Record<string, unknown>>;
}

export function defineJob<V extends { renewalId: number }, H>(definition: JobDefinition<V, H>): JobDefinition<V, H> {
  return definition;
}

export const noHeaders = z.object({});

/** Back-off for transient faults: 10 s, 20 s, 40 s ... capped at 10 minutes. */
export function retryBackOffMs(retriesLeft: number, configuredRetries = 5): number {
  const attempt = Math.max(0, configuredRetries - retriesLeft);
  return Math.min(10_000 * 2 ** attempt, 600_000);
}

/**
 * Runs one job and sorts what happened (STYLE.md, "sort outcomes by kind"): a result completes
 * the job; a transient fault fails it with a retry and back-off; invalid variables, invalid
 * register data or a bug fail it with no retries left, which the engine shows as an incident.
 * Business outcomes are never errors here: they are result variables the model routes on.
 */
export async function runJob(
  definition: JobDefinition<unknown, unknown>,
  job: ActivatedJob,
  ctx: RenewalContext,
  logger: Logger,
): Promise<JobOutcome> {
  const log = logger.child({ jobType: job.type, jobKey: job.key, processInstanceKey: job.processInstanceKey });
  const variables = definition.variables.safeParse(job.variables);
  const headers = definition.headers.safeParse(job.customHeaders);
  if (!variables.success || !headers.success) {
    const issues = [...(variables.error?.issues ?? []), ...(headers.error?.issues ?? [])];
    const errorMessage = `Invalid job input: ${issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`;
    log.error({ errorMessage }, 'job input does not match the model contract');
    return { kind: 'fail', errorMessage, retries: 0, retryBackOffMs: 0 };
  }
  const renewalId = (variables.data as { renewalId: number }).renewalId;
  try {
    const result = await definition.handle(ctx, {
      variables: variables.data,
      headers: headers.data,
      idempotencyKey: `renewal-${renewalId}:${job.elementId}`,
    });
    log.info({ renewalId }, 'job completed');
    return { kind: 'complete', variables: result };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof TransientError && job.retries > 1) {
      log.warn({ renewalId, err: message }, 'transient fault; the engine will retry');
      return { kind: 'fail', errorMessage: message, retries: job.retries - 1, retryBackOffMs: retryBackOffMs(job.retries - 1) };
    }
    const kind =
      err instanceof InvalidDataError ? 'invalid data' : err instanceof TransientError ? 'retries exhausted' : 'unexpected error';
    log.error({ renewalId, err }, `job failed (${kind}); raising an incident`);
    return { kind: 'fail', errorMessage: `${kind}: ${message}`, retries: 0, retryBackOffMs: 0 };
  }
}
