import { TransientError } from '../../errors';
import { byDueDate, matchesQuery } from '../exception-tasks';
import type { ExceptionTask, ExceptionTaskKind, ExceptionTasks, Variables } from '../port';
import { EngineRequestError, isNotFound, type RestClient } from './rest';
import { toTyped } from './variables';

/** A user task as GET /task returns it (the fields we read). */
interface EngineTask {
  id: string;
  processInstanceId: string;
  processDefinitionId: string;
  taskDefinitionKey: string;
  assignee: string | null;
  due: string | null;
  created: string;
}

/** Tasks per GET /task page; the engine pages by offset without a ceiling, so 10,000+ open tasks are all read. */
export const TASK_PAGE_SIZE = 500;

const isoDate = (value: string | null) => (value ? new Date(Date.parse(value)).toISOString() : null);

/** The process key from a definition id such as `gpk-renewal:3:5f2c...`. */
const processKeyOf = (definitionId: string) => definitionId.split(':')[0] ?? definitionId;

function toExceptionTask(task: EngineTask): ExceptionTask {
  return {
    taskId: task.id,
    processInstanceId: task.processInstanceId,
    processKey: processKeyOf(task.processDefinitionId),
    elementId: task.taskDefinitionKey,
    assignee: task.assignee ?? null,
    dueDate: isoDate(task.due),
    creationDate: isoDate(task.created) ?? new Date(0).toISOString(),
  };
}

/** Every item of an offset-paged list: a page shorter than asked is the last. */
export async function allPages<T>(page: (firstResult: number, maxResults: number) => Promise<T[]>, size = TASK_PAGE_SIZE) {
  const items: T[] = [];
  for (;;) {
    const next = await page(items.length, size);
    items.push(...next);
    if (next.length < size) return items;
  }
}

/** Task ids are the engine's UUIDs (or numbers with another id generator); anything else is not ours. */
const TASK_ID = /^[0-9A-Za-z-]{1,64}$/;

/** The case worker's exception tasks on Operaton's task API. */
export function operatonExceptionTasks(rest: RestClient, kinds: readonly ExceptionTaskKind[], now: () => Date): ExceptionTasks {
  const isExceptionTask = (task: ExceptionTask) =>
    kinds.some((k) => k.processKey === task.processKey && k.elementId === task.elementId);

  async function get(taskId: string): Promise<ExceptionTask | null> {
    if (!TASK_ID.test(taskId)) return null;
    try {
      const task = toExceptionTask(await rest.request<EngineTask>('GET', `/task/${encodeURIComponent(taskId)}`));
      return isExceptionTask(task) ? task : null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** A claim or complete the engine refused: the task was decided meanwhile (gone) or claimed by someone else. */
  const refusedAsGone = (err: unknown) => err instanceof EngineRequestError && [400, 404, 409].includes(err.status);

  return {
    async list(query = {}) {
      const tasks = await Promise.all(
        kinds.map((kind) =>
          allPages(async (firstResult, maxResults) => {
            const params = new URLSearchParams({
              processDefinitionKey: kind.processKey,
              taskDefinitionKey: kind.elementId,
              sortBy: 'dueDate',
              sortOrder: 'asc',
              firstResult: String(firstResult),
              maxResults: String(maxResults),
            });
            if (query.assignee) params.set('assignee', query.assignee);
            if (query.unassignedOnly) params.set('unassigned', 'true');
            return (await rest.request<EngineTask[]>('GET', `/task?${params}`)).map(toExceptionTask);
          }),
        ),
      );
      // "Overdue" is decided here on the same clock as the inbox's overdue flag, so list and flag never disagree.
      const at = now();
      return tasks
        .flat()
        .filter((task) => matchesQuery(task, query, at))
        .sort(byDueDate);
    },

    get,

    async claim(taskId, assignee) {
      if (!(await get(taskId))) return 'gone';
      try {
        // The engine refuses a claim on a task someone else holds: of two people, the second loses.
        await rest.request('POST', `/task/${encodeURIComponent(taskId)}/claim`, { userId: assignee });
        return 'claimed';
      } catch (err) {
        if (!refusedAsGone(err) && !(err instanceof TransientError)) throw err;
        const task = await get(taskId);
        return !task ? 'gone' : task.assignee === assignee ? 'claimed' : 'taken';
      }
    },

    async release(taskId) {
      if (!(await get(taskId))) return false;
      try {
        await rest.request('POST', `/task/${encodeURIComponent(taskId)}/unclaim`);
        return true;
      } catch (err) {
        if (refusedAsGone(err)) return false;
        throw err;
      }
    },

    async complete(taskId, variables: Variables) {
      if (!(await get(taskId))) return false;
      try {
        await rest.request('POST', `/task/${encodeURIComponent(taskId)}/complete`, { variables: toTyped(variables) });
        return true;
      } catch (err) {
        if (refusedAsGone(err)) return false;
        throw err;
      }
    },
  };
}
