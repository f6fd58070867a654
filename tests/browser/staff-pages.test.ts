import type { Page } from 'playwright-core';
import type { StaffRole } from '../../src/db/client';
import { setRenewalStatus } from '../../src/renewals/status';
import { createStaffAccount } from '../../src/staff/accounts';
import { expectNoAccessibilityViolations, screenshot, toNextPage, useBrowser } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createRenewalWithHolder } from '../support/fixtures';
import { depsWithoutEngine, serveApp, type ServedApp } from '../support/web-app';

const now = new Date('2026-11-25T09:00:00Z');
const PASSWORD = 'blauwe-Fiets-op-de-dijk-4';
const browser = useBrowser();
let database: TestDatabase;
let app: ServedApp;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  for (const [email, role] of [
    ['beheer@voorbeeldstad.nl', 'ADMINISTRATOR'],
    ['proces@voorbeeldstad.nl', 'PROCESS_OWNER'],
    ['behandelaar@voorbeeldstad.nl', 'CASE_WORKER'],
  ] as [string, StaffRole][]) {
    await createStaffAccount(db, { email, displayName: `Sam ${role.toLowerCase()}`, role, password: PASSWORD }, 'test', now);
  }
  // Enough rows that every table on the overview has content.
  const done = (await createRenewalWithHolder(db)).renewal.id;
  await setRenewalStatus(db, done, 'COMPLETED', { outcome: 'renewed', reason: 'renewed', at: now });
  const open = (await createRenewalWithHolder(db)).renewal.id;
  await setRenewalStatus(db, open, 'EXCEPTION', { reason: 'MOVED_AWAY', at: new Date(now.getTime() - 3 * 86_400_000) });
  await db.scanRun.create({
    data: { id: 'gpk-2026-11-25', service: 'gpk', startedAt: now, finishedAt: now, examined: 240, created: 2 },
  });

  app = await serveApp(await depsWithoutEngine(database, () => now));
  baseUrl = app.baseUrl;
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/medewerkers/inloggen`);
  await page.getByLabel(/E-mailadres|E-mail address/).fill(email);
  await page.getByLabel(/Wachtwoord|Password/).fill(password);
  await toNextPage(page, page.locator('main form button[type=submit]'));
}

interface StaffPage {
  name: string;
  email?: string;
  path: string;
  status: 'ok' | 'error';
}

const PAGES: StaffPage[] = [
  { name: 'staff-sign-in-error', path: '/medewerkers/inloggen', status: 'error' },
  { name: 'staff-home', email: 'behandelaar@voorbeeldstad.nl', path: '/medewerkers', status: 'ok' },
  { name: 'staff-overview', email: 'proces@voorbeeldstad.nl', path: '/medewerkers/overzicht', status: 'ok' },
  { name: 'staff-accounts', email: 'beheer@voorbeeldstad.nl', path: '/medewerkers/beheer', status: 'ok' },
  { name: 'staff-forbidden', email: 'behandelaar@voorbeeldstad.nl', path: '/medewerkers/beheer', status: 'ok' },
];

describe.each(['nl', 'en'])('staff pages in %s', (locale) => {
  it.each(PAGES)(
    'when the $name page is opened, then axe finds no WCAG 2.1 A/AA violations and it fits a 320 px wide screen',
    async (staffPage) => {
      const page = await browser.newPage();
      await page.goto(`${baseUrl}/medewerkers/inloggen?lang=${locale}`);
      if (staffPage.email) {
        await signIn(page, staffPage.email);
        await page.goto(`${baseUrl}${staffPage.path}`);
      } else {
        await signIn(page, 'beheer@voorbeeldstad.nl', 'niet-het-goede-wachtwoord');
      }
      await screenshot(page, `${locale}-${staffPage.name}`);

      expect(new URL(page.url()).pathname).toBe(staffPage.path);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await page.getByRole('alert').count()).toBe(staffPage.status === 'error' ? 1 : 0);
      await expectNoAccessibilityViolations(page);
      await page.setViewportSize({ width: 320, height: 640 });
      await screenshot(page, `${locale}-${staffPage.name}-320`);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    },
  );
});
