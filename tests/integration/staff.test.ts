import { spawn } from 'node:child_process';
import path from 'node:path';
import type { StaffAccount, StaffRole } from '../../src/db/client';
import { loadConfig } from '../../src/config';
import { setRenewalStatus } from '../../src/renewals/status';
import { catalogueFile, loadCatalogue } from '../../src/service-catalogue';
import { effectiveMaturities } from '../../src/services/settings';
import { createStaffAccount } from '../../src/staff/accounts';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { FormClient } from '../support/form-client';
import { createRenewalWithHolder } from '../support/fixtures';
import { depsWithoutEngine, serveApp, type ServedApp } from '../support/web-app';

const root = path.resolve(__dirname, '..', '..');
const HOUR = 3_600_000;
let clock = new Date('2026-11-25T09:00:00Z');
let database: TestDatabase;
const apps: ServedApp[] = [];
let baseUrl: string;

async function startApp(publicBaseUrl: string): Promise<string> {
  const app = await serveApp(await depsWithoutEngine(database, () => clock, { PUBLIC_BASE_URL: publicBaseUrl }));
  apps.push(app);
  return app.baseUrl;
}

beforeAll(async () => {
  database = await createTestDatabase();
  baseUrl = await startApp('https://tijdig.voorbeeldstad.nl');
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await database.drop();
});

// Each test in its own hour, so sign-in limits counted in one test never reach into the next.
beforeEach(() => {
  clock = new Date(clock.getTime() + HOUR);
});

/** The form client, signing in on the staff page. */
class Browser extends FormClient {
  constructor(base = baseUrl) {
    super(base);
  }

  signIn(email: string, password: string): Promise<Response> {
    return this.post('/medewerkers/inloggen', { email, password });
  }
}

let serial = 0;
async function account(role: StaffRole, password = 'paars-Konijn-fietst-7-km'): Promise<StaffAccount & { password: string }> {
  serial += 1;
  const result = await createStaffAccount(
    database.db,
    { email: `medewerker${serial}@voorbeeldstad.nl`, displayName: `Sam Medewerker ${serial}`, role, password },
    'test',
    clock,
  );
  if (!result.created) throw new Error(`account not created: ${result.problem}`);
  return { ...result.account, password };
}

async function signedIn(role: StaffRole): Promise<{ browser: Browser; account: StaffAccount }> {
  const staff = await account(role);
  const browser = new Browser();
  expect((await browser.signIn(staff.email, staff.password)).status).toBe(303);
  return { browser, account: staff };
}

const WRONG = 'Het e-mailadres of het wachtwoord klopt niet.';

describe('staff sign-in', () => {
  it('when nobody is signed in, then staff pages send the visitor to sign-in and an administrator action is refused', async () => {
    const target = await account('CASE_WORKER');
    const browser = new Browser();

    for (const page of ['/medewerkers', '/medewerkers/overzicht', '/medewerkers/beheer']) {
      const response = await browser.get(page);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/medewerkers/inloggen?terug=${encodeURIComponent(page)}`);
    }
    const action = await browser.post(`/medewerkers/beheer/${target.id}/uitschakelen`);
    expect(action.status).toBe(401);
    expect((await database.db.staffAccount.findUniqueOrThrow({ where: { id: target.id } })).disabled).toBe(false);
  });

  it('when the password is wrong, then sign-in is refused with the same message as for an unknown address, and both attempts are audited without the password', async () => {
    const staff = await account('CASE_WORKER');
    const browser = new Browser();

    const wrongPassword = await browser.signIn(staff.email, 'niet-het-goede-wachtwoord');
    const wrongBody = await wrongPassword.text();
    const unknown = await browser.signIn('niemand@voorbeeldstad.nl', 'niet-het-goede-wachtwoord');
    const unknownBody = await unknown.text();

    expect(wrongPassword.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(wrongBody).toContain(WRONG);
    expect(unknownBody).toContain(WRONG);
    expect(browser.cookies.has('tijdig_staff')).toBe(false);
    const events = await database.db.auditEvent.findMany({
      where: { action: 'staff-sign-in-failed', subjectId: { in: [staff.email, 'niemand@voorbeeldstad.nl'] } },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.subjectId)).toEqual([staff.email, 'niemand@voorbeeldstad.nl']);
    expect(JSON.stringify(events)).not.toContain('niet-het-goede-wachtwoord');
  });

  it('when the password is right, then a session cookie is set (HttpOnly, SameSite=Lax, Secure under https, 8 hours), the staff page opens and the sign-in is audited', async () => {
    const staff = await account('PROCESS_OWNER');
    const browser = new Browser();

    const response = await browser.signIn(staff.email.toUpperCase(), staff.password);

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/medewerkers');
    const cookie = browser.lastSetCookies.find((c) => c.startsWith('tijdig_staff='));
    expect(cookie).toMatch(/; Max-Age=28800;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    const home = await browser.get('/medewerkers');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(`Ingelogd als ${staff.displayName} (proceseigenaar)`);
    expect(
      await database.db.auditEvent.count({
        where: { action: 'staff-sign-in', subjectId: staff.email, actor: `staff:${staff.id}` },
      }),
    ).toBe(1);
  });

  it('when sign-in starts from a staff page, then the person lands back on it, and a return address elsewhere is ignored', async () => {
    const staff = await account('PROCESS_OWNER');
    const back = await new Browser().post('/medewerkers/inloggen', {
      email: staff.email,
      password: staff.password,
      terug: '/medewerkers/overzicht',
    });
    const elsewhere = await new Browser().post('/medewerkers/inloggen', {
      email: staff.email,
      password: staff.password,
      terug: '//phishing.example/medewerkers',
    });

    expect(back.headers.get('location')).toBe('/medewerkers/overzicht');
    expect(elsewhere.headers.get('location')).toBe('/medewerkers');
  });

  it('when the site is served over plain http, then the session cookie is not marked Secure', async () => {
    const staff = await account('CASE_WORKER');
    const browser = new Browser(await startApp('http://localhost:3000'));
    expect((await browser.signIn(staff.email, staff.password)).status).toBe(303);
    const cookie = browser.lastSetCookies.find((c) => c.startsWith('tijdig_staff='));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('when someone signs in again in the same browser, then the old session token stops working', async () => {
    const { browser, account: staff } = await signedIn('CASE_WORKER');
    const oldToken = browser.cookies.get('tijdig_staff')!;
    expect((await browser.signIn(staff.email, 'paars-Konijn-fietst-7-km')).status).toBe(303);

    expect(browser.cookies.get('tijdig_staff')).not.toBe(oldToken);
    const stale = new Browser();
    stale.cookies.set('tijdig_staff', oldToken);
    expect((await stale.get('/medewerkers')).status).toBe(303);
    expect((await browser.get('/medewerkers')).status).toBe(200);
  });

  it('when a staff member signs out, then the session no longer opens staff pages and the sign-out is audited', async () => {
    const { browser, account: staff } = await signedIn('CASE_WORKER');
    const token = browser.cookies.get('tijdig_staff')!;

    const response = await browser.post('/medewerkers/uitloggen');

    expect(response.status).toBe(303);
    expect(await (await browser.get(response.headers.get('location')!)).text()).toContain('U bent uitgelogd.');
    const replay = new Browser();
    replay.cookies.set('tijdig_staff', token);
    expect((await replay.get('/medewerkers')).status).toBe(303);
    expect(await database.db.auditEvent.count({ where: { action: 'staff-sign-out', subjectId: staff.email } })).toBe(1);
  });

  it('when a sign-in form comes without a valid CSRF token, then it is refused with 403 and nobody is signed in', async () => {
    const staff = await account('ADMINISTRATOR');
    const browser = new Browser();
    await browser.get('/medewerkers/inloggen');

    const missing = await browser.request('POST', '/medewerkers/inloggen', { email: staff.email, password: staff.password });
    const forged = await browser.request('POST', '/medewerkers/inloggen', {
      _csrf: 'a'.repeat(64),
      email: staff.email,
      password: staff.password,
    });

    expect(missing.status).toBe(403);
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Dit formulier is verlopen');
    expect(browser.cookies.has('tijdig_staff')).toBe(false);
    expect(await database.db.auditEvent.count({ where: { action: 'staff-sign-in', subjectId: staff.email } })).toBe(0);
  });

  it('when an account has had 5 failed sign-ins, then even the right password is refused with a clear message until 15 minutes have passed', async () => {
    const staff = await account('CASE_WORKER');
    const browser = new Browser();
    for (let i = 0; i < 5; i += 1) expect((await browser.signIn(staff.email, `fout-wachtwoord-${i}`)).status).toBe(400);

    const limited = await browser.signIn(staff.email, staff.password);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('Er is te vaak verkeerd ingelogd. Wacht 15 minuten');
    expect(browser.cookies.has('tijdig_staff')).toBe(false);
    expect(await database.db.auditEvent.count({ where: { action: 'staff-sign-in-limited', subjectId: staff.email } })).toBe(1);

    clock = new Date(clock.getTime() + 16 * 60_000);
    expect((await browser.signIn(staff.email, staff.password)).status).toBe(303);
  });

  it('when one client address fails to sign in to many accounts, then it is limited too, also for an address it never tried', async () => {
    const browser = new Browser();
    for (let i = 0; i < 20; i += 1) {
      expect((await browser.signIn(`gok${i}@voorbeeldstad.nl`, 'een-gok-van-iemand')).status).toBe(400);
    }
    const staff = await account('CASE_WORKER');
    const limited = await browser.signIn(staff.email, staff.password);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('Er is te vaak verkeerd ingelogd');
  });
});

describe('roles', () => {
  it('when a case worker opens the administrator page or disables an account, then the answer is 403 and nothing changes', async () => {
    const { browser } = await signedIn('CASE_WORKER');
    const colleague = await account('CASE_WORKER');

    const page = await browser.get('/medewerkers/beheer');
    const action = await browser.post(`/medewerkers/beheer/${colleague.id}/uitschakelen`);
    const overview = await browser.get('/medewerkers/overzicht');

    expect(page.status).toBe(403);
    expect(await page.text()).toContain('U bent ingelogd als behandelaar. Met die rol kunt u deze pagina niet gebruiken.');
    expect(action.status).toBe(403);
    expect(overview.status).toBe(403);
    expect((await database.db.staffAccount.findUniqueOrThrow({ where: { id: colleague.id } })).disabled).toBe(false);
  });

  it('when an administrator disables an account, then that person is signed out at once and cannot sign in again', async () => {
    const { browser: admin } = await signedIn('ADMINISTRATOR');
    const { browser: leaver, account: leaving } = await signedIn('CASE_WORKER');
    expect(await (await admin.get('/medewerkers/beheer')).text()).toContain(`Account van ${leaving.displayName} uitschakelen`);

    const response = await admin.post(`/medewerkers/beheer/${leaving.id}/uitschakelen`);

    expect(response.status).toBe(303);
    expect(await (await admin.get(response.headers.get('location')!)).text()).toContain(
      `Het account van ${leaving.displayName} is uitgeschakeld.`,
    );
    expect((await leaver.get('/medewerkers')).status).toBe(303);
    const again = await new Browser().signIn(leaving.email, 'paars-Konijn-fietst-7-km');
    expect(again.status).toBe(403);
    expect(await again.text()).toContain('Dit account is uitgeschakeld.');
    expect(await database.db.auditEvent.count({ where: { action: 'staff-account-disabled', subjectId: leaving.email } })).toBe(1);
  });
});

/** The cells of each body row of the table with this caption, as text. */
function tableRows(html: string, caption: string): string[][] {
  const start = html.indexOf(`>${caption}</caption>`);
  if (start < 0) throw new Error(`no table captioned "${caption}"`);
  const body = html.slice(html.indexOf('<tbody', start), html.indexOf('</tbody>', start));
  return body
    .split('<tr')
    .slice(1)
    .map((row) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim()));
}

describe('process-owner overview', () => {
  it('when renewals, exceptions and scans are in the database, then the overview shows exactly their numbers', async () => {
    const db = database.db;
    const days = (n: number) => new Date(clock.getTime() - n * 86_400_000);
    const renewal = async () => (await createRenewalWithHolder(db)).renewal.id;
    // Renewed without a person.
    const straight = await renewal();
    await setRenewalStatus(db, straight, 'STARTED', { at: days(30) });
    await setRenewalStatus(db, straight, 'COMPLETED', { outcome: 'renewed', reason: 'renewed', at: days(29) });
    // Renewed, but only after a case worker looked at it.
    const afterException = await renewal();
    await setRenewalStatus(db, afterException, 'EXCEPTION', { reason: 'MOVED_AWAY', at: days(28) });
    await setRenewalStatus(db, afterException, 'COMPLETED', { outcome: 'renewed', reason: 'renewed', at: days(27) });
    const stopped = await renewal();
    await setRenewalStatus(db, stopped, 'EXCEPTION', { reason: 'DECEASED', at: days(26) });
    await setRenewalStatus(db, stopped, 'STOPPED', { outcome: 'stopped', reason: 'stopped', at: days(25) });
    // Open for 5 days.
    const oldestOpen = await renewal();
    await setRenewalStatus(db, oldestOpen, 'EXCEPTION', { reason: 'NO_RESPONSE', at: days(5) });
    // An exception 20 days ago, then a new one 2 days ago: it counts once, with its latest reason and age.
    const reopened = await renewal();
    await setRenewalStatus(db, reopened, 'EXCEPTION', { reason: 'INDICATION_ENDS', at: days(20) });
    await setRenewalStatus(db, reopened, 'STARTED', { at: days(19) });
    await setRenewalStatus(db, reopened, 'EXCEPTION', { reason: 'NO_RESPONSE', at: days(2) });
    const waiting = await renewal();
    await setRenewalStatus(db, waiting, 'AWAITING_RESIDENT', { at: days(1) });
    await db.scanRun.create({
      data: { id: 'gpk-2026-11-24', service: 'gpk', startedAt: days(1), finishedAt: days(1), examined: 240, created: 12 },
    });
    await db.scanRun.create({ data: { id: 'gpk-2026-11-25', service: 'gpk', startedAt: clock, examined: 0, created: 0 } });

    const { browser } = await signedIn('PROCESS_OWNER');
    const response = await browser.get('/medewerkers/overzicht');
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(tableRows(html, 'Verlengingen per status en uitkomst')).toEqual([
      ['Wacht op inwoner', 'nog geen', '1'],
      ['Uitzondering', 'nog geen', '2'],
      ['Afgerond', 'Verlengd', '2'],
      ['Gestopt', 'Gestopt', '1'],
    ]);
    expect(html).toContain(
      '1 van de 3 afgeronde verlengingen zijn verlengd zonder dat een medewerker iets hoefde te doen: 33,3%.',
    );
    expect(tableRows(html, 'Uitzonderingen per reden')).toEqual([
      ['Geen antwoord van de inwoner', '2', '2'],
      ['Overleden', '0', '1'],
      ['Verhuisd naar een andere gemeente', '0', '1'],
    ]);
    expect(html).toContain(`Verlenging ${oldestOpen} wacht sinds`);
    expect(html).toContain('(5 dagen). Reden: Geen antwoord van de inwoner.');
    expect(tableRows(html, 'Laatste scans').map((row) => row.slice(1))).toEqual([
      ['GPK', 'nog bezig', '0', '0'],
      ['GPK', expect.stringContaining('2026'), '240', '12'],
    ]);
  });
});

describe('process owner per service', () => {
  it('when a process owner opens the overview, then each catalogue service shows its own figures and exceptions by reason', async () => {
    const db = database.db;
    const { renewal } = await createRenewalWithHolder(db);
    await setRenewalStatus(db, renewal.id, 'EXCEPTION', { reason: 'INDICATION_ENDS', at: clock });
    const { browser } = await signedIn('PROCESS_OWNER');
    const html = await (await browser.get('/medewerkers/overzicht')).text();

    const gpk = html.slice(
      html.indexOf('<section id="dienst-gpk"'),
      html.indexOf('</section>', html.indexOf('<section id="dienst-gpk"')),
    );
    expect(gpk).toContain('Gehandicaptenparkeerkaart');
    const openExceptions = await db.renewal.count({ where: { service: 'gpk', status: 'EXCEPTION' } });
    expect(gpk).toMatch(new RegExp(`Open uitzonderingen</dt><dd[^>]*>${openExceptions}</dd>`));
    expect(tableRows(html, 'Uitzonderingen per reden: Gehandicaptenparkeerkaart')).toContainEqual([
      'Indicatie loopt af',
      expect.any(String),
      expect.any(String),
    ]);
  });

  it('when a process owner switches a service to "confirm first", then it is stored with who did it and shown as chosen', async () => {
    const { browser, account: owner } = await signedIn('PROCESS_OWNER');
    const saved = await browser.post('/medewerkers/overzicht/gpk/automatisering', { maturity: 'notify-and-confirm' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/medewerkers/overzicht?gewijzigd=gpk#dienst-gpk');

    const html = await (await browser.get('/medewerkers/overzicht?gewijzigd=gpk')).text();
    expect(html).toContain('Opgeslagen. Dit geldt vanaf de volgende ronde.');
    expect(html).toMatch(/<option value="notify-and-confirm" selected>/);
    expect(await effectiveMaturities(database.db, loadCatalogue(catalogueFile(loadConfig({}))))).toMatchObject({
      gpk: 'notify-and-confirm',
    });
    const audit = await database.db.auditEvent.findFirstOrThrow({ where: { action: 'maturity-changed', subjectId: 'gpk' } });
    expect(audit).toMatchObject({ actor: owner.email, details: { maturity: 'notify-and-confirm' } });
    await database.db.serviceSetting.deleteMany();
  });

  it('when a case worker tries to switch a service, or a process owner sends an unknown level or service, then nothing is stored', async () => {
    const { browser: caseWorker } = await signedIn('CASE_WORKER');
    expect((await caseWorker.post('/medewerkers/overzicht/gpk/automatisering', { maturity: 'notify-only' })).status).toBe(403);
    const { browser: owner } = await signedIn('PROCESS_OWNER');
    expect((await owner.post('/medewerkers/overzicht/gpk/automatisering', { maturity: 'always' })).status).toBe(400);
    expect((await owner.post('/medewerkers/overzicht/bike-shed/automatisering', { maturity: 'notify-only' })).status).toBe(404);
    expect(await database.db.serviceSetting.count()).toBe(0);
  });

  it("when a service's model has a path for only some levels, then the switch offers only those and refuses another", async () => {
    const { browser: owner } = await signedIn('PROCESS_OWNER');
    const html = await (await owner.get('/medewerkers/overzicht')).text();
    const section = (id: string) =>
      html.slice(
        html.indexOf(`<section id="dienst-${id}"`),
        html.indexOf('</section>', html.indexOf(`<section id="dienst-${id}"`)),
      );
    const options = (id: string) => [...section(id).matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    expect(options('gpk')).toEqual(['automatic', 'notify-and-confirm', 'notify-only']);
    expect(options('parking-permit')).toEqual(['automatic', 'notify-only']);
    expect(options('parking-place')).toEqual(['automatic']);
    const refused = await owner.post('/medewerkers/overzicht/parking-permit/automatisering', { maturity: 'notify-and-confirm' });
    expect(refused.status).toBe(400);
    expect(await database.db.serviceSetting.count()).toBe(0);
  });
});

function runCreateCommand(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['src/cli/create-staff-account.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('the renewals summary as JSON', () => {
  it('when someone not signed in asks for the summary, at its old or its new address, then the answer is 401 and holds no figures', async () => {
    await createRenewalWithHolder(database.db);

    const old = await fetch(`${baseUrl}/api/renewals/summary`);
    const anonymous = await fetch(`${baseUrl}/medewerkers/api/renewals/summary`);

    expect(old.status).toBe(401);
    expect(await old.json()).toEqual({
      error: 'staff only: sign in as a process owner or administrator and use /medewerkers/api/renewals/summary',
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'sign in first at /medewerkers/inloggen' });
  });

  it('when a case worker asks for the summary, then the answer is 403; a process owner gets the counts by status, not kept by the browser', async () => {
    const { browser: caseWorker } = await signedIn('CASE_WORKER');
    const { browser: owner } = await signedIn('PROCESS_OWNER');
    const expected = await database.db.renewal.groupBy({ by: ['status', 'outcome'], _count: { _all: true } });

    const refused = await caseWorker.get('/medewerkers/api/renewals/summary');
    const summary = await owner.get('/medewerkers/api/renewals/summary');

    expect(refused.status).toBe(403);
    expect(summary.status).toBe(200);
    expect(summary.headers.get('cache-control')).toBe('no-store');
    const rows = (await summary.json()) as { status: string; outcome: string | null; count: number }[];
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(expected.reduce((sum, g) => sum + g._count._all, 0));
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBeGreaterThan(0);
  });
});

describe('npm run staff:create', () => {
  it('when a strong password is piped in, then the account is made, nothing secret is printed, and the person can sign in', async () => {
    const password = 'Groene thee om 10 uur!';
    const result = await runCreateCommand(
      ['--email', 'Eerste.Beheerder@voorbeeldstad.nl', '--name', 'Eerste Beheerder', '--role', 'administrator'],
      `${password}\n`,
    );

    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('Created the administrator account of Eerste Beheerder (eerste.beheerder@voorbeeldstad.nl).');
    expect(result.stdout + result.stderr).not.toContain(password);
    const stored = await database.db.staffAccount.findUniqueOrThrow({ where: { email: 'eerste.beheerder@voorbeeldstad.nl' } });
    expect(stored.role).toBe('ADMINISTRATOR');
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain(password);
    const browser = new Browser();
    expect((await browser.signIn('eerste.beheerder@voorbeeldstad.nl', password)).status).toBe(303);
    expect((await browser.get('/medewerkers/beheer')).status).toBe(200);
  });

  it('when the password is shorter than 12 characters, then the command refuses it and makes no account', async () => {
    const result = await runCreateCommand(
      ['--email', 'kort@voorbeeldstad.nl', '--name', 'Kim Kort', '--role', 'case-worker'],
      'Kort-123\n',
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('at least 12 characters');
    expect(await database.db.staffAccount.count({ where: { email: 'kort@voorbeeldstad.nl' } })).toBe(0);
  });
});
