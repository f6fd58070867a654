import { createStaffAccount } from '../../src/staff/accounts';
import { expectNoAccessibilityViolations, screenshot, toNextPage, useBrowser } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { depsWithoutEngine, serveApp, type ServedApp } from '../support/web-app';

/**
 * The case worker's inbox as a browser shows it when no engine is connected (the only way it can
 * be shown in this workplace; with an engine, tests/process/exception-inbox.test.ts scans it).
 */
const now = new Date('2026-11-25T09:00:00Z');
const PASSWORD = 'oranje-Tram-naar-het-strand-2';
const EMAIL = 'behandelaar@voorbeeldstad.nl';
const browser = useBrowser();
let database: TestDatabase;
let app: ServedApp;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await createStaffAccount(
    database.db,
    { email: EMAIL, displayName: 'Kim Behandelaar', role: 'CASE_WORKER', password: PASSWORD },
    'test',
    now,
  );
  app = await serveApp(await depsWithoutEngine(database, () => now));
  baseUrl = app.baseUrl;
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const MESSAGE = {
  nl: 'De procesengine is niet verbonden; taken zijn nu niet te zien.',
  en: 'The process engine is not connected; tasks cannot be shown right now.',
};

describe.each(['nl', 'en'] as const)('inbox without an engine, in %s', (locale) => {
  it('when a case worker opens the inbox, then it says the engine is not connected (503), axe finds no WCAG 2.1 A/AA violations and it fits 320 px', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/medewerkers/taken?lang=${locale}`);
    await page.getByLabel(/E-mailadres|E-mail address/).fill(EMAIL);
    await page.getByLabel(/Wachtwoord|Password/).fill(PASSWORD);
    await toNextPage(page, page.locator('main form button[type=submit]'));

    const response = await page.goto(`${baseUrl}/medewerkers/taken`);
    await screenshot(page, `${locale}-inbox-no-engine`);

    expect(response?.status()).toBe(503);
    expect(new URL(page.url()).pathname).toBe('/medewerkers/taken');
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    expect(await page.getByRole('status').innerText()).toContain(MESSAGE[locale]);
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.locator('nav a[aria-current="page"]').getAttribute('href')).toBe('/medewerkers/taken');
    await expectNoAccessibilityViolations(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
  });
});
