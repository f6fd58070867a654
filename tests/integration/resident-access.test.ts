import { findRenewalByCode } from '../../src/renewals/confirmation-code';
import { startResidentSite } from '../support/resident-site';

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
});
