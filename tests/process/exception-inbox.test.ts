import type { Page } from 'playwright-core';
import { BPMN_DIR } from '../../src/engine/connect';
import { createRestClient } from '../../src/engine/operaton/rest';
import type { ProcessEngine, Workers } from '../../src/engine/port';
import { createLogger } from '../../src/logger';
import { residentResponsePublisher } from '../../src/renewals/resident-response';
import { createStaffAccount } from '../../src/staff/accounts';
import { webSecrets } from '../../src/web/app';
import { startWorkers } from '../../workers';
import { expectNoAccessibilityViolations, screenshot, toNextPage, useBrowser } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { removeAllProcessInstances, testEngine, testEngineAccess } from '../support/engine';
import { createRenewalWorld, importHolder, type HolderSpec } from '../support/renewal-world';
import { scanAndStartOnEngine } from '../support/start-on-engine';
import { until } from '../support/until';
import { serveApp, type ServedApp } from '../support/web-app';

/**
 * The case worker's inbox over live tasks of the run's real engine: the GPK model deployed, the
 * real workers, the web app in Chromium.
 */

const now = new Date();
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const logger = createLogger('silent');
const EMAIL = 'behandelaar@voorbeeldstad.nl';
const PASSWORD = 'paarse-Boot-op-de-gracht-6';
const MOVED = { register: { status: 'moved', municipality: { code: '0363', name: 'Amsterdam' } } } as const;
const DECEASED = { register: { status: 'deceased', deceasedOn: inDays(-3) } } as const;

describe('case-worker inbox on the engine', () => {
  jest.setTimeout(180_000);
  const browser = useBrowser();
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let engine: ProcessEngine;
  let workers: Workers;
  let app: ServedApp;
  let baseUrl: string;
  let staffId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    engine = testEngine();
    await engine.deploy(BPMN_DIR);
    workers = startWorkers(engine, world.ctx, logger, { maxConcurrency: 8, lockDurationMs: 30_000, longPollMs: 5000 });
    const created = await createStaffAccount(
      database.db,
      { email: EMAIL, displayName: 'Kim Behandelaar', role: 'CASE_WORKER', password: PASSWORD },
      'test',
      now,
    );
    if (!created.created) throw new Error(`account not created: ${created.problem}`);
    staffId = created.account.id;
    app = await serveApp({
      db: database.db,
      config: world.ctx.config,
      logger,
      engine: { ...residentResponsePublisher(engine), exceptionTasks: engine.exceptionTasks },
      secrets: await webSecrets(database.db),
      now: () => new Date(),
    });
    baseUrl = app.baseUrl;
  });

  afterAll(async () => {
    await app?.close();
    await workers?.stop();
    await removeAllProcessInstances();
    await world?.stop();
    await database?.drop();
  });

  /** A GPK holder whose renewal is started in the engine and has reached the case worker's task. */
  async function exceptionFor(spec: HolderSpec) {
    const holder = await importHolder(database.db, spec);
    await scanAndStartOnEngine(database.db, engine, now);
    const renewal = await database.db.renewal.findFirstOrThrow({ where: { permit: { number: holder.permitNumber } } });
    const task = await until('the exception task', async () =>
      (await engine.exceptionTasks.list()).find((t) => t.processInstanceId === renewal.processInstanceId),
    );
    return { renewalId: renewal.id, name: `Anna ${holder.surname}`, task };
  }

  const settledAs = (renewalId: number, status: 'COMPLETED' | 'STOPPED' | 'EXCEPTION') =>
    until(`renewal ${renewalId} to be ${status}`, async () => {
      const renewal = await database.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
      return renewal.status === status && renewal;
    });

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/medewerkers/inloggen`);
    await page.getByLabel('E-mailadres').fill(EMAIL);
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await toNextPage(page, page.locator('main form button[type=submit]'));
  }

  /** The engine's search follows its log within moments, so the inbox is reloaded until it shows every name. */
  const inboxShowing = (page: Page, names: string[], path = '/medewerkers/taken') =>
    until(`the inbox to show ${names.join(', ')}`, async () => {
      await page.goto(`${baseUrl}${path}`);
      const counts = await Promise.all(names.map((name) => page.getByRole('row').filter({ hasText: name }).count()));
      return counts.every((count) => count === 1);
    });

  /** WCAG 1.4.10 at 320 px: no sideways scrolling of the page; a table that does not fit scrolls in a region axe accepts. */
  async function expectNarrowScreenAccessible(page: Page, name: string): Promise<void> {
    const wide = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    await screenshot(page, name);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    await expectNoAccessibilityViolations(page);
    if (wide) await page.setViewportSize(wide);
  }

  it('when a case worker claims an exception, opens it and decides "Toch verlengen" with a note, then the task is completed in the engine and the renewal is renewed', async () => {
    const { renewalId, name, task } = await exceptionFor({ surname: 'Verhoeven', expiresOn: inDays(40), ...MOVED });
    const page = await browser.newPage();
    await signIn(page);

    await inboxShowing(page, [name], '/medewerkers/taken?reden=MOVED_AWAY');
    await screenshot(page, 'nl-inbox-with-tasks');
    await expectNoAccessibilityViolations(page);
    await expectNarrowScreenAccessible(page, 'nl-inbox-with-tasks-320');
    await toNextPage(page, page.getByRole('button', { name: `Taak van ${name} oppakken` }));
    expect(await page.getByRole('status').innerText()).toContain('U hebt de taak opgepakt.');
    await until('the claim in the engine', async () => (await engine.exceptionTasks.get(task.taskId))?.assignee === EMAIL);

    await page.goto(`${baseUrl}/medewerkers/taken/${task.taskId}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`Uitzondering: ${name}`);
    expect(await page.locator('main').innerText()).toContain('Amsterdam (0363)');
    await screenshot(page, 'nl-inbox-task');
    await expectNoAccessibilityViolations(page);
    await expectNarrowScreenAccessible(page, 'nl-inbox-task-320');

    await page.getByLabel('Toch verlengen').check();
    await toNextPage(page, page.getByRole('button', { name: 'Besluit nemen' }));
    expect(await page.getByRole('alert').innerText()).toContain('Vul een toelichting in.');
    expect(await engine.exceptionTasks.get(task.taskId)).not.toBeNull();

    await page.getByLabel('Toch verlengen').check();
    await page.getByLabel('Toelichting').fill('Verhuizing staat ten onrechte in de BRP; gebeld met de inwoner.');
    await toNextPage(page, page.getByRole('button', { name: 'Besluit nemen' }));

    expect(new URL(page.url()).pathname).toBe('/medewerkers/taken');
    expect(await page.getByRole('status').innerText()).toContain('Uw besluit is verwerkt.');
    expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'renewed' });
    const { restUrl, credentials } = testEngineAccess();
    const history = await createRestClient(restUrl, credentials).request<{ id: string; deleteReason: string | null }[]>(
      'GET',
      `/history/task?taskId=${task.taskId}`,
    );
    expect(history).toEqual([expect.objectContaining({ id: task.taskId, deleteReason: 'completed' })]);
    const audit = await database.db.auditEvent.findMany({ where: { subjectType: 'renewal', subjectId: String(renewalId) } });
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: `staff:${staffId}`, action: 'resident-data-viewed' }),
        expect.objectContaining({
          actor: `staff:${staffId}`,
          action: 'exception-decision-submitted',
          details: {
            taskId: task.taskId,
            decision: 'renew-anyway',
            note: 'Verhuizing staat ten onrechte in de BRP; gebeld met de inwoner.',
          },
        }),
      ]),
    );
  });

  it('when a case worker selects two tasks with the same reason and decides once, then both renewals continue; mixed reasons are refused and change nothing', async () => {
    const first = await exceptionFor({ surname: 'Bosman', expiresOn: inDays(41), ...MOVED });
    const second = await exceptionFor({ surname: 'Mulder', expiresOn: inDays(42), ...MOVED });
    const other = await exceptionFor({ surname: 'Smit', expiresOn: inDays(43), ...DECEASED });
    const page = await browser.newPage();
    await signIn(page);
    await inboxShowing(page, [first.name, second.name, other.name]);

    await page.getByLabel(`Kies de taak van ${first.name}`).check();
    await page.getByLabel(`Kies de taak van ${other.name}`).check();
    await page.getByLabel('Stoppen').check();
    await page.getByLabel('Toelichting').fill('Beide inwoners wonen hier niet meer.');
    await toNextPage(page, page.getByRole('button', { name: 'Besluit nemen voor de gekozen taken' }));

    expect(await page.getByRole('alert').innerText()).toContain('De gekozen taken hebben niet dezelfde reden.');
    for (const { task } of [first, second, other]) expect(await engine.exceptionTasks.get(task.taskId)).not.toBeNull();

    await page.getByLabel(`Kies de taak van ${other.name}`).uncheck();
    await page.getByLabel(`Kies de taak van ${second.name}`).check();
    await page.getByLabel('Toch verlengen').check();
    await page.getByLabel('Toelichting').fill('Verhuisd binnen de regio; kaart blijft geldig volgens afspraak.');
    await toNextPage(page, page.getByRole('button', { name: 'Besluit nemen voor de gekozen taken' }));

    expect(await page.getByRole('status').innerText()).toContain('Uw besluit is verwerkt voor 2 taken.');
    for (const { renewalId } of [first, second])
      expect(await settledAs(renewalId, 'COMPLETED')).toMatchObject({ outcome: 'renewed' });
    expect(await database.db.renewal.findUniqueOrThrow({ where: { id: other.renewalId } })).toMatchObject({
      status: 'EXCEPTION',
    });
    expect(await engine.exceptionTasks.get(other.task.taskId)).not.toBeNull();
    expect(
      await database.db.auditEvent.count({
        where: { action: 'exception-decision-submitted', subjectId: { in: [String(first.renewalId), String(second.renewalId)] } },
      }),
    ).toBe(2);
  });

  it('when two colleagues claim the same task, then the second is refused until the first releases it; a decided task can no longer be claimed', async () => {
    const { task } = await exceptionFor({ surname: 'De Wit', expiresOn: inDays(44), ...MOVED });
    const tasks = engine.exceptionTasks;
    expect(await tasks.claim(task.taskId, 'a@voorbeeldstad.nl')).toBe('claimed');
    expect(await tasks.claim(task.taskId, 'b@voorbeeldstad.nl')).toBe('taken');
    expect((await tasks.list({ assignee: 'a@voorbeeldstad.nl' })).map((t) => t.taskId)).toContain(task.taskId);
    expect(await tasks.release(task.taskId)).toBe(true);
    expect((await tasks.list({ unassignedOnly: true })).map((t) => t.taskId)).toContain(task.taskId);
    expect(await tasks.claim(task.taskId, 'b@voorbeeldstad.nl')).toBe('claimed');
    expect(await tasks.complete(task.taskId, { decision: 'stop', decisionNote: 'Verhuisd.' })).toBe(true);
    expect(await tasks.claim(task.taskId, 'a@voorbeeldstad.nl')).toBe('gone');
    expect(await tasks.complete(task.taskId, { decision: 'stop', decisionNote: 'Nog eens.' })).toBe(false);
  });
});
