import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { TransientError } from '../../errors';
import type { Logger } from '../../logger';
import type { ExternalTask, TaskOutcome, TopicSubscription, WorkerOptions, Workers } from '../port';
import { isNotFound, type RestClient } from './rest';
import { fromTyped, toTyped, type TypedValue } from './variables';

/** A locked external task as GET/POST /external-task/fetchAndLock returns it. */
interface LockedTask {
  id: string;
  topicName: string;
  processInstanceId: string;
  businessKey: string | null;
  activityId: string;
  retries: number | null;
  variables?: Record<string, TypedValue>;
  extensionProperties?: Record<string, string>;
}

/** Fetch faults back off from 1 s to 30 s, so an engine that is down or full is not hammered. */
const FETCH_BACKOFF_MS = { first: 1000, max: 30_000 };
/** Reporting an outcome is retried this often while the engine is unreachable; then the lock runs out and the task returns. */
const REPORT_ATTEMPTS = 5;
/** How long `stop` lets tasks in hand finish before it aborts them. */
const STOP_GRACE_MS = 20_000;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Workers on the engine's external-task API, over plain fetch rather than
 * camunda-external-task-client-js: that client is ESM-only and jest (CommonJS) cannot load it,
 * and we need what it leaves to the caller anyway: one concurrency bound over all topics, a lock
 * extended while a slow step runs, back-off when the engine's long-poll queue is full (HTTP 500)
 * or the engine is down, and a stop that lets the tasks in hand finish.
 */
export function startExternalTaskWorkers(
  rest: RestClient,
  subscriptions: TopicSubscription[],
  options: WorkerOptions,
  logger: Logger,
): Workers {
  const workerId = `tijdig-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const handlers = new Map(subscriptions.map((s) => [s.topic, s.handler]));
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const taskAborts = new AbortController();
  let slotFreed: (() => void) | null = null;

  const topics = subscriptions.map((s) => ({
    topicName: s.topic,
    lockDuration: options.lockDurationMs,
    includeExtensionProperties: true,
  }));

  async function report(task: LockedTask, outcome: TaskOutcome, log: Logger): Promise<void> {
    const path = `/external-task/${task.id}`;
    const request =
      outcome.kind === 'complete'
        ? { path: `${path}/complete`, body: { workerId, variables: toTyped(outcome.variables) } }
        : outcome.kind === 'bpmn-error'
          ? {
              path: `${path}/bpmnError`,
              body: {
                workerId,
                errorCode: outcome.errorCode,
                errorMessage: outcome.message,
                variables: toTyped(outcome.variables),
              },
            }
          : {
              path: `${path}/failure`,
              body: {
                workerId,
                errorMessage: outcome.message.slice(0, 600),
                errorDetails: outcome.details ?? outcome.message,
                retries: outcome.retries,
                retryTimeout: outcome.retryTimeoutMs,
              },
            };
    for (let attempt = 1; ; attempt += 1) {
      try {
        await rest.request('POST', request.path, request.body);
        return;
      } catch (err) {
        if (isNotFound(err)) {
          // Cancelled meanwhile (a boundary timer, a deleted instance): nothing is waiting for this result.
          log.info('task no longer exists; outcome dropped');
          return;
        }
        if (attempt >= REPORT_ATTEMPTS || !(err instanceof TransientError)) {
          // The lock runs out and the engine hands the task out again; the step's idempotency key
          // keeps its side effect single.
          log.warn({ err: (err as Error).message }, 'could not report the outcome; the task will be delivered again');
          return;
        }
        await sleep(FETCH_BACKOFF_MS.first * 2 ** attempt);
      }
    }
  }

  async function handle(locked: LockedTask): Promise<void> {
    const log = logger.child({ topic: locked.topicName, taskId: locked.id, processInstanceId: locked.processInstanceId });
    const handler = handlers.get(locked.topicName)!;
    const task: ExternalTask = {
      id: locked.id,
      topic: locked.topicName,
      processInstanceId: locked.processInstanceId,
      businessKey: locked.businessKey,
      elementId: locked.activityId,
      retries: locked.retries,
      variables: fromTyped(locked.variables),
      properties: locked.extensionProperties ?? {},
    };
    // A slow step (a register that answers late, a large letter) keeps its lock: extend at half time.
    const extender = setInterval(() => {
      rest
        .request('POST', `/external-task/${locked.id}/extendLock`, { workerId, newDuration: options.lockDurationMs })
        .catch((err: Error) => log.warn({ err: err.message }, 'could not extend the lock'));
    }, options.lockDurationMs / 2);
    let outcome: TaskOutcome;
    try {
      outcome = await handler(task, taskAborts.signal);
    } finally {
      clearInterval(extender);
    }
    await report(locked, outcome, log);
  }

  async function loop(): Promise<void> {
    let backoff = 0;
    while (!stopping.signal.aborted) {
      const free = options.maxConcurrency - inFlight.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => (slotFreed = resolve));
        continue;
      }
      let tasks: LockedTask[];
      try {
        tasks = await rest.request<LockedTask[]>(
          'POST',
          '/external-task/fetchAndLock',
          { workerId, maxTasks: free, usePriority: true, asyncResponseTimeout: options.longPollMs, topics },
          // Not aborted on stop: the engine keeps an abandoned long poll pending and still locks
          // tasks for it (for the whole lock duration, to a worker that is gone). Stop waits for
          // the poll's answer instead and hands back what it brought.
          { timeoutMs: options.longPollMs + 15_000 },
        );
        backoff = 0;
      } catch (err) {
        if (stopping.signal.aborted) break;
        backoff = Math.min(backoff ? backoff * 2 : FETCH_BACKOFF_MS.first, FETCH_BACKOFF_MS.max);
        logger.warn({ err: (err as Error).message, retryInMs: backoff }, 'could not fetch external tasks');
        await sleep(backoff, stopping.signal);
        continue;
      }
      if (stopping.signal.aborted) {
        await Promise.allSettled(tasks.map((task) => rest.request('POST', `/external-task/${task.id}/unlock`)));
        break;
      }
      for (const task of tasks) {
        const running: Promise<void> = handle(task)
          .catch((err: unknown) => logger.error({ err, taskId: task.id }, 'task handler failed outside its outcome'))
          .finally(() => {
            inFlight.delete(running);
            slotFreed?.();
            slotFreed = null;
          });
        inFlight.add(running);
      }
    }
  }

  const looping = loop();
  logger.info({ workerId, topics: subscriptions.map((s) => s.topic), ...options }, 'external-task workers started');

  return {
    /** Resolves once the pending long poll has answered (at most longPollMs) and the tasks in hand are done. */
    async stop() {
      stopping.abort();
      slotFreed?.();
      await looping;
      const grace = setTimeout(() => taskAborts.abort(), STOP_GRACE_MS);
      await Promise.allSettled([...inFlight]);
      clearTimeout(grace);
      logger.info({ workerId }, 'external-task workers stopped');
    },
  };
}
