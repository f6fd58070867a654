import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { createStaffAccount } from '../../src/staff/accounts';
import { SIGN_IN_LIMITS } from '../../src/staff/sign-in';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { depsWithoutEngine, serveApp, type ServedApp } from '../support/web-app';

/**
 * The sign-in limits as an attacker meets them: many attempts sent at the same moment, spread
 * over two app instances on one database (as behind a load balancer), each attempt with a valid
 * form token of its own, and the client address taken from the proxy's X-Forwarded-For.
 */
const HOUR = 3_600_000;
const PASSWORD = 'paars-Konijn-fietst-7-km';
let clock = new Date('2026-11-25T09:00:00Z');
let database: TestDatabase;
const apps: ServedApp[] = [];
let instances: string[];
const logLines: { level: number; msg: string; [key: string]: unknown }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const logger = createLogger(
    'trace',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    }),
  );
  for (let i = 0; i < 2; i += 1) {
    const deps = await depsWithoutEngine(database, () => clock, { TRUST_PROXY: 'loopback' });
    apps.push(await serveApp({ ...deps, logger }));
  }
  instances = apps.map((app) => app.baseUrl);
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await database.drop();
});

// Each test in its own hour, so limits counted in one test never reach into the next.
beforeEach(() => {
  clock = new Date(clock.getTime() + HOUR);
});

let serial = 0;
async function staffAccount(role: 'CASE_WORKER' | 'ADMINISTRATOR' = 'CASE_WORKER') {
  serial += 1;
  const result = await createStaffAccount(
    database.db,
    { email: `grens${serial}@voorbeeldstad.nl`, displayName: `Gerrit Grens ${serial}`, role, password: PASSWORD },
    'test',
    clock,
  );
  if (!result.created) throw new Error(`account not created: ${result.problem}`);
  return result.account;
}

/** A browser at `address` on one instance, holding the CSRF cookie and form token the sign-in page gave it. */
async function browserAt(baseUrl: string, address: string) {
  const page = await fetch(`${baseUrl}/medewerkers/inloggen`, { headers: { 'x-forwarded-for': address } });
  const token = /name="_csrf" value="([0-9a-f]+)"/.exec(await page.text())?.[1];
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!token) throw new Error('the sign-in page has no form token');
  return {
    signIn: (email: string, password: string) =>
      fetch(`${baseUrl}/medewerkers/inloggen`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'x-forwarded-for': address, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token, email, password }).toString(),
      }),
  };
}

const passwordChecks = (email: string) =>
  database.db.auditEvent.count({ where: { subjectId: email, action: { in: ['staff-sign-in', 'staff-sign-in-failed'] } } });

describe('sign-in limits under concurrent attempts', () => {
  it('when 29 wrong passwords and the right one for one account arrive at the same moment from 30 addresses, then at most 5 passwords are checked, and the right one signs in only if it was among them', async () => {
    const staff = await staffAccount();
    const right = Math.floor(Math.random() * 30);
    const attempts = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => ({
        right: i === right,
        browser: await browserAt(instances[i % 2]!, `198.51.100.${i + 1}`),
      })),
    );

    const answers = await Promise.all(
      attempts.map(async ({ right: isRight, browser }) => {
        const response = await browser.signIn(staff.email, isRight ? PASSWORD : `fout-wachtwoord-${Math.random()}`);
        return {
          right: isRight,
          status: response.status,
          session: /tijdig_staff=/.test(response.headers.get('set-cookie') ?? ''),
        };
      }),
    );

    const wrongChecked = answers.filter((a) => !a.right && a.status === 400).length;
    const rightAnswer = answers.find((a) => a.right)!;
    expect(wrongChecked).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(30 - SIGN_IN_LIMITS.perAccount - 1);
    expect(await passwordChecks(staff.email)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount + 1);
    expect([303, 429]).toContain(rightAnswer.status);
    expect(rightAnswer.session).toBe(rightAnswer.status === 303);
    expect(answers.filter((a) => a.session).length).toBe(rightAnswer.status === 303 ? 1 : 0);
    expect(await database.db.staffSession.count({ where: { accountId: staff.id } })).toBe(rightAnswer.status === 303 ? 1 : 0);
  });

  it('when 30 wrong passwords for one account arrive at once and then the right one, then only 5 are checked and the account is not signed in', async () => {
    const staff = await staffAccount();
    const browsers = await Promise.all(Array.from({ length: 31 }, (_, i) => browserAt(instances[i % 2]!, `192.0.2.${i + 1}`)));

    const burst = await Promise.all(browsers.slice(0, 30).map((b, i) => b.signIn(staff.email, `fout-wachtwoord-${i}`)));
    const afterwards = await browsers[30]!.signIn(staff.email, PASSWORD);

    expect(burst.filter((r) => r.status === 400)).toHaveLength(SIGN_IN_LIMITS.perAccount);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(30 - SIGN_IN_LIMITS.perAccount);
    expect(await passwordChecks(staff.email)).toBe(SIGN_IN_LIMITS.perAccount);
    expect(afterwards.status).toBe(429);
    expect(await database.db.staffSession.count({ where: { accountId: staff.id } })).toBe(0);
  });

  it('when one address sends 30 attempts for 30 accounts at the same moment, then at most 20 are checked, and after them even a right password from that address is refused', async () => {
    const address = '203.0.113.7';
    const staff = await staffAccount();
    const browsers = await Promise.all(Array.from({ length: 31 }, (_, i) => browserAt(instances[i % 2]!, address)));

    const burst = await Promise.all(
      browsers.slice(0, 30).map((b, i) => b.signIn(`gok${serial}-${i}@voorbeeldstad.nl`, 'een-gok-van-iemand')),
    );
    const afterwards = await browsers[30]!.signIn(staff.email, PASSWORD);

    expect(burst.filter((r) => r.status === 400)).toHaveLength(SIGN_IN_LIMITS.perAddress);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(30 - SIGN_IN_LIMITS.perAddress);
    expect(afterwards.status).toBe(429);
    expect(await database.db.staffSession.count({ where: { accountId: staff.id } })).toBe(0);
    // The account itself was never tried wrongly: from another address its owner signs in at once.
    expect((await (await browserAt(instances[0]!, '203.0.113.8')).signIn(staff.email, PASSWORD)).status).toBe(303);
  });
});

describe('a locked account', () => {
  it('when someone locks an account, then its owner is told to ask an administrator, the administrator is alerted and can lift the lock, and the owner signs in', async () => {
    const staff = await staffAccount();
    const admin = await staffAccount('ADMINISTRATOR');
    const attacker = await browserAt(instances[0]!, '198.51.100.200');
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i += 1) {
      expect((await attacker.signIn(staff.email, `fout-wachtwoord-${i}`)).status).toBe(400);
    }

    const owner = await browserAt(instances[1]!, '198.51.100.201');
    const refused = await owner.signIn(staff.email, PASSWORD);
    const refusedPage = await refused.text();
    expect(refused.status).toBe(429);
    expect(refusedPage).toContain('Er is te vaak verkeerd ingelogd. Wacht 15 minuten');
    expect(refusedPage).toContain('Vraag dan een beheerder van Tijdig om de blokkade op te heffen.');
    expect(await database.db.auditEvent.count({ where: { action: 'staff-account-locked', subjectId: staff.email } })).toBe(1);
    const warnings = logLines.filter((l) => l.msg === 'staff account locked after failed sign-ins' && l.accountId === staff.id);
    expect(warnings.map((l) => l.level)).toEqual([40]);

    // The administrator sees the lock on the accounts page and lifts it.
    const adminBrowser = await browserAt(instances[0]!, '198.51.100.202');
    const adminSignIn = await adminBrowser.signIn(admin.email, PASSWORD);
    expect(adminSignIn.status).toBe(303);
    const adminCookie = [
      /tijdig_staff=[^;]+/.exec(adminSignIn.headers.get('set-cookie') ?? '')![0],
      /tijdig_csrf=[^;]+/.exec((await fetch(`${instances[0]}/medewerkers/inloggen`)).headers.get('set-cookie') ?? '')![0],
    ].join('; ');
    const accountsPage = await fetch(`${instances[0]}/medewerkers/beheer`, { headers: { cookie: adminCookie } });
    const accountsHtml = await accountsPage.text();
    expect(accountsHtml).toContain(`Geblokkeerd door te vaak verkeerd inloggen: ${staff.displayName}.`);
    expect(accountsHtml).toContain(`Blokkade van ${staff.displayName} opheffen`);
    const token = /name="_csrf" value="([0-9a-f]+)"/.exec(accountsHtml)![1]!;
    const unlock = await fetch(`${instances[0]}/medewerkers/beheer/${staff.id}/deblokkeren`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: adminCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token }).toString(),
    });
    expect(unlock.status).toBe(303);
    expect(await database.db.auditEvent.count({ where: { action: 'staff-account-unlocked', subjectId: staff.email } })).toBe(1);

    expect((await owner.signIn(staff.email, PASSWORD)).status).toBe(303);
  });
});
