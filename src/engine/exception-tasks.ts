import type { ExceptionTask, ExceptionTaskQuery } from './port';

/**
 * Engine-neutral rules over exception tasks, shared by every adapter and the inbox: which tasks
 * a query keeps, their order, and when one is overdue.
 */

/** A date as the engine adapter gives it (ISO 8601), or null when absent or unreadable. */
export function engineDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const time = Date.parse(value);
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
