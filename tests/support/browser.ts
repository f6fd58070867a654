import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';

/** Debian's Chromium: playwright's own browser download cannot reach its CDN from our machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'var', 'test-artifacts', 'screenshots');

/** What Dutch government sites must meet: WCAG 2.1 level A and AA (which includes 2.0 A and AA). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Well below jest's 30 s per test, so a missing element fails with playwright's message, not a bare timeout. */
const ACTION_TIMEOUT_MS = 10_000;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests drive Debian's Chromium at ${CHROMIUM_PATH}, which is missing; run: apt-get install chromium`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/**
 * One browser for a test file (starting Chromium is the slow part) and a fresh context, so
 * fresh cookies, for every page a test opens; the contexts are closed after each test.
 */
export function useBrowser(defaults: BrowserContextOptions = {}) {
  let browser: Browser | undefined;
  const open: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    async newPage(options: BrowserContextOptions = {}): Promise<Page> {
      if (!browser) throw new Error('The browser is not running: call newPage in a test or a hook after useBrowser().');
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, ...defaults, ...options });
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      open.push(context);
      return context.newPage();
    },
  };
}

/**
 * Does what leaves a page (follows a link, submits a form, presses Enter in it) and waits until
 * the next page has loaded; playwright's click does not wait for the navigation it starts.
 */
export async function toNextPage(page: Page, action: Locator | (() => Promise<unknown>)): Promise<void> {
  await Promise.all([page.waitForEvent('load'), typeof action === 'function' ? action() : action.click()]);
}

/** Runs axe-core on the page as it is now and fails with every WCAG 2.1 A/AA violation, one per line. */
export async function expectNoAccessibilityViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(WCAG_TAGS)
    .options({ resultTypes: ['violations'] })
    .analyze();
  if (violations.length === 0) return;
  const lines = violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `- ${violation.id} (${violation.impact ?? node.impact ?? 'unknown impact'}) at ${node.target.join(' ')}: ${violation.help}`,
    ),
  );
  throw new Error(`axe found ${lines.length} accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`);
}

/** Writes a full-page screenshot to var/test-artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
