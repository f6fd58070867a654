import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Config } from '../../config';
import type { Db, StaffAccount } from '../../db/client';
import type { ExceptionTasks } from '../../engine/port';
import { DECISIONS, EXCEPTION_REASONS, type Decision } from '../../renewals/vocabulary';
import { LETTER_TEMPLATES } from '../../letters/templates';
import {
  ASSIGNEE_FILTERS,
  decideExceptions,
  exceptionInbox,
  INBOX_DECISIONS,
  INBOX_SERVICES,
  viewExceptionTask,
  type AssigneeFilter,
  type CaseWorker,
  type ExceptionTaskDetails,
  type InboxFilters,
  type InboxRow,
  type InboxService,
} from '../../exceptions/inbox';
import { viewLetter } from '../../staff/resident-data-views';
import type { Translate } from '../i18n';
import { databaseId } from '../ids';
import { staffAccess } from '../staff-access';
import type { Views } from '../views';
import { staffMenu } from './staff';

export interface InboxRouteDeps {
  db: Db;
  config: Config;
  views: Views;
  /** Null (or without tasks) when no engine is connected: the inbox then says so, with 503, instead of looking empty. */
  engine: { exceptionTasks?: ExceptionTasks } | null;
  now(): Date;
}

export const INBOX_PATH = '/medewerkers/taken';
const NOTE_MAX = 2000;

/** Who looks at a page: their tasks are marked, and their role decides what they may do. */
export type Viewer = Pick<StaffAccount, 'id' | 'email' | 'role'>;

/** The decision form as submitted, with what is wrong with it. */
export interface DecisionForm {
  error?: string;
  decisionError?: string;
  noteError?: string;
  decision?: string;
  note?: string;
  selected?: string[];
}

/** The filters as they appear in the address, in Dutch like the other staff addresses. */
const ASSIGNEE_PARAM: Record<AssigneeFilter, string> = { all: 'iedereen', mine: 'mij', unassigned: 'niemand' };

export function filtersFrom(source: Record<string, unknown>): InboxFilters {
  const service = (Object.keys(INBOX_SERVICES) as InboxService[]).find((s) => s === source.dienst);
  const reason = EXCEPTION_REASONS.find((r) => r === source.reden);
  const assignee = ASSIGNEE_FILTERS.find((a) => ASSIGNEE_PARAM[a] === source.behandelaar) ?? 'all';
  return { service, reason, overdueOnly: source.termijn === 'te-laat', assignee };
}

function filterParams(filters: InboxFilters): Record<string, string> {
  return {
    ...(filters.service ? { dienst: filters.service } : {}),
    ...(filters.reason ? { reden: filters.reason } : {}),
    ...(filters.overdueOnly ? { termijn: 'te-laat' } : {}),
    ...(filters.assignee && filters.assignee !== 'all' ? { behandelaar: ASSIGNEE_PARAM[filters.assignee] } : {}),
  };
}

function inboxUrl(filters: InboxFilters): string {
  const query = new URLSearchParams(filterParams(filters)).toString();
  return query ? `${INBOX_PATH}?${query}` : INBOX_PATH;
}

const NOTICE_PARAMS = ['melding', 'besloten', 'overgeslagen'];

/** A page of the inbox to return to (from a form's hidden field), with a notice; the inbox itself otherwise. */
function backWithNotice(returnTo: unknown, notice: Record<string, string>): string {
  const safe = typeof returnTo === 'string' && /^\/medewerkers\/taken(\/\d{1,20})?(\?[\w=&%+.-]*)?$/.test(returnTo);
  const url = new URL(safe ? returnTo : INBOX_PATH, 'http://inbox');
  for (const name of NOTICE_PARAMS) url.searchParams.delete(name);
  for (const [name, value] of Object.entries(notice)) url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}

const text = (value: unknown, max = 100) => (typeof value === 'string' ? value.slice(0, max) : '');

/** A task id from an address or form: the engine's ids (UUIDs) have letters, digits and hyphens only. */
const taskKey = (value: unknown) => (typeof value === 'string' && /^[0-9A-Za-z-]{1,64}$/.test(value) ? value : null);

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

const mayDecide = (viewer: Viewer) => viewer.role === 'CASE_WORKER' || viewer.role === 'ADMINISTRATOR';

function reasonLabel(t: Translate, reason: string | null | undefined): string {
  return reason && (EXCEPTION_REASONS as readonly string[]).includes(reason)
    ? t(`staff.reason.${reason as (typeof EXCEPTION_REASONS)[number]}`)
    : (reason ?? t('inbox.unknownReason'));
}

function assigneeLabel(t: Translate, viewer: Viewer, row: Pick<InboxRow, 'assignee' | 'assigneeName'>): string {
  if (!row.assignee) return t('inbox.unassigned');
  const name = row.assigneeName ?? row.assignee;
  return row.assignee === viewer.email ? t('inbox.you', { name }) : name;
}

function letterLabel(t: Translate, template: string): string {
  return (LETTER_TEMPLATES as readonly string[]).includes(template)
    ? t(`letter.${template as (typeof LETTER_TEMPLATES)[number]}`)
    : template;
}

/** Facts the checks and the model record (src/gpk/*-rules.ts, bpmn/gpk-renewal.bpmn); others keep their own name. */
const FACT_NAMES = [
  'person',
  'deceasedOn',
  'country',
  'registeredIn',
  'address',
  'municipality',
  'addressLines',
  'indication',
  'assessedOn',
  'endsOn',
  'newPeriodEndsOn',
  'responseDeadline',
  'residentReport',
  // The remission offer's income check (src/services/remission/check-income.ts).
  'taxYear',
  'assessment',
  'incomeCheck',
  'obstacles',
  'household',
  'netMonthlyIncome',
  'assetsAboveNorm',
  'vehicleAboveNorm',
  'referenceDate',
  'sources',
  'grantedLastYear',
  'decree',
  'location',
  'licencePlate',
  'reviewTrigger',
  'holderStatus',
  'plateRegisteredToHolder',
  'lifeEvent',
  // The participation offer's record check (src/services/participation/check-participation.ts).
  'year',
  'case',
  'incomePercentOfSocialMinimum',
  'recordValidUntil',
  'householdSizeOnRecord',
  'personsAtAddress',
  'childAges',
] as const;

function factLabel(t: Translate, name: string): string {
  return (FACT_NAMES as readonly string[]).includes(name) ? t(`fact.${name as (typeof FACT_NAMES)[number]}`) : name;
}

/** A fact's "read on" as a date to write out in the page's language, when it is one (YYYY-MM-DD). */
function calendarDate(value: string | null): Date | null {
  const date = value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

const decisionOptions = (t: Translate, chosen?: string, service?: InboxService | null) =>
  (service ? INBOX_DECISIONS[service] : DECISIONS).map((value) => ({
    value,
    label: t(`decision.${value}`),
    checked: value === chosen,
  }));

/** The inbox template's data: filters, rows (sorted by the use case), bulk decision form. */
export function inboxPageData(
  rows: InboxRow[],
  page: { t: Translate; viewer: Viewer; filters: InboxFilters; config: Config; form?: DecisionForm },
) {
  const { t, viewer, filters, form = {} } = page;
  const canDecide = mayDecide(viewer);
  const selected = new Set(form.selected ?? []);
  const dueDays: Record<InboxService, { days: number; setting: string }> = {
    gpk: { days: page.config.GPK_EXCEPTION_DUE_DAYS, setting: 'GPK_EXCEPTION_DUE_DAYS' },
    // The one due-date setting serves every service's exceptions (src/renewals/exceptions.ts).
    remission: { days: page.config.GPK_EXCEPTION_DUE_DAYS, setting: 'GPK_EXCEPTION_DUE_DAYS' },
    'parking-permit': { days: page.config.GPK_EXCEPTION_DUE_DAYS, setting: 'GPK_EXCEPTION_DUE_DAYS' },
    'parking-place': { days: page.config.GPK_EXCEPTION_DUE_DAYS, setting: 'GPK_EXCEPTION_DUE_DAYS' },
    participation: { days: page.config.GPK_EXCEPTION_DUE_DAYS, setting: 'GPK_EXCEPTION_DUE_DAYS' },
  };
  const option = (value: string, label: string, isSelected: boolean) => ({ value, label, selected: isSelected });
  return {
    title: t('inbox.title'),
    ...form,
    canDecide,
    returnTo: inboxUrl(filters),
    hiddenFilters: Object.entries(filterParams(filters)).map(([name, value]) => ({ name, value })),
    dueDays: (Object.keys(dueDays) as InboxService[]).map((service) =>
      t('inbox.dueDays', { service: t(`inbox.service.${service}`), ...dueDays[service] }),
    ),
    filter: {
      services: [
        option('', t('inbox.filter.any'), !filters.service),
        ...(Object.keys(INBOX_SERVICES) as InboxService[]).map((s) => option(s, t(`inbox.service.${s}`), filters.service === s)),
      ],
      reasons: [
        option('', t('inbox.filter.any'), !filters.reason),
        ...EXCEPTION_REASONS.map((r) => option(r, reasonLabel(t, r), filters.reason === r)),
      ],
      due: [
        option('', t('inbox.filter.any'), !filters.overdueOnly),
        option('te-laat', t('inbox.filter.overdue'), Boolean(filters.overdueOnly)),
      ],
      assignees: ASSIGNEE_FILTERS.map((a) =>
        option(
          ASSIGNEE_PARAM[a],
          t(a === 'all' ? 'inbox.filter.any' : a === 'mine' ? 'inbox.filter.mine' : 'inbox.filter.unassigned'),
          (filters.assignee ?? 'all') === a,
        ),
      ),
    },
    caption: t('inbox.table.caption', { count: rows.length }),
    rows: rows.map((row) => {
      const name = row.renewal?.residentName ?? t('inbox.noRenewalName');
      const mine = row.assignee === viewer.email;
      return {
        key: row.taskId,
        name,
        warning: row.renewal ? null : t('inbox.noRenewal', { key: row.processInstanceId }),
        permitNumber: row.renewal?.permitNumber,
        permitKind: row.renewal?.permitKind ? t(`cardKind.${row.renewal.permitKind}`) : null,
        reason: reasonLabel(t, row.renewal?.reason),
        dueDate: row.dueDate,
        overdue: row.overdue,
        assignee: assigneeLabel(t, viewer, row),
        selectLabel: t('inbox.table.selectTask', { name }),
        selected: selected.has(row.taskId),
        canClaim: canDecide && !row.assignee,
        canRelease: canDecide && Boolean(row.assignee) && (mine || viewer.role === 'ADMINISTRATOR'),
        claimLabel: t('inbox.claimTask', { name }),
        releaseLabel: t('inbox.releaseTask', { name }),
      };
    }),
    decisions: decisionOptions(t, form.decision, filters.service),
  };
}

/** The task page template's data: resident, permit, facts, letters, contact moments, decision form. */
export function taskPageData(details: ExceptionTaskDetails, page: { t: Translate; viewer: Viewer; form?: DecisionForm }) {
  const { t, viewer, form = {} } = page;
  const { row, resident, permit } = details;
  const claimedByOther = Boolean(row.assignee) && row.assignee !== viewer.email;
  const canDecide = mayDecide(viewer);
  return {
    title: resident ? t('task.title', { name: resident.name }) : t('task.titleUnknown'),
    ...form,
    key: row.taskId,
    returnTo: `${INBOX_PATH}/${row.taskId}`,
    warning: row.renewal ? null : t('inbox.noRenewal', { key: row.processInstanceId }),
    resident,
    permit: permit && { ...permit, kind: permit.kind ? t(`cardKind.${permit.kind}`) : null },
    reason: reasonLabel(t, row.renewal?.reason),
    since: row.renewal?.exceptionSince ?? null,
    facts: row.renewal && {
      source: row.renewal.facts.source,
      readOn: row.renewal.facts.readOn,
      readOnDate: calendarDate(row.renewal.facts.readOn),
      items: row.renewal.facts.items.map((fact) => ({ name: factLabel(t, fact.name), value: fact.value })),
    },
    dueDate: row.dueDate,
    overdue: row.overdue,
    assignee: assigneeLabel(t, viewer, row),
    canClaim: canDecide && !row.assignee,
    canRelease: canDecide && Boolean(row.assignee) && (!claimedByOther || viewer.role === 'ADMINISTRATOR'),
    letters: details.letters.map((letter) => ({
      ...letter,
      label: letterLabel(t, letter.template),
      linkLabel: t('task.openLetter', { reference: letter.reference }),
    })),
    contactMoments: details.contactMoments.map((moment) => ({ ...moment, subject: letterLabel(t, moment.subject) })),
    decisionBlocked: !row.renewal
      ? t('task.noDecision')
      : !canDecide
        ? t('task.viewOnly')
        : claimedByOther
          ? t('task.claimedByOther', { name: row.assigneeName ?? row.assignee ?? '' })
          : null,
    decisions: decisionOptions(t, form.decision, row.service),
  };
}

/** The notice after a post/redirect/get, from the address it was redirected to. */
function notices(query: Request['query'], t: Translate): { notice?: string; error?: string } {
  const decided = Number(query.besloten);
  const skipped = Number(query.overgeslagen);
  const delay = t('inbox.notice.delay');
  if (Number.isSafeInteger(decided) && decided > 0) {
    const done = decided === 1 ? t('inbox.notice.decidedOne') : t('inbox.notice.decidedMany', { count: decided });
    const rest = Number.isSafeInteger(skipped) && skipped > 0 ? ` ${t('inbox.notice.skipped', { count: skipped })}` : '';
    return { notice: `${done}${rest} ${delay}` };
  }
  switch (query.melding) {
    case 'opgepakt':
      return { notice: `${t('inbox.notice.claimed')} ${delay}` };
    case 'vrijgegeven':
      return { notice: `${t('inbox.notice.released')} ${delay}` };
    case 'bezet':
      return { error: t('inbox.notice.taken') };
    case 'weg':
      return { error: t('inbox.notice.gone') };
    case 'niet-van-u':
      return { error: t('inbox.notice.notYours') };
    default:
      return {};
  }
}

/** The decision form's fields, checked; a missing decision or note is said next to its field. */
function decisionInput(t: Translate, body: Record<string, unknown> | undefined) {
  const decision: Decision | undefined = DECISIONS.find((d) => d === body?.decision);
  const note = text(body?.note, NOTE_MAX).trim();
  const form: DecisionForm = {
    decision,
    note,
    decisionError: decision ? undefined : t('decision.decisionMissing'),
    noteError: note ? undefined : t('decision.noteMissing'),
  };
  return decision && note ? { valid: true as const, decision, note, form } : { valid: false as const, form };
}

/**
 * The case worker's exception inbox and task pages, read live from the engine's user tasks, and
 * the letter preview. Every staff role may look; case workers and administrators decide.
 */
export function inboxRoutes(deps: InboxRouteDeps): Router {
  const { db, config, views } = deps;
  const access = staffAccess({ db, views, secureCookies: config.PUBLIC_BASE_URL.startsWith('https:'), now: deps.now });
  const viewers = access.requireStaff('CASE_WORKER', 'PROCESS_OWNER', 'ADMINISTRATOR');
  const deciders = access.requireStaff('CASE_WORKER', 'ADMINISTRATOR');
  const engineTasks = deps.engine?.exceptionTasks ?? null;
  const router = Router();
  const t = (res: Response) => res.locals.t as Translate;
  const viewerOf = (res: Response) => res.locals.staff as StaffAccount;
  const caseWorker = (res: Response): CaseWorker => ({ id: viewerOf(res).id, email: viewerOf(res).email });

  /** Without an engine there is no list to show; saying so beats an empty list that reads as "no work". */
  function needsEngine(_req: Request, res: Response, next: NextFunction): void {
    if (engineTasks) return next();
    views.render(res, 'inbox-unavailable', {
      title: t(res)('inbox.unavailable.title'),
      paragraphs: [t(res)('inbox.unavailable.body'), t(res)('inbox.unavailable.help')],
      status: 503,
      ...staffMenu(res, INBOX_PATH),
    });
  }
  const tasks = () => engineTasks!;
  const inboxDeps = () => ({ db, tasks: tasks(), now: deps.now });

  async function inboxPage(res: Response, filters: InboxFilters, form: DecisionForm, status: number, query?: Request['query']) {
    const rows = await exceptionInbox(inboxDeps(), filters, caseWorker(res));
    views.render(res, 'inbox', {
      ...inboxPageData(rows, { t: t(res), viewer: viewerOf(res), filters, config, form }),
      ...(query ? notices(query, t(res)) : {}),
      ...staffMenu(res, INBOX_PATH),
      status,
    });
  }

  /** The task, or a 404 page when the key is not an open exception task. */
  async function openTask(req: Request, res: Response): Promise<ExceptionTaskDetails | null> {
    const key = taskKey(req.params.taskId);
    const task = key ? await tasks().get(key) : null;
    if (task) return viewExceptionTask(db, task, caseWorker(res), deps.now());
    views.render(res, 'message', {
      title: t(res)('notFound.title'),
      paragraphs: [t(res)('inbox.notice.gone')],
      backHref: INBOX_PATH,
      status: 404,
    });
    return null;
  }

  async function taskPage(req: Request, res: Response, form: DecisionForm = {}, status = 200): Promise<void> {
    const details = await openTask(req, res);
    if (!details) return;
    views.render(res, 'inbox-task', {
      ...taskPageData(details, { t: t(res), viewer: viewerOf(res), form }),
      ...staffMenu(res, INBOX_PATH),
      status,
    });
  }

  // An address with a task id no engine could have given is a page that does not exist, engine or not.
  router.param('taskId', (req, res, next, value) => {
    if (taskKey(value) !== null) return next();
    views.render(res, 'message', {
      title: t(res)('notFound.title'),
      paragraphs: [t(res)('inbox.notice.gone')],
      backHref: INBOX_PATH,
      status: 404,
    });
  });

  router.get(INBOX_PATH, viewers, needsEngine, (req, res) => inboxPage(res, filtersFrom(req.query), {}, 200, req.query));

  router.post(`${INBOX_PATH}/besluit`, deciders, needsEngine, async (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    const filters = filtersFrom(body ?? {});
    const keys = asList(body?.taak)
      .map(taskKey)
      .filter((key): key is string => key !== null);
    const input = decisionInput(t(res), body);
    if (!input.valid) return inboxPage(res, filters, { ...input.form, selected: keys }, 400);
    const result = await decideExceptions(inboxDeps(), {
      taskIds: keys,
      decision: input.decision,
      note: input.note,
      staff: caseWorker(res),
    });
    if (!result.ok) {
      const error = t(res)(`decision.problem.${result.problem}`);
      return inboxPage(res, filters, { ...input.form, error, selected: keys }, result.problem === 'none-selected' ? 400 : 409);
    }
    const notice = { besloten: String(result.decided), ...(result.skipped ? { overgeslagen: String(result.skipped) } : {}) };
    res.redirect(303, backWithNotice(inboxUrl(filters), notice));
  });

  router.get(`${INBOX_PATH}/:taskId`, viewers, needsEngine, (req, res) => taskPage(req, res));

  router.post(`${INBOX_PATH}/:taskId/besluit`, deciders, needsEngine, async (req, res) => {
    const input = decisionInput(t(res), req.body as Record<string, unknown> | undefined);
    if (!input.valid) return taskPage(req, res, input.form, 400);
    const key = taskKey(req.params.taskId);
    const result = await decideExceptions(inboxDeps(), {
      taskIds: key ? [key] : [],
      decision: input.decision,
      note: input.note,
      staff: caseWorker(res),
    });
    if (result.ok && result.decided === 1) return res.redirect(303, backWithNotice(INBOX_PATH, { besloten: '1' }));
    const problem = result.ok ? 'not-open' : result.problem;
    if (problem === 'not-open' || problem === 'none-selected') {
      return res.redirect(303, backWithNotice(INBOX_PATH, { melding: 'weg' }));
    }
    return taskPage(req, res, { ...input.form, error: t(res)(`decision.problem.${problem}`) }, 409);
  });

  router.post(`${INBOX_PATH}/:taskId/oppakken`, deciders, needsEngine, async (req, res) => {
    const key = taskKey(req.params.taskId);
    const result = key ? await tasks().claim(key, viewerOf(res).email) : 'gone';
    const melding = { claimed: 'opgepakt', taken: 'bezet', gone: 'weg' }[result];
    res.redirect(303, backWithNotice(req.body?.terug, { melding }));
  });

  router.post(`${INBOX_PATH}/:taskId/vrijgeven`, deciders, needsEngine, async (req, res) => {
    const key = taskKey(req.params.taskId);
    const task = key ? await tasks().get(key) : null;
    const me = viewerOf(res);
    let melding = 'weg';
    if (task && !task.assignee) melding = 'vrijgegeven';
    else if (task && task.assignee !== me.email && me.role !== 'ADMINISTRATOR') melding = 'niet-van-u';
    else if (task && (await tasks().release(task.taskId))) melding = 'vrijgegeven';
    res.redirect(303, backWithNotice(req.body?.terug, { melding }));
  });

  router.get('/medewerkers/brieven/:letterId', viewers, async (req, res) => {
    const letterId = databaseId(req.params.letterId);
    const letter = letterId === null ? null : await viewLetter(db, viewerOf(res).id, letterId, deps.now());
    if (!letter) {
      views.render(res, 'message', { title: t(res)('notFound.title'), paragraphs: [t(res)('notFound.body')], status: 404 });
      return;
    }
    res
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="${letter.reference.replace(/[^\w.-]/g, '_')}.pdf"`)
      .send(Buffer.from(letter.pdf));
  });

  return router;
}
