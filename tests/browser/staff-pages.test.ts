import type { Page } from 'playwright-core';
import type { StaffRole } from '../../src/db/client';
import { setRenewalStatus } from '../../src/renewals/status';
import { createStaffAccount } from '../../src/staff/accounts';
import { expectNoAccessibilityViolations, screenshot, toNextPage, useBrowser } from '../support/browser';
import { focusSkipLink } from '../support/focus-contrast';
import { until } from '../support/until';
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
    'when the $name page is opened, then axe finds no WCAG 2.1 A/AA violations at 1024 and at 320 px wide, and it fits the narrow screen',
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
      // At 320 px wide tables scroll in their own region: axe checks that a keyboard can reach and scroll it.
      await expectNoAccessibilityViolations(page);
    },
  );
});

describe('staff tables on a narrow screen', () => {
  it('when the overview is 320 px wide, then each table that does not fit scrolls in a named region a keyboard user can focus and scroll', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await signIn(page, 'proces@voorbeeldstad.nl');
    await page.goto(`${baseUrl}/medewerkers/overzicht`);
    // Widths are measured on the final layout, with the theme's fonts in place.
    await page.evaluate('document.fonts.ready.then(() => true)');

    // A service's section is a region of its own; the scrolling regions are those that hold a table.
    const regions = page.getByRole('region').filter({ has: page.locator(':scope > table') });
    const tables = await page.locator('main table').count();
    expect(await regions.count()).toBe(tables);
    const wide = [];
    for (let i = 0; i < tables; i++) {
      const region = regions.nth(i);
      expect(await region.getAttribute('tabindex')).toBe('0');
      // Named by its table's caption, so a screen reader says which table the focus is in.
      const caption = await page.locator(`main caption#${await region.getAttribute('aria-labelledby')}`).textContent();
      expect(caption?.trim()).toBeTruthy();
      const sizes = await region.evaluate((el: { scrollWidth: number; clientWidth: number }) => ({
        scroll: el.scrollWidth,
        client: el.clientWidth,
      }));
      if (sizes.scroll > sizes.client) wide.push(region);
    }
    expect(wide.length).toBeGreaterThan(0);
    const region = wide[0]!;
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // Chromium scrolls smoothly, so the position moves over a few frames.
    const scrolled = await until(
      'the focused table to scroll sideways',
      () => region.evaluate((el: { scrollLeft: number }) => el.scrollLeft > 0),
      5_000,
    );
    expect(scrolled).toBe(true);
  });

  it('when the first Tab on a staff page focuses the skip link, then it is on screen with at least 4.5:1 text contrast, standing out 3:1 from the page', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await signIn(page, 'beheer@voorbeeldstad.nl');
    for (const path of ['/medewerkers/overzicht', '/medewerkers/beheer']) {
      await page.goto(`${baseUrl}${path}`);
      const skip = await focusSkipLink(page);
      expect(skip.onScreen).toBe(true);
      expect(skip.textContrast).toBeGreaterThanOrEqual(4.5);
      expect(skip.indicatorContrast).toBeGreaterThanOrEqual(3);
    }
  });
});
