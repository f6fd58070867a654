import { allPages } from '../../src/engine/camunda';
import { byDueDate, engineDate, isOpenExceptionTask, matchesQuery, type ExceptionTask } from '../../src/engine/exception-tasks';

/**
 * The parts of the engine adapter that are plain data in, data out: how task dates are read,
 * which tasks a query keeps, their order, and how every page of a search is collected. What the
 * engine itself does with the requests is tested in tests/process (needs an engine).
 */
const now = new Date('2026-11-25T09:00:00Z');

function task(fields: Partial<ExceptionTask> = {}): ExceptionTask {
  return {
    name: 'Assess exception',
    state: 'CREATED',
    elementId: 'assess-exception',
    candidateGroups: ['case-workers'],
    processDefinitionId: 'gpk-renewal',
    processDefinitionVersion: 1,
    processDefinitionKey: '2251799813685249',
    processInstanceKey: '2251799813685300',
    elementInstanceKey: '2251799813685310',
    userTaskKey: '2251799813685311',
    creationDate: '2026-11-15T09:00:00.000Z',
    tenantId: '<default>',
    customHeaders: {},
    priority: 50,
    ...fields,
  };
}

describe('exception task dates', () => {
  it.each([
    ['2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T11:00:00.000+0100', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T11:00:00+01:00[Europe/Amsterdam]', '2026-11-20T10:00:00.000Z'],
  ])('when the engine writes %s, then it is read as %s', (written, read) => {
    expect(engineDate(written)?.toISOString()).toBe(read);
  });

  it('when a date is absent or unreadable, then there is none, and such a task is never overdue', () => {
    expect(engineDate(undefined)).toBeNull();
    expect(engineDate('next tuesday')).toBeNull();
    expect(matchesQuery(task({ dueDate: 'next tuesday' }), { overdueOnly: true }, now)).toBe(false);
  });
});

describe('which tasks a query keeps', () => {
  const mine = task({ assignee: 'kim@voorbeeldstad.nl', dueDate: '2026-11-24T09:00:00.000Z' });
  const free = task({ dueDate: '2026-11-26T09:00:00.000Z' });

  it('when asked for overdue tasks, then only tasks whose due date has passed are kept', () => {
    expect([mine, free].filter((t) => matchesQuery(t, { overdueOnly: true }, now))).toEqual([mine]);
  });

  it('when asked for unassigned tasks or one person, then claimed tasks and other people are left out', () => {
    expect([mine, free].filter((t) => matchesQuery(t, { unassignedOnly: true }, now))).toEqual([free]);
    expect([mine, free].filter((t) => matchesQuery(t, { assignee: 'kim@voorbeeldstad.nl' }, now))).toEqual([mine]);
    expect([mine, free].filter((t) => matchesQuery(t, { assignee: 'sam@voorbeeldstad.nl' }, now))).toEqual([]);
  });

  it('when a task is completed, of another element or of another process, then it is not an open exception task', () => {
    expect(isOpenExceptionTask(task())).toBe(true);
    expect(isOpenExceptionTask(task({ state: 'COMPLETED' }))).toBe(false);
    expect(isOpenExceptionTask(task({ elementId: 'another-task' }))).toBe(false);
    expect(isOpenExceptionTask(task({ processDefinitionId: 'parking-permit' }))).toBe(false);
  });

  it('when sorted, then the earliest due date comes first, equal due dates by creation, and tasks without one last', () => {
    const undated = task({ userTaskKey: '1' });
    const later = task({ userTaskKey: '2', dueDate: '2026-12-01T09:00:00.000Z' });
    const earlyOld = task({ userTaskKey: '3', dueDate: '2026-11-30T09:00:00.000Z', creationDate: '2026-11-01T09:00:00.000Z' });
    const earlyNew = task({
      userTaskKey: '4',
      dueDate: '2026-11-30T10:00:00.000+0100',
      creationDate: '2026-11-02T09:00:00.000Z',
    });

    expect([undated, later, earlyNew, earlyOld].sort(byDueDate).map((t) => t.userTaskKey)).toEqual(['3', '4', '2', '1']);
  });
});

describe('paging through a search', () => {
  /** A result set of `total` items served in pages, recording which pages were asked for. */
  function pagedSearch(total: number) {
    const asked: { from: number; limit: number }[] = [];
    const items = Array.from({ length: total }, (_, i) => i);
    return {
      asked,
      search: async (page: { from: number; limit: number }) => {
        asked.push(page);
        return {
          items: items.slice(page.from, page.from + page.limit),
          page: { totalItems: total, startCursor: '', endCursor: '' },
        };
      },
    };
  }

  it.each([
    [0, [0]],
    [3, [0]],
    [10, [0, 5]],
    [12, [0, 5, 10]],
  ])('when %i items match, then all of them are collected with pages starting at %j', async (total, starts) => {
    const { asked, search } = pagedSearch(total);

    const items = await allPages(search, 5);

    expect(items).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(asked.map((page) => page.from)).toEqual(starts);
    expect(asked.every((page) => page.limit === 5)).toBe(true);
  });

  it('when the engine returns fewer items than it reported in total, then paging stops instead of asking forever', async () => {
    let calls = 0;
    const items = await allPages(async () => {
      calls += 1;
      return { items: calls === 1 ? [1, 2] : [], page: { totalItems: 9, startCursor: '', endCursor: '' } };
    }, 2);

    expect(items).toEqual([1, 2]);
    expect(calls).toBe(2);
  });
});
