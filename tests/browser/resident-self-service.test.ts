import type { Page } from 'playwright-core';
import { toNextPage, useBrowser } from '../support/browser';
import { createPermit } from '../support/fixtures';
import { importHolder } from '../support/renewal-world';
import { startResidentSite, type ResidentSite } from '../support/resident-site';

const now = new Date('2026-11-25T09:00:00Z');
const browser = useBrowser();
let site: ResidentSite;

beforeAll(async () => {
  site = await startResidentSite(now);
});

afterAll(async () => {
  await site?.stop();
});

// Code attempts are counted per client address in the shared database, and every browser here is 127.0.0.1.
beforeEach(async () => {
  await site.db.attemptCounter.deleteMany();
});

/** Waits for the page whose heading is `title` and returns what the resident reads in its main part. */
async function pageTitled(page: Page, title: string): Promise<string> {
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  return page.locator('main').innerText();
}

async function enterCode(page: Page, code: string, label = 'Persoonlijke code', submit = 'Verder'): Promise<void> {
  await page.getByLabel(label).fill(code);
  await toNextPage(page, page.getByRole('button', { name: submit }));
}

/** The code as someone might type it from paper: lower case, a space instead of the dash. */
const typedFromPaper = (code: string) => code.toLowerCase().replace('-', ' ');

describe('a resident answers the confirmation letter on the website', () => {
  it('when the resident enters the code from the letter and confirms, then they see their data and a receipt, the process is told once and a contact moment is recorded', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-20', surname: 'Bakker' });
    const page = await browser.newPage();

    await page.goto(`${site.baseUrl}/verlengen`);
    await enterCode(page, typedFromPaper(letter.code));
    const details = await pageTitled(page, 'Kloppen deze gegevens?');
    await toNextPage(page, page.getByRole('button', { name: 'Ja, alles klopt' }));
    const receipt = await pageTitled(page, 'Bedankt, wij hebben uw antwoord');

    expect(details).toContain('Anna Bakker');
    expect(details).toMatch(/Dorpsstraat \d+\s+9999 AA\s+VOORBEELDSTAD/);
    expect(details).toContain('Bestuurderskaart');
    expect(details).toMatch(/geldig vanaf\s+20 december 2026/);
    expect(details).toMatch(/geldig tot en met\s+20 december 2031/);
    expect(receipt).toContain('U hebt bevestigd dat uw gegevens kloppen');
    expect(receipt).toContain('Ontvangen op: 25 november 2026');
    expect(site.published.filter((p) => p.renewalId === letter.renewalId)).toEqual([
      { renewalId: letter.renewalId, response: 'confirmed', report: undefined },
    ]);
    expect(await site.db.contactMoment.findMany({ where: { renewalId: letter.renewalId } })).toEqual([
      expect.objectContaining({ channel: 'web', subject: 'resident-confirmed' }),
    ]);
  });

  it('when the resident reports a change with a category and text, then they get a receipt and the report reaches the process', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-21' });
    const page = await browser.newPage();

    await page.goto(`${site.baseUrl}/verlengen`);
    await enterCode(page, letter.code);
    await pageTitled(page, 'Kloppen deze gegevens?');
    await toNextPage(page, page.getByRole('link', { name: 'Er klopt iets niet' }));
    await pageTitled(page, 'Wat klopt er niet?');
    await page.getByRole('radio', { name: 'Mijn adres' }).check();
    await page.getByLabel('Vertel ons wat er anders is').fill('Ik woon sinds oktober op Dorpsstraat 14.');
    await toNextPage(page, page.getByRole('button', { name: 'Versturen' }));
    const receipt = await pageTitled(page, 'Bedankt, wij hebben uw antwoord');

    expect(receipt).toContain('Een medewerker neemt binnen 10 werkdagen contact met u op');
    expect(site.published.filter((p) => p.renewalId === letter.renewalId)).toEqual([
      { renewalId: letter.renewalId, response: 'reported-change', report: 'address: Ik woon sinds oktober op Dorpsstraat 14.' },
    ]);
  });

  it('when the resident reports a change without saying what, then the form asks for it and nothing is sent', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-22' });
    const page = await browser.newPage();

    await page.goto(`${site.baseUrl}/verlengen`);
    await enterCode(page, letter.code);
    await toNextPage(page, page.getByRole('link', { name: 'Er klopt iets niet' }));
    await toNextPage(page, page.getByRole('button', { name: 'Versturen' }));

    expect(await page.getByRole('alert').innerText()).toBe('Vul in wat er anders is.');
    expect(await page.getByLabel('Vertel ons wat er anders is').getAttribute('aria-invalid')).toBe('true');
    expect(site.published.filter((p) => p.renewalId === letter.renewalId)).toEqual([]);
  });

  it('when the resident asks for no more letters, then they get a receipt and the next scan leaves their other card alone', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-23' });
    const page = await browser.newPage();

    await page.goto(`${site.baseUrl}/verlengen`);
    await enterCode(page, letter.code);
    await toNextPage(page, page.getByRole('link', { name: 'Ik wil geen brieven meer voordat mijn kaart verloopt' }));
    await pageTitled(page, 'Geen brieven meer vooraf');
    await toNextPage(page, page.getByRole('button', { name: 'Ja, stuur mij geen brieven meer vooraf' }));
    const receipt = await pageTitled(page, 'Bedankt, wij hebben uw antwoord');

    const secondCard = await createPermit(site.db, letter.residentId, {
      validFrom: new Date('2022-01-10'),
      expiresOn: new Date('2027-01-10'),
    });
    const otherResident = await importHolder(site.db, { expiresOn: '2027-01-10' });
    await site.scan();

    expect(receipt).toContain('Wij sturen u geen brieven meer voordat uw kaart verloopt');
    expect(await site.db.renewal.count({ where: { permitId: secondCard.id } })).toBe(0);
    expect(await site.db.renewal.count({ where: { permit: { number: otherResident.permitNumber } } })).toBe(1);
  });

  it('when the resident declines in a browser without JavaScript, then the flow still works and the process is told', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-24' });
    const page = await browser.newPage({ javaScriptEnabled: false });

    await page.goto(`${site.baseUrl}/verlengen`);
    await enterCode(page, letter.code);
    await toNextPage(page, page.getByRole('link', { name: 'Ik wil geen nieuwe kaart' }));
    await pageTitled(page, 'Geen nieuwe kaart');
    await toNextPage(page, page.getByRole('button', { name: 'Ja, ik wil geen nieuwe kaart' }));
    const receipt = await pageTitled(page, 'Bedankt, wij hebben uw antwoord');

    expect(receipt).toContain('U wilt geen nieuwe kaart');
    expect(site.published.filter((p) => p.renewalId === letter.renewalId)).toEqual([
      { renewalId: letter.renewalId, response: 'declined', report: undefined },
    ]);
  });
});

describe('codes reveal nothing', () => {
  it('when a made-up code and a code that was already answered are entered, then both get the same neutral message and no one is shown', async () => {
    const answered = await site.confirmationLetter({ expiresOn: '2026-12-28', surname: 'Visser' });
    const first = await browser.newPage();
    await first.goto(`${site.baseUrl}/verlengen`);
    await enterCode(first, answered.code);
    await toNextPage(first, first.getByRole('button', { name: 'Ja, alles klopt' }));
    await pageTitled(first, 'Bedankt, wij hebben uw antwoord');

    const page = await browser.newPage();
    await page.goto(`${site.baseUrl}/verlengen`);
    await enterCode(page, 'ABCDE-FGHJK');
    const madeUp = await page.getByRole('alert').innerText();
    await enterCode(page, answered.code);
    const used = await page.getByRole('alert').innerText();
    const shown = await pageTitled(page, 'Uw parkeerkaart verlengen');
    await page.goto(`${site.baseUrl}/verlengen/gegevens`);

    expect(madeUp).toBe(
      'Deze code kunnen wij niet gebruiken. Misschien is de code verkeerd overgetypt, al gebruikt of verlopen. Bel ons als het niet lukt.',
    );
    expect(used).toBe(madeUp);
    expect(shown).not.toContain('Visser');
    expect(shown).not.toContain('Dorpsstraat');
    expect(new URL(page.url()).pathname).toBe('/verlengen');
  });

  it('when someone keeps trying codes, then after ten attempts even a good code gets the wait-a-quarter message', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-29' });
    const instance = await site.startInstance();
    const page = await browser.newPage();

    await page.goto(`${instance}/verlengen`);
    for (let attempt = 1; attempt <= 10; attempt++) await enterCode(page, `WRONG-${String(attempt).padStart(5, 'A')}`);
    const beforeLimit = await page.getByRole('alert').innerText();
    await enterCode(page, letter.code);
    const shown = await page.locator('main').innerText();

    expect(beforeLimit).toContain('Deze code kunnen wij niet gebruiken');
    expect(shown).toContain('U hebt te vaak een code geprobeerd. Wacht een kwartier en probeer het dan opnieuw.');
    expect(new URL(page.url()).pathname).toBe('/verlengen');
    expect(site.published.filter((p) => p.renewalId === letter.renewalId)).toEqual([]);
  });
});

describe('keyboard and language', () => {
  it('when a keyboard user tabs from the top, then the skip link comes first and moves focus to the content, and the forms submit with Enter', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-30' });
    const page = await browser.newPage();
    const focused = page.locator(':focus');
    await page.goto(`${site.baseUrl}/verlengen`);

    await page.keyboard.press('Tab');
    const firstStop = await focused.innerText();
    const skipLinkBox = await focused.boundingBox();
    await page.keyboard.press('Enter');
    const afterSkip = await focused.getAttribute('id');
    await page.keyboard.press('Tab');
    const afterSkipTab = await focused.getAttribute('id');
    await page.keyboard.type(letter.code);
    await toNextPage(page, () => page.keyboard.press('Enter'));
    await pageTitled(page, 'Kloppen deze gegevens?');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const firstInDetails = await focused.innerText();
    await toNextPage(page, () => page.keyboard.press('Enter'));
    await pageTitled(page, 'Bedankt, wij hebben uw antwoord');

    expect(firstStop).toBe('Naar de inhoud');
    expect(skipLinkBox?.y).toBeGreaterThanOrEqual(0);
    expect(afterSkip).toBe('main');
    expect(afterSkipTab).toBe('code');
    expect(firstInDetails).toBe('Ja, alles klopt');
    expect(site.published.filter((p) => p.renewalId === letter.renewalId)).toEqual([
      { renewalId: letter.renewalId, response: 'confirmed', report: undefined },
    ]);
  });

  it('when the resident switches to English, then the next page is in English too', async () => {
    const letter = await site.confirmationLetter({ expiresOn: '2026-12-31' });
    const page = await browser.newPage();
    await page.goto(`${site.baseUrl}/verlengen`);

    await toNextPage(page, page.getByRole('link', { name: 'English' }));
    await pageTitled(page, 'Renew your parking card');
    await enterCode(page, letter.code, 'Personal code', 'Continue');
    const details = await pageTitled(page, 'Are these details correct?');

    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(details).toContain('Driver card');
    expect(details).toMatch(/New card valid up to and including\s+31 December 2031/);
    expect(await page.getByRole('link', { name: 'Nederlands' }).count()).toBe(1);
  });
});
