import type { Db, PermitKind, RenewalStatus } from '../db/client';
import { byDueDate, engineDate, isOverdue } from '../engine/exception-tasks';
import type { ExceptionTask, ExceptionTaskKind, ExceptionTaskQuery, ExceptionTasks } from '../engine/port';
import { GPK_DECISIONS, GPK_RENEWAL_PROCESS_ID } from '../services/gpk/contract';
import { ASSESS_EXCEPTION_ELEMENT_ID, type Decision, type ExceptionReason } from '../renewals/vocabulary';
import { REMISSION_DECISIONS, REMISSION_OFFER_PROCESS_ID } from '../services/remission/contract';
import { PARKING_PERMIT_RENEWAL_PROCESS_ID } from '../services/parking-permit/contract';
import { PARKING_PLACE_DECISIONS, PARKING_PLACE_REVIEW_PROCESS_ID } from '../services/parking-place/contract';
import { PARTICIPATION_DECISIONS, PARTICIPATION_OFFER_PROCESS_ID } from '../services/participation/contract';
import { envelopeLines } from '../residents/address';
import { recordResidentDataViewed, staffActor } from '../staff/resident-data-views';
import { fullName } from '../renewals/load';

/** The services whose exceptions reach the inbox, by the process that raises them. */
export const INBOX_SERVICES = {
  gpk: GPK_RENEWAL_PROCESS_ID,
  remission: REMISSION_OFFER_PROCESS_ID,
  'parking-permit': PARKING_PERMIT_RENEWAL_PROCESS_ID,
  'parking-place': PARKING_PLACE_REVIEW_PROCESS_ID,
  participation: PARTICIPATION_OFFER_PROCESS_ID,
} as const;
export type InboxService = keyof typeof INBOX_SERVICES;

/** Every user task a person decides, by process: what the engine port lists as exception tasks. */
export const EXCEPTION_TASK_KINDS: readonly ExceptionTaskKind[] = Object.values(INBOX_SERVICES).map((processKey) => ({
  processKey,
  elementId: ASSESS_EXCEPTION_ELEMENT_ID,
}));

/** A service's model routes only on its own decisions: another service's choice would raise an incident. */
export const INBOX_DECISIONS: Record<InboxService, readonly Decision[]> = {
  gpk: GPK_DECISIONS,
  remission: REMISSION_DECISIONS,
  'parking-permit': ['renew-anyway', 'stop'],
  'parking-place': PARKING_PLACE_DECISIONS,
  participation: PARTICIPATION_DECISIONS,
};

export const ASSIGNEE_FILTERS = ['all', 'mine', 'unassigned'] as const;
export type AssigneeFilter = (typeof ASSIGNEE_FILTERS)[number];

export interface InboxFilters {
  service?: InboxService;
  reason?: ExceptionReason;
  overdueOnly?: boolean;
  /** Whose tasks: the signed-in person's, nobody's, or everyone's (the default). */
  assignee?: AssigneeFilter;
}

/** The staff member as the engine knows them: the assignee of the tasks they claim. */
export interface CaseWorker {
  id: number;
  email: string;
}

/** What triggered an exception: each fact, with where it came from and when it was read. */
export interface ExceptionFacts {
  source: string | null;
  readOn: string | null;
  items: { name: string; value: string }[];
}

export interface InboxRow {
  taskId: string;
  processInstanceId: string;
  service: InboxService | null;
  dueDate: Date | null;
  overdue: boolean;
  /** The engine's assignee (an e-mail address), and that colleague's name when they have an account here. */
  assignee: string | null;
  assigneeName: string | null;
  /** Null when no renewal in our database belongs to the task's process instance: listed with a warning, never dropped. */
  renewal: {
    id: number;
    status: RenewalStatus;
    residentName: string;
    /** Null for a service that renews no permit (an offer, a review). */
    permitNumber: string | null;
    permitKind: PermitKind | null;
    reason: string | null;
    facts: ExceptionFacts;
    /** When the renewal became an exception (the latest time). */
    exceptionSince: Date | null;
  } | null;
}

const serviceOf = (task: ExceptionTask): InboxService | null =>
  (Object.keys(INBOX_SERVICES) as InboxService[]).find((service) => INBOX_SERVICES[service] === task.processKey) ?? null;

function factValue(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.map(factValue).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The facts stored with an exception (src/gpk/*-rules.ts, or the model's own), in display order. */
export function parseFacts(stored: unknown): ExceptionFacts {
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return { source: null, readOn: null, items: [] };
  const { source, readOn, ...rest } = stored as Record<string, unknown>;
  return {
    source: typeof source === 'string' ? source : null,
    readOn: typeof readOn === 'string' ? readOn : null,
    items: Object.entries(rest).map(([name, value]) => ({ name, value: factValue(value) })),
  };
}

/**
 * Joins the engine's tasks with our renewals by process instance key and applies the filters the
 * engine cannot know (service, reason). Rows come sorted by due date, tasks without one last.
 */
export async function joinExceptionTasks(
  db: Db,
  tasks: ExceptionTask[],
  filters: Pick<InboxFilters, 'service' | 'reason'>,
  now: Date,
): Promise<InboxRow[]> {
  const wanted = tasks.filter((task) => !filters.service || serviceOf(task) === filters.service);
  const keys = [...new Set(wanted.map((task) => task.processInstanceId))];
  const assignees = [...new Set(wanted.flatMap((task) => (task.assignee ? [task.assignee] : [])))];
  const [renewals, colleagues] = await Promise.all([
    keys.length === 0
      ? []
      : db.renewal.findMany({
          where: { processInstanceId: { in: keys } },
          select: {
            id: true,
            status: true,
            processInstanceId: true,
            resident: { select: { givenNames: true, surnamePrefix: true, surname: true } },
            permit: { select: { number: true, kind: true } },
            statusHistory: {
              where: { status: 'EXCEPTION' },
              orderBy: [{ at: 'desc' }, { id: 'desc' }],
              take: 1,
              select: { reason: true, facts: true, at: true },
            },
          },
        }),
    assignees.length === 0
      ? []
      : db.staffAccount.findMany({ where: { email: { in: assignees } }, select: { email: true, displayName: true } }),
  ]);
  const renewalOf = new Map(renewals.map((r) => [r.processInstanceId, r]));
  const nameOf = new Map(colleagues.map((c) => [c.email, c.displayName]));

  const rows = [...wanted].sort(byDueDate).map((task): InboxRow => {
    const renewal = renewalOf.get(task.processInstanceId);
    const exception = renewal?.statusHistory[0];
    return {
      taskId: task.taskId,
      processInstanceId: task.processInstanceId,
      service: serviceOf(task),
      dueDate: engineDate(task.dueDate),
      overdue: isOverdue(task, now),
      assignee: task.assignee ?? null,
      assigneeName: task.assignee ? (nameOf.get(task.assignee) ?? null) : null,
      renewal: renewal
        ? {
            id: renewal.id,
            status: renewal.status,
            residentName: fullName(renewal.resident),
            permitNumber: renewal.permit?.number ?? null,
            permitKind: renewal.permit?.kind ?? null,
            reason: exception?.reason ?? null,
            facts: parseFacts(exception?.facts ?? null),
            exceptionSince: exception?.at ?? null,
          }
        : null,
    };
  });
  return filters.reason ? rows.filter((row) => row.renewal?.reason === filters.reason) : rows;
}

/** The case worker's inbox: the engine's open exception tasks, read live, joined with our records. */
export async function exceptionInbox(
  deps: { db: Db; tasks: ExceptionTasks; now(): Date },
  filters: InboxFilters,
  me: CaseWorker,
): Promise<InboxRow[]> {
  const query: ExceptionTaskQuery = {
    overdueOnly: filters.overdueOnly,
    ...(filters.assignee === 'mine' ? { assignee: me.email } : {}),
    ...(filters.assignee === 'unassigned' ? { unassignedOnly: true } : {}),
  };
  const tasks = await deps.tasks.list(query);
  return joinExceptionTasks(deps.db, tasks, filters, deps.now());
}

export interface ExceptionTaskDetails {
  row: InboxRow;
  resident: { name: string; addressLines: string[] } | null;
  permit: { number: string; kind: PermitKind | null; expiresOn: Date; newValidFrom: Date; newExpiresOn: Date } | null;
  letters: { id: number; template: string; reference: string; createdAt: Date }[];
  contactMoments: { occurredAt: Date; channel: string; subject: string; content: string }[];
}

/**
 * Everything a case worker needs to decide one task: the resident and their current address, the
 * permit, the facts, the renewal's letters and the resident's contact moments. Showing it is a
 * view of a resident's data, so it is recorded in the audit trail before it is returned.
 */
export async function viewExceptionTask(
  db: Db,
  task: ExceptionTask,
  staff: CaseWorker,
  now: Date,
): Promise<ExceptionTaskDetails> {
  const [row] = await joinExceptionTasks(db, [task], {}, now);
  if (!row?.renewal) return { row: row!, resident: null, permit: null, letters: [], contactMoments: [] };
  const renewal = await db.renewal.findUniqueOrThrow({
    where: { id: row.renewal.id },
    select: {
      expiresOn: true,
      newValidFrom: true,
      newExpiresOn: true,
      letters: { orderBy: { id: 'asc' }, select: { id: true, template: true, reference: true, createdAt: true } },
      permit: { select: { number: true, kind: true } },
      resident: {
        select: {
          givenNames: true,
          surnamePrefix: true,
          surname: true,
          addresses: { where: { validUntil: null }, orderBy: { validFrom: 'desc' }, take: 1 },
          contactMoments: {
            orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
            select: { occurredAt: true, channel: true, subject: true, content: true },
          },
        },
      },
    },
  });
  await recordResidentDataViewed(db, staff.id, row.renewal.id, { taskId: task.taskId }, now);
  const { resident, permit, expiresOn, newValidFrom, newExpiresOn } = renewal;
  const address = resident.addresses[0];
  return {
    row,
    resident: { name: fullName(resident), addressLines: address ? envelopeLines(address) : [] },
    permit:
      permit && expiresOn && newValidFrom && newExpiresOn
        ? { number: permit.number, kind: permit.kind, expiresOn, newValidFrom, newExpiresOn }
        : null,
    letters: renewal.letters,
    contactMoments: resident.contactMoments,
  };
}

export type DecisionProblem =
  /** Nothing was selected. */
  | 'none-selected'
  /** A task was decided, cancelled or is unknown. */
  | 'not-open'
  /** A colleague has claimed a task. */
  | 'taken'
  /** A task has no renewal in our records, so its reason is unknown. */
  | 'no-renewal'
  /** The selected tasks do not share one reason. */
  | 'reasons-differ'
  /** The decision is not one the model of a selected task routes on. */
  | 'decision-not-for-service';

export type DecisionResult = { ok: true; decided: number; skipped: number } | { ok: false; problem: DecisionProblem };

/**
 * Why one decision cannot be applied to the selected tasks (`rows` are those still open), or
 * null when it can: all still open, none claimed by a colleague, all with a renewal, one reason,
 * and a decision each task's model routes on.
 */
export function selectionProblem(
  selected: number,
  rows: InboxRow[],
  staff: CaseWorker,
  decision?: Decision,
): DecisionProblem | null {
  if (selected === 0) return 'none-selected';
  if (rows.length < selected) return 'not-open';
  if (rows.some((row) => row.assignee && row.assignee !== staff.email)) return 'taken';
  if (rows.some((row) => !row.renewal)) return 'no-renewal';
  if (new Set(rows.map((row) => row.renewal!.reason)).size > 1) return 'reasons-differ';
  if (decision && rows.some((row) => !row.service || !INBOX_DECISIONS[row.service].includes(decision)))
    return 'decision-not-for-service';
  return null;
}

/** The audit action of a case worker's decision on an exception task. */
export const DECISION_SUBMITTED = 'exception-decision-submitted';

/**
 * One decision, with one note, for one or more tasks that share one reason: each task is
 * completed in the engine (the model routes on the decision) and recorded in the audit trail
 * with who decided, what and why. Nothing is completed when the selection does not hold
 * together; a task someone else completes meanwhile is skipped and counted.
 */
export async function decideExceptions(
  deps: { db: Db; tasks: ExceptionTasks; now(): Date },
  input: { taskIds: string[]; decision: Decision; note: string; staff: CaseWorker },
): Promise<DecisionResult> {
  const keys = [...new Set(input.taskIds)];
  const tasks = await Promise.all(keys.map((key) => deps.tasks.get(key)));
  const open = tasks.filter((task): task is ExceptionTask => task !== null);
  const rows = await joinExceptionTasks(deps.db, open, {}, deps.now());
  const problem = selectionProblem(keys.length, rows, input.staff, input.decision);
  if (problem) return { ok: false, problem };

  let decided = 0;
  for (const row of rows) {
    if (!(await deps.tasks.complete(row.taskId, { decision: input.decision, decisionNote: input.note }))) continue;
    decided += 1;
    await deps.db.auditEvent.create({
      data: {
        actor: staffActor(input.staff.id),
        action: DECISION_SUBMITTED,
        subjectType: 'renewal',
        subjectId: String(row.renewal!.id),
        details: { taskId: row.taskId, decision: input.decision, note: input.note },
        at: deps.now(),
      },
    });
  }
  return { ok: true, decided, skipped: rows.length - decided };
}
