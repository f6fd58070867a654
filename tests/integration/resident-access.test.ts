import { findRenewalByCode } from '../../src/renewals/confirmation-code';
import { createApp } from '../../src/web/app';
import { FormClient } from '../support/form-client';
import { startResidentSite } from '../support/resident-site';
import { appRoutes } from '../support/routes';
import { depsWithoutEngine, serveApp, type ServedApp } from '../support/web-app';

/** What a code gives access to, over plain HTTP (no browser): one renewal, for a limited time. */
describe('resident access by personal code', () => {
  const now = new Date('2026-11-25T09:00:00Z');
  let site: Awaited<ReturnType<typeof startResidentSite>>;

  beforeAll(async () => {
    site = await startResidentSite(now);
  });

  afterAll(async () => {
    await site.stop();
  });

  async function enterCode(code: string): Promise<{ status: number; cookie: string | null; body: string }> {
    const page = await fetch(`${site.baseUrl}/verlengen`);
    const csrfCookie = page.headers
      .getSetCookie()
      .find((c) => c.startsWith('tijdig_csrf='))!
      .split(';')[0]!;
    const token = /name="_csrf" value="([0-9a-f]+)"/.exec(await page.text())![1]!;
    const response = await fetch(`${site.baseUrl}/verlengen`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
      body: new URLSearchParams({ _csrf: token, code }).toString(),
    });
    const access = response.headers.getSetCookie().find((c) => c.startsWith('tijdig_resident='));
    return { status: response.status, cookie: access ? access.split(';')[0]! : null, body: await response.text() };
  }

  it('when a code has expired, then it gives no access and the page says only that the code cannot be used', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-20' });
    await site.db.confirmationCode.updateMany({
      where: { renewalId: letter.renewalId },
      data: { expiresAt: new Date(now.getTime() - 1000) },
    });

    const result = await enterCode(letter.code);

    expect(result.status).toBe(400);
    expect(result.cookie).toBeNull();
    expect(result.body).toContain('Deze code kunnen wij niet gebruiken');
    expect(result.body).not.toContain(letter.surname);
  });

  it("when one resident's access cookie is altered to carry another resident's code, then the signature fails and nothing is shown", async () => {
    const mine = await site.confirmationLetter({ expiresOn: '2026-12-21' });
    const theirs = await site.confirmationLetter({ expiresOn: '2026-12-22' });
    const { cookie } = await enterCode(mine.code);
    const [, signature] = cookie!.split('=')[1]!.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ code: theirs.code, exp: now.getTime() + 600_000 })).toString('base64url');
    const forged = `tijdig_resident=${forgedPayload}.${signature}`;

    const response = await fetch(`${site.baseUrl}/verlengen/gegevens`, { headers: { cookie: forged }, redirect: 'manual' });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/verlengen');
    expect(await response.text()).not.toContain(theirs.surname);
  });

  it('when the code has been answered, then the access it gave ends too', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-23' });
    const { cookie } = await enterCode(letter.code);
    await site.db.confirmationCode.updateMany({ where: { renewalId: letter.renewalId }, data: { usedAt: now } });
    expect(await findRenewalByCode(site.db, letter.code, now)).toBeNull();

    const response = await fetch(`${site.baseUrl}/verlengen/gegevens`, { headers: { cookie: cookie! }, redirect: 'manual' });

    expect(response.status).toBe(303);
  });

  it('when a resident with a code opens the pages with their name and address, then the browser is told not to keep them', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-24' });
    const { cookie } = await enterCode(letter.code);

    for (const path of ['/verlengen/gegevens', '/verlengen/wijziging', '/verlengen/afzien', '/verlengen/geen-contact']) {
      const response = await fetch(`${site.baseUrl}${path}`, { headers: { cookie: cookie! }, redirect: 'manual' });
      expect([path, response.status]).toEqual([path, 200]);
      expect([path, response.headers.get('cache-control')]).toEqual([path, 'no-store']);
    }
    const details = await (await fetch(`${site.baseUrl}/verlengen/gegevens`, { headers: { cookie: cookie! } })).text();
    expect(details).toContain(letter.surname);
  });
});

describe('the language switch', () => {
  const now = new Date('2026-11-25T09:00:00Z');
  let site: Awaited<ReturnType<typeof startResidentSite>>;
  const apps: ServedApp[] = [];

  beforeAll(async () => {
    site = await startResidentSite(now);
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await site.stop();
  });

  async function start(settings: NodeJS.ProcessEnv): Promise<string> {
    const app = await serveApp(await depsWithoutEngine({ db: site.db }, () => now, settings));
    apps.push(app);
    return app.baseUrl;
  }

  /** The header's link to the other language, as the browser reads the attribute. */
  const languageLink = (html: string) =>
    /class="utrecht-link tijdig-header__language" href="([^"]+)"/
      .exec(html)?.[1]
      ?.replace(/&#x3D;/g, '=')
      .replace(/&amp;/g, '&');

  const languageCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith('lang='));

  it('when the site is reached over https through a trusted proxy, then the language cookie is Secure; over plain http it is not', async () => {
    const baseUrl = await start({ TRUST_PROXY: 'loopback', PUBLIC_BASE_URL: 'http://localhost:3000' });

    const overHttps = await fetch(`${baseUrl}/verlengen?lang=en`, { headers: { 'x-forwarded-proto': 'https' } });
    const overHttp = await fetch(`${baseUrl}/verlengen?lang=en`);

    expect(languageCookie(overHttps)).toMatch(/;\s*Secure/i);
    expect(languageCookie(overHttp)).toBeDefined();
    expect(languageCookie(overHttp)).not.toMatch(/;\s*Secure/i);
  });

  it('when the public address is https, then the language cookie is Secure', async () => {
    const baseUrl = await start({ PUBLIC_BASE_URL: 'https://tijdig.voorbeeldstad.nl' });

    expect(languageCookie(await fetch(`${baseUrl}/verlengen?lang=en`))).toMatch(/;\s*Secure/i);
  });

  it('when a page is the answer to a form post on any route, then its language link leads to a page that exists, in the other language', async () => {
    const baseUrl = await start({});
    const deps = await depsWithoutEngine({ db: site.db }, () => now);
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-25' });
    const resident = new FormClient(baseUrl);
    expect((await resident.post('/verlengen', { code: letter.code })).status).toBe(303);
    const posts = appRoutes(createApp(deps)).filter((r) => r.method === 'POST' && !r.path.startsWith('/api/'));
    expect(posts.length).toBeGreaterThan(10);

    const broken: string[] = [];
    for (const route of posts) {
      const path = route.path.replace(':id', '1').replace(':taskId', 'task-1').replace(':service', 'gpk');
      // A form with a stale token: every post answers with a page (403) instead of acting.
      const answer = await resident.request('POST', path, { _csrf: 'verlopen' });
      const link = languageLink(await answer.text());
      // Followed without keeping the language cookie, so every post's page is in Dutch.
      const cookie = [...resident.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      // Resolved as the browser resolves it: against the address the form was posted to.
      const href = link ? new URL(link, `${baseUrl}${path}`) : null;
      const target = href ? await fetch(href, { headers: { cookie }, redirect: 'manual' }) : null;
      if (!link || !target || target.status === 404 || target.status >= 500 || !link.endsWith('lang=en')) {
        broken.push(`${path}: ${link} -> ${target?.status}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('when a resident sends the change form empty and switches to English, then the same form opens in English', async () => {
    const baseUrl = await start({});
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-26' });
    const resident = new FormClient(baseUrl);
    expect((await resident.post('/verlengen', { code: letter.code })).status).toBe(303);

    const refused = await resident.post('/verlengen/wijziging', { category: 'address', text: '' });
    const link = languageLink(await refused.text())!;
    const english = await resident.get(link);

    expect(refused.status).toBe(400);
    expect(link).toBe('/verlengen/wijziging?lang=en');
    expect(english.status).toBe(200);
    expect(await english.text()).toContain('<html lang="en"');
  });
});
