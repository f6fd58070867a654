import { z } from 'zod';
import type { ExternalTask, TaskOutcome } from '../src/engine/port';
import { isDatabaseUnavailable } from '../src/db/unavailable';
import { InvalidDataError, TransientError } from '../src/errors';
import type { Logger } from '../src/logger';
import type { Topic } from '../src/services/topics';
import type { RenewalContext } from '../src/renewals/context';

export interface WorkerInput<V, P> {
  variables: V;
  /** The task's extension properties in the model (camunda:property), such as the letter template. */
  properties: P;
  /** Renewal id + BPMN element: the same on every delivery of this step, whatever the task id. */
  idempotencyKey: string;
}

export interface WorkerDefinition<V = unknown, P = unknown> {
  topic: Topic;
  variables: z.ZodType<V>;
  properties: z.ZodType<P>;
  handle(ctx: RenewalContext, input: WorkerInput<V, P>): Promise<Record<string, unknown>>;
}

export function defineWorker<V extends { renewalId: number }, P>(definition: WorkerDefinition<V, P>): WorkerDefinition<V, P> {
  return definition;
}

export const noProperties = z.object({});

/**
 * An object that travels as JSON text in a String variable (see src/engine/operaton/variables.ts);
 * text that is not a JSON object is invalid input, not something to guess at.
 */
export const jsonObject = z.preprocess((value, ctx) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not JSON' });
    return z.NEVER;
  }
}, z.record(z.unknown()));

/**
 * Retries of a step whose fault may pass. External tasks carry no retry count in the model, so
 * this is the default for every topic: 5 tries over about 2.5 minutes, then an incident.
 */
export const DEFAULT_RETRIES = 5;

/** Back-off for transient faults, by the retries left before this failure: 10 s, 20 s, 40 s ... capped at 10 minutes. */
export function retryBackOffMs(retriesLeft: number, configuredRetries = DEFAULT_RETRIES): number {
  const attempt = Math.max(0, configuredRetries - retriesLeft);
  return Math.min(10_000 * 2 ** attempt, 600_000);
}

/**
 * Runs one external task and sorts what happened (STYLE.md, "sort outcomes by kind"): a result
 * completes the task; a transient fault fails it with a retry and back-off; invalid variables,
 * invalid register data or a bug fail it with no retries left, which the engine shows as an
 * incident. Business outcomes are never errors here: they are result variables the model routes on.
 */
export async function runTask(
  definition: WorkerDefinition<unknown, unknown>,
  task: ExternalTask,
  ctx: RenewalContext,
  logger: Logger,
): Promise<TaskOutcome> {
  const log = logger.child({ topic: task.topic, taskId: task.id, processInstanceId: task.processInstanceId });
  const variables = definition.variables.safeParse(task.variables);
  const properties = definition.properties.safeParse(task.properties);
  if (!variables.success || !properties.success) {
    const issues = [...(variables.error?.issues ?? []), ...(properties.error?.issues ?? [])];
    const message = `Invalid task input: ${issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`;
    log.error({ errorMessage: message }, 'task input does not match the model contract');
    return { kind: 'failure', message, retries: 0, retryTimeoutMs: 0 };
  }
  const renewalId = (variables.data as { renewalId: number }).renewalId;
  const retriesLeft = task.retries ?? DEFAULT_RETRIES;
  try {
    const result = await definition.handle(ctx, {
      variables: variables.data,
      properties: properties.data,
      idempotencyKey: `renewal-${renewalId}:${task.elementId}`,
    });
    log.info({ renewalId }, 'task completed');
    return { kind: 'complete', variables: result as Record<string, never> };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Tijdig's own database out of reach passes like a register that is down: without this, every
    // task in hand during a network fault or a fail-over would become an incident for a person.
    const transient = err instanceof TransientError || isDatabaseUnavailable(err);
    if (transient && retriesLeft > 1) {
      log.warn({ renewalId, err: message, retriesLeft: retriesLeft - 1 }, 'transient fault; the engine will retry');
      return { kind: 'failure', message, retries: retriesLeft - 1, retryTimeoutMs: retryBackOffMs(retriesLeft) };
    }
    const kind = err instanceof InvalidDataError ? 'invalid data' : transient ? 'retries exhausted' : 'unexpected error';
    log.error({ renewalId, err }, `task failed (${kind}); raising an incident`);
    return {
      kind: 'failure',
      message: `${kind}: ${message}`,
      details: err instanceof Error && err.stack ? err.stack : message,
      retries: 0,
      retryTimeoutMs: 0,
    };
  }
}
