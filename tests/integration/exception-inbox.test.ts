import type { Response as ExpressResponse } from 'express';
import { loadConfig } from '../../src/config';
import type { StaffRole } from '../../src/db/client';
import type { ExceptionTask } from '../../src/engine/port';
import { joinExceptionTasks, selectionProblem, viewExceptionTask, type CaseWorker } from '../../src/exceptions/inbox';
import { setRenewalStatus } from '../../src/renewals/status';
import { createStaffAccount } from '../../src/staff/accounts';
import { translator, type Locale } from '../../src/web/i18n';
import { filtersFrom, inboxPageData, taskPageData } from '../../src/web/routes/inbox';
import { createViews } from '../../src/web/views';
import { createPermit, createRenewal, createResident } from '../support/fixtures';
import { FormClient } from '../support/form-client';
import { pdfText } from '../support/pdf-text';
import { startResidentSite, type ConfirmationLetter, type ResidentSite } from '../support/resident-site';
import { depsWithoutEngine, serveApp, type ServedApp } from '../support/web-app';

const now = new Date('2026-11-25T09:00:00Z');
const PASSWORD = 'groen-Bankje-bij-de-vijver-9';
const config = loadConfig({});
let site: ResidentSite;
let app: ServedApp;
let baseUrl: string;
let letter: ConfirmationLetter;

beforeAll(async () => {
  // A real letter (with its resident) made by the real worker steps, and the web app without an engine.
  site = await startResidentSite(now);
  letter = await site.confirmationLetter({ expiresOn: '2026-12-20', surname: 'Visser' });
  app = await serveApp(await depsWithoutEngine({ db: site.db }, () => now));
  baseUrl = app.baseUrl;
});

afterAll(async () => {
  await app?.close();
  await site?.stop();
});

let serial = 0;
async function signedIn(role: StaffRole): Promise<{ browser: FormClient; staffId: number }> {
  serial += 1;
  const email = `inbox${serial}@voorbeeldstad.nl`;
  const result = await createStaffAccount(
    site.db,
    { email, displayName: `Kim Behandelaar ${serial}`, role, password: PASSWORD },
    'test',
    now,
  );
  if (!result.created) throw new Error(`account not created: ${result.problem}`);
  const browser = new FormClient(baseUrl);
  expect((await browser.post('/medewerkers/inloggen', { email, password: PASSWORD })).status).toBe(303);
  return { browser, staffId: result.account.id };
}

const letterViews = (renewalId: number) =>
  site.db.auditEvent.findMany({
    where: { action: 'resident-data-viewed', subjectType: 'renewal', subjectId: String(renewalId) },
  });

describe('exception inbox over HTTP, without an engine', () => {
  it('when nobody is signed in, then the inbox, a task page and a letter preview send the visitor to sign-in, and a decision is refused', async () => {
    const letterId = (await site.db.letter.findFirstOrThrow({ where: { renewalId: letter.renewalId } })).id;
    const browser = new FormClient(baseUrl);

    for (const page of ['/medewerkers/taken', '/medewerkers/taken/2251799813685401', `/medewerkers/brieven/${letterId}`]) {
      const response = await browser.get(page);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/medewerkers/inloggen?terug=${encodeURIComponent(page)}`);
      expect(response.headers.get('content-type')).not.toContain('application/pdf');
    }
    const decision = await browser.post('/medewerkers/taken/2251799813685401/besluit', {
      decision: 'renew-anyway',
      note: 'Geen medewerker',
    });
    expect(decision.status).toBe(401);
    expect(await letterViews(letter.renewalId)).toEqual([]);
  });

  it('when a resident is signed in with the code from their letter, then the staff preview of that same letter still sends them to the staff sign-in', async () => {
    const letterId = (await site.db.letter.findFirstOrThrow({ where: { renewalId: letter.renewalId } })).id;
    const resident = new FormClient(baseUrl);
    const entered = await resident.post('/verlengen', { code: letter.code });
    expect(entered.status).toBe(303);
    expect(resident.cookies.has('tijdig_resident')).toBe(true);

    const preview = await resident.get(`/medewerkers/brieven/${letterId}`);

    expect(preview.status).toBe(303);
    expect(preview.headers.get('location')).toMatch(/^\/medewerkers\/inloggen/);
    expect(await letterViews(letter.renewalId)).toEqual([]);
  });

  it.each(['CASE_WORKER', 'PROCESS_OWNER'] as const)(
    'when no engine is connected and staff with the role %s open the inbox or a task, then the answer is 503 with that message in Dutch and English, not an empty inbox',
    async (role) => {
      const { browser } = await signedIn(role);

      const inbox = await browser.get('/medewerkers/taken');
      const body = await inbox.text();
      const task = await browser.get('/medewerkers/taken/2251799813685401');
      const english = await browser.get('/medewerkers/taken?lang=en');

      expect(inbox.status).toBe(503);
      expect(body).toContain('De procesengine is niet verbonden; taken zijn nu niet te zien.');
      expect(body).toContain('Dit betekent niet dat er geen werk is.');
      expect(body).not.toContain('Er zijn geen open uitzonderingen');
      expect(body).not.toContain('<table');
      expect(task.status).toBe(503);
      expect(english.status).toBe(503);
      expect(await english.text()).toContain('The process engine is not connected; tasks cannot be shown right now.');
    },
  );

  it.each(['CASE_WORKER', 'PROCESS_OWNER', 'ADMINISTRATOR'] as const)(
    'when staff with the role %s open a letter preview, then the PDF is shown inline and the view is in the audit trail under their account',
    async (role) => {
      const stored = await site.db.letter.findFirstOrThrow({ where: { renewalId: letter.renewalId } });
      const { browser, staffId } = await signedIn(role);
      const before = (await letterViews(letter.renewalId)).length;

      const response = await browser.get(`/medewerkers/brieven/${stored.id}`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(`inline; filename="${stored.reference}.pdf"`);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await pdfText(new Uint8Array(await response.arrayBuffer()))).toContain('Visser');
      const views = await letterViews(letter.renewalId);
      expect(views).toHaveLength(before + 1);
      expect(views.at(-1)).toMatchObject({
        actor: `staff:${staffId}`,
        details: { letterId: stored.id, template: 'gpk/confirm-request' },
      });
    },
  );

  it('when a letter id is unknown or not a number, then the answer is 404 and nothing is audited', async () => {
    const { browser, staffId } = await signedIn('CASE_WORKER');
    const highest = await site.db.letter.aggregate({ _max: { id: true } });

    for (const id of [String((highest._max.id ?? 0) + 1000), 'abc', '1e3', '-1']) {
      const response = await browser.get(`/medewerkers/brieven/${id}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('text/html');
    }
    expect(await site.db.auditEvent.count({ where: { actor: `staff:${staffId}`, action: 'resident-data-viewed' } })).toBe(0);
  });
});

/** An "assess exception" task as the engine port reports it (src/engine/port.ts). */
function userTask(fields: Pick<ExceptionTask, 'taskId' | 'processInstanceId'> & Partial<ExceptionTask>): ExceptionTask {
  return {
    processKey: 'gpk-renewal',
    elementId: 'assess-exception',
    assignee: null,
    dueDate: null,
    creationDate: '2026-11-15T09:00:00.000Z',
    ...fields,
  };
}

let instance = 2251799813690000n;
/** A renewal started in the engine (it has a process instance key) that became an exception. */
async function exceptionRenewal(spec: {
  surname: string;
  reason: string;
  facts?: Record<string, unknown>;
  at?: Date;
}): Promise<{ renewalId: number; processInstanceId: string; permitNumber: string }> {
  instance += 10n;
  const resident = await createResident(site.db, { givenNames: 'Ria', surname: spec.surname });
  const permit = await createPermit(site.db, resident.id, { kind: 'BP' });
  await site.db.address.create({
    data: {
      residentId: resident.id,
      street: 'Kerkstraat',
      houseNumber: 12,
      houseNumberAddition: 'A',
      postalCode: '9999 AB',
      city: 'Voorbeeldstad',
      municipalityCode: '0999',
      validFrom: new Date('2001-01-01'),
    },
  });
  const renewal = await createRenewal(site.db, permit, { processInstanceId: String(instance), status: 'STARTED' });
  await setRenewalStatus(site.db, renewal.id, 'EXCEPTION', {
    reason: spec.reason,
    facts: spec.facts ?? {},
    at: spec.at ?? new Date('2026-11-15T09:00:00Z'),
  });
  return { renewalId: renewal.id, processInstanceId: String(instance), permitNumber: permit.number };
}

const ME: CaseWorker = { id: 1, email: 'inbox-me@voorbeeldstad.nl' };
const days = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();

/** Renders a page template as the web app does, with the page data the routes build. */
function render(page: string, data: { title: string } & Record<string, unknown>, locale: Locale = 'nl'): string {
  let html = '';
  const res = {
    locals: { locale, t: translator(locale), csrfToken: 'a'.repeat(64), staff: ME },
    status() {
      return this;
    },
    type() {
      return this;
    },
    send(body: string) {
      html = body;
      return this;
    },
  };
  createViews({ municipalityName: 'Gemeente Voorbeeldstad' }).render(res as unknown as ExpressResponse, page, data);
  return html;
}

describe('inbox use case: engine tasks joined with our records', () => {
  it('when tasks arrive in any order, then rows are sorted by due date with undated tasks last, and only past due dates are overdue', async () => {
    const late = await exceptionRenewal({ surname: 'Laat', reason: 'MOVED_AWAY' });
    const soon = await exceptionRenewal({ surname: 'Binnenkort', reason: 'MOVED_AWAY' });
    const undated = await exceptionRenewal({ surname: 'Zonder', reason: 'MOVED_AWAY' });
    const tasks = [
      userTask({ taskId: '2251799813691003', processInstanceId: undated.processInstanceId }),
      userTask({ taskId: '2251799813691002', processInstanceId: soon.processInstanceId, dueDate: days(3) }),
      userTask({ taskId: '2251799813691001', processInstanceId: late.processInstanceId, dueDate: days(-2) }),
    ];

    const rows = await joinExceptionTasks(site.db, tasks, {}, now);

    expect(rows.map((row) => [row.renewal?.residentName, row.overdue, row.dueDate?.toISOString() ?? null])).toEqual([
      ['Ria Laat', true, days(-2)],
      ['Ria Binnenkort', false, days(3)],
      ['Ria Zonder', false, null],
    ]);
  });

  it("when filtering on a reason, then only renewals whose latest exception has that reason remain, with that exception's facts", async () => {
    const moved = await exceptionRenewal({
      surname: 'Verhuisd',
      reason: 'MOVED_AWAY',
      facts: { source: 'BRP', readOn: '2026-11-15', registeredIn: 'Amsterdam (0363)' },
    });
    const deceased = await exceptionRenewal({
      surname: 'Overleden',
      reason: 'DECEASED',
      facts: { source: 'BRP', readOn: '2026-11-15', deceasedOn: '2026-11-01' },
    });
    // First no answer, later a reported change: the latest exception is the one that counts.
    const reopened = await exceptionRenewal({ surname: 'Gemeld', reason: 'NO_RESPONSE', at: new Date('2026-11-10T09:00:00Z') });
    await setRenewalStatus(site.db, reopened.renewalId, 'EXCEPTION', {
      reason: 'DECEASED',
      facts: { source: 'BRP', readOn: '2026-11-20', deceasedOn: '2026-11-18' },
      at: new Date('2026-11-20T09:00:00Z'),
    });
    const tasks = [moved, deceased, reopened].map((r, i) =>
      userTask({ taskId: `225179981369200${i}`, processInstanceId: r.processInstanceId, dueDate: days(i + 1) }),
    );

    const rows = await joinExceptionTasks(site.db, tasks, filtersFrom({ reden: 'DECEASED' }), now);

    expect(rows.map((row) => row.renewal?.residentName)).toEqual(['Ria Overleden', 'Ria Gemeld']);
    expect(rows[1]!.renewal).toMatchObject({
      reason: 'DECEASED',
      exceptionSince: new Date('2026-11-20T09:00:00Z'),
      facts: { source: 'BRP', readOn: '2026-11-20', items: [{ name: 'deceasedOn', value: '2026-11-18' }] },
    });
    expect((await joinExceptionTasks(site.db, tasks, filtersFrom({ reden: 'NO_RESPONSE' }), now)).length).toBe(0);
  });

  it("when a task's process instance has no renewal here, then it is listed with a visible warning, not dropped, and no decision can be taken on it", async () => {
    const known = await exceptionRenewal({ surname: 'Bekend', reason: 'INDICATION_ENDS' });
    const tasks = [
      userTask({ taskId: '2251799813693001', processInstanceId: known.processInstanceId, dueDate: days(5) }),
      userTask({ taskId: '2251799813693002', processInstanceId: '2251799813699999', dueDate: days(1) }),
    ];

    const rows = await joinExceptionTasks(site.db, tasks, {}, now);
    const viewer = { ...ME, role: 'CASE_WORKER' as const };
    const t = translator('nl');
    const html = render('inbox', inboxPageData(rows, { t, viewer, filters: {}, config }));
    const orphan = await viewExceptionTask(site.db, tasks[1]!, ME, now);
    const taskHtml = render('inbox-task', taskPageData(orphan, { t, viewer }));

    expect(rows.map((row) => row.renewal?.residentName ?? null)).toEqual([null, 'Ria Bekend']);
    expect(html).toContain('Let op: bij deze taak staat geen verlenging in Tijdig (procesinstantie 2251799813699999).');
    expect(html).toContain('Onbekende inwoner');
    expect(html).toContain('Ria Bekend');
    expect(taskHtml).toContain('Let op: bij deze taak staat geen verlenging in Tijdig');
    expect(taskHtml).toContain('Zonder verlenging in Tijdig kan hier geen besluit worden genomen.');
    expect(taskHtml).not.toContain('name="decision"');
    expect(selectionProblem(2, rows, ME)).toBe('no-renewal');
  });

  it('when the inbox is rendered, then overdue rows say "Te laat" in words, the table has a caption and header cells, and claim buttons sit outside the bulk form', async () => {
    const overdue = await exceptionRenewal({ surname: 'Achterstand', reason: 'NO_RESPONSE' });
    const rows = await joinExceptionTasks(
      site.db,
      [userTask({ taskId: '2251799813694001', processInstanceId: overdue.processInstanceId, dueDate: days(-1) })],
      {},
      now,
    );
    const html = render(
      'inbox',
      inboxPageData(rows, { t: translator('nl'), viewer: { ...ME, role: 'CASE_WORKER' }, filters: {}, config }),
    );
    const ownerHtml = render(
      'inbox',
      inboxPageData(rows, { t: translator('en'), viewer: { ...ME, role: 'PROCESS_OWNER' }, filters: {}, config }),
      'en',
    );

    expect(html).toContain(
      '<caption class="utrecht-table__caption" id="inbox-table-1">Open uitzonderingen: 1. De vroegste termijn staat bovenaan.</caption>',
    );
    expect(html).toMatch(
      /<th scope="row"[^>]*>\s*<a class="utrecht-link" href="\/medewerkers\/taken\/2251799813694001">Ria Achterstand<\/a>/,
    );
    expect(html).toContain('<strong class="tijdig-overdue">Te laat</strong>');
    expect(html).toContain(`Termijn bij de gehandicaptenparkeerkaart: ${config.GPK_EXCEPTION_DUE_DAYS} dagen`);
    expect(html).toContain('form="claim-2251799813694001"');
    expect(html).toContain('aria-label="Kies de taak van Ria Achterstand"');
    expect(html.indexOf('<form id="claim-2251799813694001"')).toBeGreaterThan(
      html.indexOf('</form>', html.indexOf('/medewerkers/taken/besluit')),
    );
    // A process owner looks, but has nothing to claim or decide.
    expect(ownerHtml).toContain('<strong class="tijdig-overdue">Overdue</strong>');
    expect(ownerHtml).not.toContain('name="taak"');
    expect(ownerHtml).not.toContain('/oppakken');
    expect(ownerHtml).not.toContain('name="decision"');
  });

  it('when selected tasks do not share one reason or a colleague claimed one, then one decision for all of them is refused', async () => {
    const a = await exceptionRenewal({ surname: 'Een', reason: 'MOVED_AWAY' });
    const b = await exceptionRenewal({ surname: 'Twee', reason: 'MOVED_AWAY' });
    const c = await exceptionRenewal({ surname: 'Drie', reason: 'EMIGRATED' });
    const join = (tasks: ExceptionTask[]) => joinExceptionTasks(site.db, tasks, {}, now);
    const taskA = userTask({ taskId: '2251799813695001', processInstanceId: a.processInstanceId });
    const taskB = userTask({ taskId: '2251799813695002', processInstanceId: b.processInstanceId });
    const taskC = userTask({ taskId: '2251799813695003', processInstanceId: c.processInstanceId });

    expect(selectionProblem(2, await join([taskA, taskB]), ME)).toBeNull();
    expect(selectionProblem(3, await join([taskA, taskB, taskC]), ME)).toBe('reasons-differ');
    expect(selectionProblem(2, await join([taskA, { ...taskB, assignee: 'collega@voorbeeldstad.nl' }]), ME)).toBe('taken');
    expect(selectionProblem(2, await join([taskA, { ...taskB, assignee: ME.email }]), ME)).toBeNull();
    expect(selectionProblem(2, await join([taskA]), ME)).toBe('not-open');
    expect(selectionProblem(0, [], ME)).toBe('none-selected');
    // One decision for GPK tasks must be one the GPK model routes on: a remission grant would raise an incident.
    expect(selectionProblem(2, await join([taskA, taskB]), ME, 'stop')).toBeNull();
    expect(selectionProblem(2, await join([taskA, taskB]), ME, 'grant-remission')).toBe('decision-not-for-service');
  });

  it('when a task is viewed, then the resident, address, permit, facts, letters and contact moments are shown, and the view is audited', async () => {
    const renewal = await exceptionRenewal({
      surname: 'Dekker',
      reason: 'INDICATION_ENDS',
      facts: { source: 'municipal GPK records', readOn: '2026-11-15', indication: 'temporary', endsOn: '2027-06-30' },
    });
    const renewalRow = await site.db.renewal.findUniqueOrThrow({ where: { id: renewal.renewalId }, include: { permit: true } });
    const stored = await site.db.letter.create({
      data: {
        renewalId: renewal.renewalId,
        idempotencyKey: `renewal-${renewal.renewalId}:render-renewal-notice`,
        template: 'gpk/renewal-notice',
        locale: 'nl',
        reference: `GPK-${renewal.renewalId}-1`,
        pdf: new Uint8Array(Buffer.from('%PDF-1.7')),
        createdAt: new Date('2026-11-14T09:00:00Z'),
      },
    });
    await site.db.contactMoment.create({
      data: {
        residentId: renewalRow.permit!.residentId,
        renewalId: renewal.renewalId,
        channel: 'post',
        subject: 'gpk/renewal-notice',
        content: `Letter ${stored.reference} sent by post`,
        occurredAt: new Date('2026-11-14T10:00:00Z'),
      },
    });
    const task = userTask({ taskId: '2251799813696001', processInstanceId: renewal.processInstanceId, dueDate: days(4) });

    const details = await viewExceptionTask(site.db, task, ME, now);
    const html = render('inbox-task', taskPageData(details, { t: translator('nl'), viewer: { ...ME, role: 'CASE_WORKER' } }));

    expect(details.resident).toEqual({ name: 'Ria Dekker', addressLines: ['Kerkstraat 12 A', '9999 AB  VOORBEELDSTAD'] });
    expect(details.permit).toMatchObject({ number: renewal.permitNumber, kind: 'BP' });
    expect(html).toContain('<h1 class="utrecht-heading-1">Uitzondering: Ria Dekker</h1>');
    expect(html).toContain('Bestuurders- en passagierskaart');
    expect(html).toContain('Indicatie loopt af');
    expect(html).toMatch(/Bron<\/dt><dd[^>]*>municipal GPK records</);
    expect(html).toMatch(/Gelezen op<\/dt><dd[^>]*>15 november 2026</);
    expect(html).toMatch(/Indicatie loopt tot en met<\/th><td[^>]*>2027-06-30</);
    expect(html).toContain(`href="/medewerkers/brieven/${stored.id}" aria-label="Bekijk brief ${stored.reference} (PDF)"`);
    expect(html).toContain(`Letter ${stored.reference} sent by post`);
    expect(html).toContain('Kaart verloopt binnenkort');
    for (const label of ['Toch verlengen', 'Nieuwe medische keuring nodig', 'Stoppen']) expect(html).toContain(label);
    expect(html).toMatch(/<textarea[^>]*name="note"[^>]*required/);
    expect(await letterViews(renewal.renewalId)).toMatchObject([
      { actor: 'staff:1', details: { taskId: '2251799813696001' }, at: now },
    ]);
  });
});
