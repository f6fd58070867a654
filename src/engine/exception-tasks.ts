import type { CamundaRestApiTypes } from '@camunda8/sdk';
import { ASSESS_EXCEPTION_ELEMENT_ID, GPK_RENEWAL_PROCESS_ID, type Decision } from '../process/gpk-renewal-contract';

/**
 * An open "assess exception" task as the engine reports it (Camunda 8.8 REST API, `UserTask`).
 * The inbox reads these live from the engine, so there is no copy in our database that can drift.
 */
export type ExceptionTask = CamundaRestApiTypes.UserTask;

export interface ExceptionTaskQuery {
  /** Only tasks assigned to this person (the staff account's e-mail address). */
  assignee?: string;
  /** Only tasks nobody has claimed. */
  unassignedOnly?: boolean;
  /** Only tasks whose due date has passed. */
  overdueOnly?: boolean;
}

/** A claim can lose a race: a colleague claimed the task first, or it was decided meanwhile. */
export type ClaimResult = 'claimed' | 'taken' | 'gone';

/** The case worker's work on exception tasks, whatever engine holds them. */
export interface ExceptionTasks {
  /** Every open exception task that matches, earliest due date first; tasks without a due date last. */
  list(query?: ExceptionTaskQuery): Promise<ExceptionTask[]>;
  /** One open exception task; null when the key is unknown, belongs to another kind of task, or is no longer open. */
  get(userTaskKey: string): Promise<ExceptionTask | null>;
  /** Assigns the task to `assignee` unless someone else has it. */
  claim(userTaskKey: string, assignee: string): Promise<ClaimResult>;
  /** Removes the assignee; false when the task is no longer open. */
  release(userTaskKey: string): Promise<boolean>;
  /** Completes the task with the decision and note the model routes on; false when it is no longer open. */
  decide(userTaskKey: string, decision: Decision, note: string): Promise<boolean>;
}

/** Whether a task is one of ours and still waits for a person. */
export function isOpenExceptionTask(task: ExceptionTask): boolean {
  return (
    task.state === 'CREATED' &&
    task.elementId === ASSESS_EXCEPTION_ELEMENT_ID &&
    task.processDefinitionId === GPK_RENEWAL_PROCESS_ID
  );
}

/**
 * A date as the engine writes it (ISO 8601 with an offset; a Java zone id such as "[UTC]" after
 * it is dropped), or null when absent or unreadable.
 */
export function engineDate(value: string | undefined): Date | null {
  if (!value) return null;
  const time = Date.parse(value.replace(/\[[^\]]*\]$/, ''));
  return Number.isNaN(time) ? null : new Date(time);
}

/** Whether a task passes the query's filters at `now`. */
export function matchesQuery(task: ExceptionTask, query: ExceptionTaskQuery, now: Date): boolean {
  if (query.assignee !== undefined && task.assignee !== query.assignee) return false;
  if (query.unassignedOnly && task.assignee) return false;
  if (query.overdueOnly && !isOverdue(task, now)) return false;
  return true;
}

/** Due date ascending; a task without a due date comes after every task with one, then by creation. */
export function byDueDate(a: ExceptionTask, b: ExceptionTask): number {
  const due = (task: ExceptionTask) => engineDate(task.dueDate)?.getTime() ?? Number.POSITIVE_INFINITY;
  const [dueA, dueB] = [due(a), due(b)];
  if (dueA !== dueB) return dueA < dueB ? -1 : 1;
  return (engineDate(a.creationDate)?.getTime() ?? 0) - (engineDate(b.creationDate)?.getTime() ?? 0);
}

/** Whether the task's due date has passed at `now`. A task without a due date is never overdue. */
export function isOverdue(task: Pick<ExceptionTask, 'dueDate'>, now: Date): boolean {
  const due = engineDate(task.dueDate);
  return due !== null && due.getTime() < now.getTime();
}
