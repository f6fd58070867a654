import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { exampleConfirmationCode } from '../../src/letters/examples';
import { createLogger } from '../../src/logger';
import { webSecrets, type WebDeps } from '../../src/web/app';
import { FormClient } from '../support/form-client';
import { startResidentSite, type ResidentSite } from '../support/resident-site';
import { serveApp, type ServedApp } from '../support/web-app';

/**
 * The answer API and the confirm button as a resident's portal or browser reaches them when
 * something is off: a broken request, someone guessing codes, an engine that does not take the answer.
 */
const now = new Date('2026-11-25T09:00:00Z');
const PHONE = '030 - 123 45 67';
let site: ResidentSite;
const apps: ServedApp[] = [];

beforeAll(async () => {
  site = await startResidentSite(now);
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await site?.stop();
});

// Code attempts are counted per client address in the database, and every test comes from 127.0.0.1.
beforeEach(async () => {
  await site.db.attemptCounter.deleteMany();
});

/** Log lines as pino writes them, to check what reaches an operator's error alerts. */
function capturedLog() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('trace', stream), lines };
}

/** An app instance of its own on the shared database, with the engine stand-in given. */
async function startApp(engine: WebDeps['engine'], logger = createLogger('silent')): Promise<string> {
  const app = await serveApp({
    db: site.db,
    config: loadConfig({ MUNICIPALITY_PHONE: PHONE }),
    logger,
    engine,
    secrets: await webSecrets(site.db),
    now: () => now,
  });
  apps.push(app);
  return app.baseUrl;
}

const postAnswer = (baseUrl: string, body: string, contentType = 'application/json') =>
  fetch(`${baseUrl}/api/resident-responses`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('POST /api/resident-responses with a request it cannot read', () => {
  let baseUrl: string;
  let log: ReturnType<typeof capturedLog>;

  beforeAll(async () => {
    log = capturedLog();
    baseUrl = await startApp(null, log.logger);
  });

  it.each([
    ['malformed JSON', '{"code": "K7M4Q-9TXAB", "response": '],
    ['null', 'null'],
  ])(
    'when the body is %s, then the answer is 400 with a message saying what to send, and nothing is logged as an error',
    async (_, body) => {
      const response = await postAnswer(baseUrl, body);

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({
        error: 'the request body must be a JSON object such as {"code": "K7M4Q-9TXAB", "response": "confirmed"}',
      });
      expect(log.lines.filter((l) => l.level >= 50)).toEqual([]);
    },
  );

  it('when the body is not sent as JSON, then the answer is 415 saying to send JSON', async () => {
    const response = await postAnswer(baseUrl, 'code=K7M4Q-9TXAB&response=confirmed', 'application/x-www-form-urlencoded');

    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ error: 'send the answer as JSON, with the header Content-Type: application/json' });
    expect(log.lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('when the body is larger than an answer can be, then the answer is 413 and nothing is logged as an error', async () => {
    const response = await postAnswer(
      baseUrl,
      JSON.stringify({ code: 'K7M4Q-9TXAB', response: 'confirmed', report: 'x'.repeat(30_000) }),
    );

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'the request body is too large: at most 20 kB' });
    expect(log.lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});

describe('one limit on trying codes, shared by the website and the API', () => {
  const engine = { publishResidentResponse: async () => 'correlated' as const };

  it('when ten codes were tried on the website, then the API refuses even a good code with 429 for now', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-20' });
    const baseUrl = await startApp(engine);
    const browser = new FormClient(baseUrl);
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await browser.post('/verlengen', { code: `WRONG-${String(attempt).padStart(5, 'A')}` })).status).toBe(400);
    }

    const response = await postAnswer(baseUrl, JSON.stringify({ code: letter.code, response: 'confirmed' }));

    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toEqual({ error: 'too many codes tried from this address; try again in 15 minutes' });
    expect(await site.db.confirmationCode.count({ where: { renewalId: letter.renewalId, usedAt: null } })).toBe(1);
  });

  it('when ten codes were tried through the API, then the website asks the resident to wait, even with a good code', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-21' });
    const baseUrl = await startApp(engine);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await postAnswer(baseUrl, JSON.stringify({ code: `WRONG-${attempt}AAAA`, response: 'confirmed' }));
      expect(response.status).toBe(404);
    }

    const page = await new FormClient(baseUrl).post('/verlengen', { code: letter.code });

    expect(page.status).toBe(429);
    expect(await page.text()).toContain('U hebt te vaak een code geprobeerd.');
  });
});

describe('the code limit under a burst of guesses on several app instances', () => {
  const engine = { publishResidentResponse: async () => 'correlated' as const };

  it('when 200 wrong codes are sent through the API at once, spread over two instances, then exactly 10 are checked and the other 190 get 429', async () => {
    const instances = [await startApp(engine), await startApp(engine)];

    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postAnswer(instances[i % 2]!, JSON.stringify({ code: `GUESS-${String(i).padStart(5, 'A')}`, response: 'confirmed' })),
      ),
    );

    expect(answers.filter((r) => r.status === 404)).toHaveLength(10);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(190);
  });

  it('when codes are tried on the website of one instance and through the API of another, then they count together', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-26' });
    const [first, second] = [await startApp(engine), await startApp(engine)];
    const browser = new FormClient(first!);
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await browser.post('/verlengen', { code: `WRONG-${String(attempt).padStart(5, 'B')}` })).status).toBe(400);
    }
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await postAnswer(second!, JSON.stringify({ code: `WRONG-${attempt}BBBB`, response: 'confirmed' }))).status).toBe(
        404,
      );
    }

    expect((await postAnswer(first!, JSON.stringify({ code: letter.code, response: 'confirmed' }))).status).toBe(429);
    expect((await new FormClient(second!).post('/verlengen', { code: letter.code })).status).toBe(429);
  });

  it('when a resident enters a good code, then that attempt does not count against them', async () => {
    const letters = [
      await site.confirmationLetter({ expiresOn: '2026-12-27' }),
      await site.confirmationLetter({ expiresOn: '2026-12-28' }),
    ];
    const baseUrl = await startApp(engine);
    for (let attempt = 1; attempt <= 9; attempt++) {
      expect(
        (await new FormClient(baseUrl).post('/verlengen', { code: `WRONG-${String(attempt).padStart(5, 'C')}` })).status,
      ).toBe(400);
    }

    expect((await new FormClient(baseUrl).post('/verlengen', { code: letters[0]!.code })).status).toBe(303);
    expect((await new FormClient(baseUrl).post('/verlengen', { code: letters[1]!.code })).status).toBe(303);
  });
});

describe('the resident confirms on the website and the answer cannot be processed at once', () => {
  /** Signs in with the letter's code on `baseUrl` and presses "Ja, alles klopt"; follows the redirect. */
  async function confirm(baseUrl: string, code: string) {
    const browser = new FormClient(baseUrl);
    expect((await browser.post('/verlengen', { code })).status).toBe(303);
    let response = await browser.post('/verlengen/bevestigen');
    const location = response.headers.get('location');
    if (response.status === 303 && location) response = await browser.get(location);
    return { response, html: await response.text(), browser };
  }

  it.each([
    ['the engine cannot be reached', () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8080'))],
    ['the process is not yet listening for the answer', () => Promise.resolve('nothing-waiting' as const)],
  ])('when %s, then the receipt says the answer is in, nothing more is needed, and whom to call', async (_, publish) => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-22' });
    const baseUrl = await startApp({ publishResidentResponse: publish });

    const { response, html } = await confirm(baseUrl, letter.code);

    expect(response.status).toBe(200);
    expect(html).toContain('Bedankt, wij hebben uw antwoord');
    expect(html).toContain('U hoeft niets meer te doen.');
    expect(html).toContain(`Bel ons op ${PHONE}`);
    expect(html).not.toContain('Er ging iets mis');
    expect(await site.db.contactMoment.count({ where: { renewalId: letter.renewalId, subject: 'resident-confirmed' } })).toBe(1);
  });

  it('when the renewal had already moved on, then a page says the answer was kept but changes nothing, whom to call, and links back', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-23' });
    const baseUrl = await startApp({ publishResidentResponse: () => Promise.resolve('nothing-waiting' as const) });
    const browser = new FormClient(baseUrl);
    expect((await browser.post('/verlengen', { code: letter.code })).status).toBe(303);
    await site.db.renewal.update({ where: { id: letter.renewalId }, data: { status: 'EXCEPTION' } });

    const response = await browser.post('/verlengen/bevestigen');
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('<h1 class="utrecht-heading-1">Wij konden uw antwoord niet meer verwerken</h1>');
    expect(html).toContain('Wij hebben uw antwoord wel bewaard.');
    expect(html).toContain(`Bel ons dan op ${PHONE}`);
    expect(html).toMatch(/<a class="utrecht-link" href="\/verlengen">Naar het begin<\/a>/);
    expect(html).not.toContain('Er ging iets mis');
  });

  it('when no engine is connected, then a page says to try again later, whom to call, and links back to the data', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-24' });
    const baseUrl = await startApp(null);

    const { response, html, browser } = await confirm(baseUrl, letter.code);

    expect(response.status).toBe(503);
    expect(html).toContain('<h1 class="utrecht-heading-1">Het lukt nu niet om uw antwoord te versturen</h1>');
    expect(html).toContain('Probeer het later opnieuw');
    expect(html).toContain(`Bel ons dan op ${PHONE}`);
    expect(html).toMatch(/<a class="utrecht-link" href="\/verlengen\/gegevens">Terug naar uw gegevens<\/a>/);
    expect(html).not.toContain('Er ging iets mis');
    // The way back still leads to the resident's own data, so they can try again.
    expect((await browser.get('/verlengen/gegevens')).status).toBe(200);
  });
});

describe('a wrong code on the website', () => {
  it('when the resident types a code that does not work, then the field still holds what they typed', async () => {
    const baseUrl = await startApp(null);

    const page = await new FormClient(baseUrl).post('/verlengen', { code: 'k7m4q 9txab' });

    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/<input[^>]*id="code"[^>]*value="k7m4q 9txab"/s);
  });
});

describe('the code in the letter and the example on the page', () => {
  it('when a real letter is made, then its code has the form of the example the code page shows and the letter previews use', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-25' });
    const page = await (await fetch(`${site.baseUrl}/verlengen`)).text();
    const shape = (code: string) => code.replace(/[A-Z0-9]/g, 'X');

    expect(page).toContain(`Bijvoorbeeld: ${exampleConfirmationCode}.`);
    expect(shape(letter.code)).toBe('XXXXX-XXXXX');
    expect(shape(exampleConfirmationCode)).toBe(shape(letter.code));
  });
});
