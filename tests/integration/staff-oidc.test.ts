import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Sign-in through an identity provider, end to end: a real OpenID provider (oidc-provider) and
 * Tijdig with OIDC configured run in a child process (tests/support/oidc-world.ts); this test
 * is the browser, following redirects and submitting the provider's login and consent forms.
 */
const root = path.resolve(__dirname, '..', '..');
let database: TestDatabase;
let world: ChildProcess;
let issuer: string;
let appUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  world = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['tests/support/oidc-world.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  ({ issuer, appUrl } = await new Promise<{ issuer: string; appUrl: string }>((resolve, reject) => {
    let output = '';
    world.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^READY (.+)$/m.exec(output);
      if (ready) resolve(JSON.parse(ready[1]!) as { issuer: string; appUrl: string });
    });
    world.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    world.on('exit', (code) => reject(new Error(`the OIDC test world stopped (${code}):\n${output}`)));
  }));
}, 60_000);

afterAll(async () => {
  world?.kill();
  await database.drop();
});

/** Cookies per origin, redirects followed by hand, the provider's forms submitted like a person would. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  async open(url: string, form?: Record<string, string>): Promise<{ url: URL; response: Response; html: string }> {
    let current = new URL(url);
    let init: RequestInit = form
      ? {
          method: 'POST',
          body: new URLSearchParams(form).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }
      : { method: 'GET' };
    for (let hops = 0; hops < 15; hops += 1) {
      const jar = this.jars.get(current.origin) ?? new Map<string, string>();
      this.jars.set(current.origin, jar);
      const response = await fetch(current, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const header of response.headers.getSetCookie()) {
        const [pair = ''] = header.split(';');
        const [name = '', value = ''] = pair.split('=');
        if (value === '' || /expires=thu, 01 jan 1970/i.test(header)) jar.delete(name);
        else jar.set(name, value);
      }
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location)
        return { url: current, response, html: await response.text() };
      current = new URL(location, current);
      init = { method: 'GET' };
    }
    throw new Error('too many redirects');
  }

  /** Signs in at the provider as `login` and returns where the browser lands back at Tijdig. */
  async signInThroughProvider(login: string, start = `${appUrl}/medewerkers/inloggen/oidc/start`) {
    let page = await this.open(start);
    while (page.url.origin === issuer) {
      const form = /<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/.exec(page.html);
      if (!form) throw new Error(`no form on the provider's page ${page.url}: ${page.html.slice(0, 500)}`);
      const fields: Record<string, string> = {};
      for (const input of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
        fields[input[1]!] = input[2]!;
      if (form[2]!.includes('name="login"')) Object.assign(fields, { login, password: 'any password will do here' });
      page = await this.open(new URL(form[1]!.replace(/&amp;/g, '&'), page.url).href, fields);
    }
    return page;
  }
}

describe('staff sign-in through the municipality identity provider', () => {
  it('when OpenID Connect is configured, then the sign-in page offers the identity provider instead of a password', async () => {
    const page = await new Browser().open(`${appUrl}/medewerkers/inloggen`);
    expect(page.html).toContain('href="/medewerkers/inloggen/oidc/start"');
    expect(page.html).not.toContain('type="password"');
  });

  it('when the provider vouches for a process owner, then Tijdig signs them in with that role (code flow with PKCE), makes the account and audits it', async () => {
    const browser = new Browser();
    const start = await fetch(`${appUrl}/medewerkers/inloggen/oidc/start`, { redirect: 'manual' });
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);

    const landed = await browser.signInThroughProvider(
      'p.eigenaar',
      `${appUrl}/medewerkers/inloggen/oidc/start?terug=%2Fmedewerkers%2Foverzicht`,
    );

    expect(landed.url.href).toBe(`${appUrl}/medewerkers/overzicht`);
    expect(landed.response.status).toBe(200);
    expect(landed.html).toContain('Ingelogd als Petra Eigenaar (proceseigenaar)');
    const account = await database.db.staffAccount.findUniqueOrThrow({ where: { email: 'p.eigenaar@voorbeeldstad.nl' } });
    expect(account).toMatchObject({ role: 'PROCESS_OWNER', passwordHash: null, oidcSubject: `${issuer} p.eigenaar` });
    expect(await database.db.auditEvent.count({ where: { action: 'staff-sign-in', subjectId: account.email } })).toBe(1);
    expect((await browser.open(`${appUrl}/medewerkers/beheer`)).response.status).toBe(403);
  });

  it('when the provider knows the person but gives no Tijdig role, then sign-in is refused with a clear message and audited', async () => {
    const landed = await new Browser().signInThroughProvider('z.rol');

    expect(landed.response.status).toBe(403);
    expect(landed.html).toContain('Uw account heeft geen rol in Tijdig.');
    expect(await database.db.staffAccount.count({ where: { email: 'z.rol@voorbeeldstad.nl' } })).toBe(0);
    expect(
      await database.db.auditEvent.count({ where: { action: 'staff-sign-in-failed', subjectId: 'z.rol@voorbeeldstad.nl' } }),
    ).toBe(1);
  });

  it('when the answer from the provider does not belong to this browser, then nobody is signed in', async () => {
    const victim = new Browser();
    await victim.open(`${appUrl}/medewerkers/inloggen/oidc/start`);
    // A callback with a code and state that this browser never asked for.
    const forged = await victim.open(`${appUrl}/medewerkers/inloggen/oidc?code=stolen&state=not-mine`);

    expect(forged.response.status).toBe(400);
    expect(forged.html).toContain('Inloggen is niet gelukt.');
  });
});
