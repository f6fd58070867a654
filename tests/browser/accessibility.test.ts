import type { BrowserContext, Page } from 'playwright-core';
import { expectNoAccessibilityViolations, screenshot, toNextPage, useBrowser } from '../support/browser';
import { focusSkipLink } from '../support/focus-contrast';
import { startResidentSite, type ResidentSite } from '../support/resident-site';

const now = new Date('2026-11-25T09:00:00Z');
const browser = useBrowser();
let site: ResidentSite;
/** Cookies of a resident who entered a valid code, so each page test can start signed in. */
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;

beforeAll(async () => {
  site = await startResidentSite(now);
  const letter = await site.confirmationLetter({ expiresOn: '2026-12-20', surname: 'Bakker' });
  const page = await browser.newPage();
  await page.goto(`${site.baseUrl}/verlengen`);
  await page.locator('#code').fill(letter.code);
  await toNextPage(page, page.locator('form button[type=submit]'));
  signedIn = await page.context().storageState();
});

afterAll(async () => {
  await site?.stop();
});

type Locale = 'nl' | 'en';

interface SitePage {
  name: string;
  /** The path the resident ends up on; a redirect elsewhere would mean the wrong page was scanned. */
  path: string;
  signedIn?: boolean;
  /** Pages that show a form error must show it. */
  showsError?: boolean;
  open(page: Page, url: (path: string) => string): Promise<unknown>;
}

const submit = (page: Page) => toNextPage(page, page.locator('main form button[type=submit]'));

const PAGES: SitePage[] = [
  { name: 'code', path: '/verlengen', open: (page, url) => page.goto(url('/verlengen')) },
  {
    name: 'code-error',
    path: '/verlengen',
    showsError: true,
    async open(page, url) {
      await page.goto(url('/verlengen'));
      await page.locator('#code').fill('ABCDE-FGHJK');
      await submit(page);
    },
  },
  { name: 'details', path: '/verlengen/gegevens', signedIn: true, open: (page, url) => page.goto(url('/verlengen/gegevens')) },
  { name: 'change', path: '/verlengen/wijziging', signedIn: true, open: (page, url) => page.goto(url('/verlengen/wijziging')) },
  {
    name: 'change-error',
    path: '/verlengen/wijziging',
    signedIn: true,
    showsError: true,
    async open(page, url) {
      await page.goto(url('/verlengen/wijziging'));
      await submit(page);
    },
  },
  { name: 'decline', path: '/verlengen/afzien', signedIn: true, open: (page, url) => page.goto(url('/verlengen/afzien')) },
  {
    name: 'opt-out',
    path: '/verlengen/geen-contact',
    signedIn: true,
    open: (page, url) => page.goto(url('/verlengen/geen-contact')),
  },
  {
    name: 'receipt',
    path: '/verlengen/ontvangen',
    async open(page, url) {
      const letter = await site.confirmationLetter({ expiresOn: '2026-12-21' });
      await page.goto(url('/verlengen'));
      await page.locator('#code').fill(letter.code);
      await submit(page);
      await submit(page);
    },
  },
  { name: 'accessibility-statement', path: '/toegankelijkheid', open: (page, url) => page.goto(url('/toegankelijkheid')) },
  { name: 'not-found', path: '/bestaat-niet', open: (page, url) => page.goto(url('/bestaat-niet')) },
  { name: 'staff-sign-in', path: '/medewerkers/inloggen', open: (page, url) => page.goto(url('/medewerkers/inloggen')) },
];

describe.each<Locale>(['nl', 'en'])('pages in %s', (locale) => {
  it.each(PAGES)(
    'when the $name page is opened, then axe finds no WCAG 2.1 A/AA violations and it fits a 320 px wide screen',
    async (sitePage) => {
      const page = await browser.newPage(sitePage.signedIn ? { storageState: signedIn } : {});

      await sitePage.open(page, (path) => `${site.baseUrl}${path}?lang=${locale}`);
      await screenshot(page, `${locale}-${sitePage.name}`);

      expect(new URL(page.url()).pathname).toBe(sitePage.path);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await page.getByRole('alert').count()).toBe(sitePage.showsError ? 1 : 0);
      await expectNoAccessibilityViolations(page);
      // WCAG 1.4.10 (reflow), which axe does not check: no sideways scrolling at 320 CSS pixels.
      await page.setViewportSize({ width: 320, height: 640 });
      await screenshot(page, `${locale}-${sitePage.name}-320`);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    },
  );
});

describe.each([
  [1280, 'nl'],
  [320, 'en'],
] as const)('keyboard focus at %i px (%s)', (width, locale) => {
  it.each(['/verlengen', '/verlengen/gegevens', '/toegankelijkheid', '/medewerkers/inloggen'])(
    'when the first Tab on %s focuses the skip link, then it is on screen, its text has at least 4.5:1 contrast and it stands out at least 3:1 from the page',
    async (path) => {
      const page = await browser.newPage({ storageState: signedIn, viewport: { width, height: 640 } });
      await page.goto(`${site.baseUrl}${path}?lang=${locale}`);

      const skip = await focusSkipLink(page);
      await screenshot(page, `${locale}-skip-link-${width}-${path.replace(/\//g, '-')}`);

      expect(skip.text).toBe(locale === 'nl' ? 'Naar de inhoud' : 'Skip to content');
      expect(skip.onScreen).toBe(true);
      expect(skip.textContrast).toBeGreaterThanOrEqual(4.5);
      expect(skip.indicatorContrast).toBeGreaterThanOrEqual(3);
    },
  );
});

describe('required fields', () => {
  /** The textarea's border colour, and that of a copy that is not required, as the page draws them. */
  const borders = (page: Page) =>
    page.evaluate<{ field: string; plain: string }>(`(() => {
      const field = document.querySelector('#text');
      const plain = field.cloneNode();
      plain.removeAttribute('required');
      plain.id = 'plain-copy';
      field.parentElement.append(plain);
      const colours = { field: getComputedStyle(field).borderColor, plain: getComputedStyle(plain).borderColor };
      plain.remove();
      return colours;
    })()`);

  it('when the change form opens, then its required field does not look invalid until the resident has used it', async () => {
    const page = await browser.newPage({ storageState: signedIn });
    await page.goto(`${site.baseUrl}/verlengen/wijziging`);

    const untouched = await borders(page);
    await page.locator('#text').fill('x');
    await page.locator('#text').fill('');
    await page.locator('#text').blur();
    const used = await borders(page);

    expect(untouched.field).toBe(untouched.plain);
    expect(used.field).not.toBe(used.plain);
  });
});
