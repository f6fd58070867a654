import { byDueDate, engineDate, isOverdue, matchesQuery } from '../../src/engine/exception-tasks';
import { allPages, TASK_PAGE_SIZE } from '../../src/engine/operaton/exception-tasks';
import type { ExceptionTask } from '../../src/engine/port';

/**
 * The parts of the exception tasks that are plain data in, data out: how task dates are read,
 * which tasks a query keeps, their order, when one is overdue, and how every page of the
 * engine's task list is collected. What Operaton itself does with the requests is tested in
 * tests/process (needs an engine).
 */
const now = new Date('2026-11-25T09:00:00Z');

function task(fields: Partial<ExceptionTask> = {}): ExceptionTask {
  return {
    taskId: 'b0f3c6a2-8a51-11f0-9c1e-0242ac120002',
    processInstanceId: '9d7e4b10-8a51-11f0-9c1e-0242ac120002',
    processKey: 'gpk-renewal',
    elementId: 'assess-exception',
    assignee: null,
    dueDate: null,
    creationDate: '2026-11-15T09:00:00.000Z',
    ...fields,
  };
}

describe('exception task dates', () => {
  it.each([
    ['2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T11:00:00.000+0100', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T11:00:00.000+01:00', '2026-11-20T10:00:00.000Z'],
  ])('when the date is written as %s, then it is read as %s', (written, read) => {
    expect(engineDate(written)?.toISOString()).toBe(read);
  });

  it('when a date is absent or unreadable, then there is none, and such a task is never overdue', () => {
    expect(engineDate(undefined)).toBeNull();
    expect(engineDate(null)).toBeNull();
    expect(engineDate('')).toBeNull();
    expect(engineDate('next tuesday')).toBeNull();
    expect(isOverdue({ dueDate: null }, now)).toBe(false);
    expect(isOverdue({ dueDate: 'next tuesday' }, now)).toBe(false);
    expect(matchesQuery(task({ dueDate: 'next tuesday' }), { overdueOnly: true }, now)).toBe(false);
  });

  it('when the due date has passed, then the task is overdue; at the due moment itself and before it, not yet', () => {
    expect(isOverdue({ dueDate: '2026-11-25T08:59:59.999Z' }, now)).toBe(true);
    expect(isOverdue({ dueDate: '2026-11-25T09:00:00.000Z' }, now)).toBe(false);
    expect(isOverdue({ dueDate: '2026-11-25T10:30:00.000+0100' }, now)).toBe(false);
  });
});

describe('which tasks a query keeps', () => {
  const mine = task({ taskId: 'mine', assignee: 'kim@voorbeeldstad.nl', dueDate: '2026-11-24T09:00:00.000Z' });
  const free = task({ taskId: 'free', dueDate: '2026-11-26T09:00:00.000Z' });

  it('when nothing is asked, then every task is kept', () => {
    expect([mine, free].filter((t) => matchesQuery(t, {}, now))).toEqual([mine, free]);
  });

  it('when asked for overdue tasks, then only tasks whose due date has passed are kept', () => {
    expect([mine, free].filter((t) => matchesQuery(t, { overdueOnly: true }, now))).toEqual([mine]);
  });

  it('when asked for unassigned tasks or one person, then claimed tasks and other people are left out', () => {
    expect([mine, free].filter((t) => matchesQuery(t, { unassignedOnly: true }, now))).toEqual([free]);
    expect([mine, free].filter((t) => matchesQuery(t, { assignee: 'kim@voorbeeldstad.nl' }, now))).toEqual([mine]);
    expect([mine, free].filter((t) => matchesQuery(t, { assignee: 'sam@voorbeeldstad.nl' }, now))).toEqual([]);
  });

  it('when filters are combined, then a task is kept only if it passes all of them', () => {
    expect([mine, free].filter((t) => matchesQuery(t, { assignee: 'kim@voorbeeldstad.nl', overdueOnly: true }, now))).toEqual([
      mine,
    ]);
    expect([mine, free].filter((t) => matchesQuery(t, { unassignedOnly: true, overdueOnly: true }, now))).toEqual([]);
  });

  it('when sorted, then the earliest due date comes first, equal due dates by creation, and tasks without one last', () => {
    const undated = task({ taskId: '1' });
    const later = task({ taskId: '2', dueDate: '2026-12-01T09:00:00.000Z' });
    const earlyOld = task({ taskId: '3', dueDate: '2026-11-30T09:00:00.000Z', creationDate: '2026-11-01T09:00:00.000Z' });
    const earlyNew = task({
      taskId: '4',
      dueDate: '2026-11-30T10:00:00.000+0100',
      creationDate: '2026-11-02T09:00:00.000Z',
    });

    expect([undated, later, earlyNew, earlyOld].sort(byDueDate).map((t) => t.taskId)).toEqual(['3', '4', '2', '1']);
  });
});

describe('paging through the engine task list', () => {
  /** A result set of `total` items served by offset (firstResult, maxResults), recording which pages were asked for. */
  function pagedList(total: number) {
    const asked: { firstResult: number; maxResults: number }[] = [];
    const items = Array.from({ length: total }, (_, i) => i);
    return {
      asked,
      page: async (firstResult: number, maxResults: number) => {
        asked.push({ firstResult, maxResults });
        return items.slice(firstResult, firstResult + maxResults);
      },
    };
  }

  it.each([
    [0, [0]],
    [3, [0]],
    [10, [0, 5, 10]],
    [12, [0, 5, 10]],
  ])('when %i items match, then all of them are collected with pages starting at %j', async (total, starts) => {
    const { asked, page } = pagedList(total);

    const items = await allPages(page, 5);

    expect(items).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(asked.map((p) => p.firstResult)).toEqual(starts);
    expect(asked.every((p) => p.maxResults === 5)).toBe(true);
  });

  it('when more than 10,000 tasks are open, then every one comes back once and in order, in pages of 500', async () => {
    const { asked, page } = pagedList(10_250);

    const items = await allPages(page);

    expect(TASK_PAGE_SIZE).toBe(500);
    expect(items).toHaveLength(10_250);
    expect(items.every((item, i) => item === i)).toBe(true);
    expect(asked).toHaveLength(21);
    expect(asked.every((p) => p.maxResults === 500)).toBe(true);
    expect(asked.at(-1)).toEqual({ firstResult: 10_000, maxResults: 500 });
  });

  it('when the engine returns a short page, then paging stops there instead of asking forever', async () => {
    let calls = 0;
    const items = await allPages(async () => {
      calls += 1;
      return calls === 1 ? [1, 2] : [3];
    }, 2);

    expect(items).toEqual([1, 2, 3]);
    expect(calls).toBe(2);
  });
});
