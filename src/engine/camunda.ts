import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Camunda8, type CamundaRestApiTypes, type CamundaRestClient } from '@camunda8/sdk';
import { TransientError } from '../errors';
import type { Logger } from '../logger';
import {
  ASSESS_EXCEPTION_ELEMENT_ID,
  GPK_RENEWAL_PROCESS_ID,
  RESIDENT_RESPONSE_MESSAGE,
  type ResidentResponse,
} from '../process/gpk-renewal-contract';
import type { RenewalProcessStarter, RenewalStartVariables } from '../renewals/start-renewals';
import { byDueDate, isOpenExceptionTask, matchesQuery, type ExceptionTask, type ExceptionTasks } from './exception-tasks';

export const BPMN_DIR = path.resolve(__dirname, '..', '..', 'bpmn');

/**
 * Tijdig's connection to a Camunda 8 cluster. The SDK reads Camunda's standard connection
 * variables itself (ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY, CAMUNDA_OAUTH_URL,
 * ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET, ...), so pointing Tijdig at a self-managed or SaaS cluster
 * is configuration only.
 */
export function connectCamunda(logger: Logger, now: () => Date = () => new Date()) {
  const c8 = new Camunda8();
  const rest = c8.getCamundaRestClient();
  const zeebe = c8.getZeebeGrpcApiClient();

  /** Waits until the cluster answers with a topology, so deploying does not race its start. */
  async function waitUntilReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const topology = await rest.getTopology();
        if (topology.brokers.length > 0) return;
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`The Camunda engine did not answer within ${timeoutMs / 1000} s: ${(err as Error).message}`);
      }
      if (Date.now() > deadline) throw new Error(`The Camunda engine reported no brokers within ${timeoutMs / 1000} s`);
      logger.info('waiting for the Camunda engine');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  /**
   * Deploys every model and form in bpmn/. The engine keeps an unchanged resource at its current
   * version, so a restart does not produce new versions; a model the engine rejects stops start-up
   * with the engine's reason and the file names.
   */
  async function deployModels(dir = BPMN_DIR): Promise<void> {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.bpmn') || f.endsWith('.form')).map((f) => path.join(dir, f));
    try {
      const result = await rest.deployResourcesFromFiles(files);
      logger.info(
        { processes: result.processes.map((p) => `${p.processDefinitionId} v${p.processDefinitionVersion}`) },
        'models deployed',
      );
    } catch (err) {
      throw new Error(
        `The engine rejected the models in ${dir} (${files.map((f) => path.basename(f)).join(', ')}): ${(err as Error).message}`,
      );
    }
  }

  const starter: RenewalProcessStarter = {
    async start(variables: RenewalStartVariables) {
      const instance = await rest.createProcessInstance({
        processDefinitionId: GPK_RENEWAL_PROCESS_ID,
        variables: { ...variables },
      });
      return String(instance.processInstanceKey);
    },
  };

  /** The resident's answer; the message id makes a repeated publish a no-op in the engine. */
  async function publishResidentResponse(renewalId: number, response: ResidentResponse, residentReport?: string): Promise<void> {
    await rest.publishMessage({
      name: RESIDENT_RESPONSE_MESSAGE,
      correlationKey: String(renewalId),
      messageId: `${RESIDENT_RESPONSE_MESSAGE}:${renewalId}`,
      timeToLive: 3_600_000,
      variables: residentReport === undefined ? { residentResponse: response } : { residentResponse: response, residentReport },
    });
  }

  return {
    zeebe,
    waitUntilReady,
    exceptionTasks: exceptionTasksOn(rest, now),
    deployModels,
    starter,
    publishResidentResponse,
    close: () => zeebe.close(),
  };
}

export type CamundaConnection = ReturnType<typeof connectCamunda>;

/** The search the inbox sends: every open "assess exception" task of the GPK renewal, due date first. */
const EXCEPTION_TASK_SEARCH = {
  filter: { processDefinitionId: GPK_RENEWAL_PROCESS_ID, elementId: ASSESS_EXCEPTION_ELEMENT_ID, state: 'CREATED' },
  sort: [
    { field: 'dueDate', order: 'ASC' },
    { field: 'creationDate', order: 'ASC' },
  ],
} as const satisfies CamundaRestApiTypes.SearchTasksRequest;

/** Items per search request: the API's default page size. */
const TASK_PAGE_SIZE = 100;

/**
 * Every item of a paged search. Offset paging (from/limit) rather than the cursor: the API takes
 * one or the other, never both, and the SDK's type for a cursor page also demands `from`. A page
 * shorter than asked, or reaching the reported total, is the last.
 */
export async function allPages<T>(
  search: (page: { from: number; limit: number }) => Promise<CamundaRestApiTypes.PaginatedSearchResponse<T>>,
  limit = TASK_PAGE_SIZE,
): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const result = await search({ from: items.length, limit });
    items.push(...result.items);
    if (result.items.length < limit || items.length >= result.page.totalItems) return items;
  }
}

/** The HTTP status of a failed REST call, when the engine answered at all. */
function statusOf(err: unknown): number | undefined {
  const failure = err as { response?: { statusCode?: unknown }; statusCode?: unknown } | null;
  const status = failure?.response?.statusCode ?? failure?.statusCode;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

/** Not found (404) or no longer in a state that allows it (409): decided, cancelled or claimed meanwhile. */
const isGone = (err: unknown) => [404, 409].includes(statusOf(err) ?? 0);

/** An engine that does not answer or is overloaded is a passing fault; anything else is a bug to show. */
function engineFailure(err: unknown, action: string): unknown {
  const status = statusOf(err);
  if (status === undefined || status === 429 || status >= 500) {
    return new TransientError(`The engine could not ${action}: ${(err as Error)?.message ?? String(err)}`);
  }
  return err;
}

/** The case worker's exception tasks on Camunda 8's REST API (user tasks managed by Camunda). */
function exceptionTasksOn(
  rest: Pick<CamundaRestClient, 'searchUserTasks' | 'getUserTask' | 'assignUserTask' | 'unassignUserTask' | 'completeUserTask'>,
  now: () => Date,
): ExceptionTasks {
  async function get(userTaskKey: string): Promise<ExceptionTask | null> {
    if (!/^\d{1,20}$/.test(userTaskKey)) return null;
    try {
      const task = await rest.getUserTask(userTaskKey);
      return isOpenExceptionTask(task) ? task : null;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw engineFailure(err, 'read a task');
    }
  }

  return {
    async list(query = {}) {
      // Assignee is an exact match the engine filters on; "unassigned" and "overdue" are decided
      // here on the same clock as the inbox's overdue flag, so list and flag never disagree.
      const search = query.assignee
        ? { ...EXCEPTION_TASK_SEARCH, filter: { ...EXCEPTION_TASK_SEARCH.filter, assignee: query.assignee } }
        : EXCEPTION_TASK_SEARCH;
      let tasks: ExceptionTask[];
      try {
        tasks = await allPages((page) => rest.searchUserTasks({ ...search, sort: [...search.sort], page }));
      } catch (err) {
        throw engineFailure(err, 'list the exception tasks');
      }
      const at = now();
      return tasks.filter((task) => isOpenExceptionTask(task) && matchesQuery(task, query, at)).sort(byDueDate);
    },

    get,

    async claim(userTaskKey, assignee) {
      if (!(await get(userTaskKey))) return 'gone';
      try {
        // No override: of two people claiming at once, the second is refused, not silently preferred.
        await rest.assignUserTask({ userTaskKey, assignee, allowOverride: false });
        return 'claimed';
      } catch (err) {
        if (!isGone(err)) throw engineFailure(err, 'assign a task');
        const task = await get(userTaskKey);
        return !task ? 'gone' : task.assignee === assignee ? 'claimed' : 'taken';
      }
    },

    async release(userTaskKey) {
      if (!(await get(userTaskKey))) return false;
      try {
        await rest.unassignUserTask({ userTaskKey });
        return true;
      } catch (err) {
        if (isGone(err)) return false;
        throw engineFailure(err, 'release a task');
      }
    },

    async decide(userTaskKey, decision, note) {
      if (!(await get(userTaskKey))) return false;
      try {
        await rest.completeUserTask({ userTaskKey, variables: { decision, decisionNote: note } });
        return true;
      } catch (err) {
        if (isGone(err)) return false;
        throw engineFailure(err, 'complete a task');
      }
    },
  };
}
