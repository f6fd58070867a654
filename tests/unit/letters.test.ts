import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pdfParse from 'pdf-parse';
import { InvalidDataError } from '../../src/errors';
import { formatLetterDate } from '../../src/letters/dates';
import { exampleConfirmationCode, exampleDate, exampleRecipient, exampleSender, letterExample } from '../../src/letters/examples';
import { createLetterRenderer, renderLetter, type LetterInput } from '../../src/letters/render';
import {
  createLetterTemplates,
  LETTER_LOCALES,
  LETTER_TEMPLATES,
  LetterTemplateError,
  type LetterTemplateName,
} from '../../src/letters/templates';
import { formatCode, normaliseCode } from '../../src/renewals/confirmation-code';
import { translator } from '../../src/web/i18n';

const reference = 'GPK-2026-000123';

function input(template: LetterTemplateName, locale: 'nl' | 'en', overrides: Partial<LetterInput> = {}): LetterInput {
  return {
    template,
    locale,
    sender: exampleSender,
    recipient: exampleRecipient,
    reference,
    date: exampleDate,
    data: letterExample(template, locale),
    ...overrides,
  };
}

/** pdf-parse puts a line break wherever the layout wrapped; compare text with single spaces. */
async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parsed = await pdfParse(pdf);
  return { text: parsed.text.replace(/\u2060/g, '').replace(/\s+/g, ' '), pages: parsed.numpages };
}

interface TextRun {
  text: string;
  font: string;
  size: number;
  y: number;
}

/** The runs of text on the first page with their font and size, as a reader's eye sees them set apart. */
async function textRuns(pdf: Buffer): Promise<TextRun[]> {
  const runs: TextRun[] = [];
  await pdfParse(pdf, {
    max: 1,
    pagerender: async (page: {
      getTextContent(): Promise<{ items: { str: string; fontName: string; transform: number[] }[] }>;
    }) => {
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (item.str.trim() === '') continue;
        runs.push({
          text: item.str,
          font: item.fontName,
          size: Math.hypot(item.transform[0]!, item.transform[1]!),
          y: item.transform[5]!,
        });
      }
      return '';
    },
  });
  return runs;
}

describe('letters', () => {
  const cases = LETTER_TEMPLATES.flatMap((template) => LETTER_LOCALES.map((locale) => [template, locale] as const));

  it.each(cases)(
    'when %s is rendered in %s with its example data, then the PDF shows the name, the key date and our reference',
    async (template, locale) => {
      const data = letterExample(template, locale);
      // A renewal's key date is the card's expiry; an offer's is the day to answer by, a grant's its
      // date; a parking place's the day it is withdrawn, or the day of the decree that keeps it; a
      // participation offer's the last day the money may be used.
      const keyDate = (data.newExpiresOn ??
        data.expiresOn ??
        data.remittedOn ??
        data.withdrawnOn ??
        data.usableUntil ??
        (data.place as { decreedOn?: Date } | undefined)?.decreedOn ??
        (data.confirmation as { deadline?: Date } | undefined)?.deadline) as Date;

      const letter = await renderLetter(input(template, locale, { data }));

      const { text } = await pdfText(letter.pdf);
      expect(text).toContain(exampleRecipient.name);
      expect(text).toContain(exampleRecipient.addressLines[0]);
      expect(text).toContain(formatLetterDate(keyDate, locale));
      expect(text).toContain(reference);
      expect(text).toContain(letter.subject);
      expect(text).toContain(locale === 'nl' ? 'Ons kenmerk' : 'Our reference');
      expect(text).toContain(exampleSender.signatoryName);
      expect(letter.text).toContain(formatLetterDate(keyDate, locale));
      // B1: a GPK letter explains the card in plain words.
      if (locale === 'nl' && template.startsWith('gpk/')) expect(text).toContain('parkeerkaart voor mensen met een handicap');
    },
  );

  it('when a letter is rendered, then its fonts are embedded in the PDF', async () => {
    const letter = await renderLetter(input('gpk/renewed', 'nl'));

    const pdf = letter.pdf.toString('latin1');
    expect(pdf).toContain('/FontFile2');
    expect(pdf).toContain('DejaVuSans');
    // A font without an embedded file would be one of the PDF standard fonts.
    expect(pdf).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
  });

  it('when the same letter is rendered twice, then both PDFs are identical', async () => {
    const first = await renderLetter(input('gpk/confirm-request', 'en'));
    const second = await renderLetter(input('gpk/confirm-request', 'en'));

    expect(first.pdf.equals(second.pdf)).toBe(true);
  });

  it('when a letter runs over one page, then every page is numbered; a one-page letter has no number', async () => {
    const longReason = Array.from({ length: 40 }, (_, i) => `Dit is zin ${i + 1} van de uitleg van de medewerker.`).join(' ');
    const long = await renderLetter(
      input('gpk/renewal-stopped', 'nl', { data: { ...letterExample('gpk/renewal-stopped', 'nl'), reason: longReason } }),
    );
    const short = await renderLetter(input('gpk/renewal-notice', 'nl'));

    const longText = await pdfText(long.pdf);
    expect(longText.pages).toBeGreaterThan(1);
    expect(longText.text).toContain(`Pagina 1 van ${longText.pages}`);
    expect(longText.text).toContain(`Pagina ${longText.pages} van ${longText.pages}`);
    const shortText = await pdfText(short.pdf);
    expect(shortText.pages).toBe(1);
    expect(shortText.text).not.toContain('Pagina');
  });

  describe('the letter asking the resident to confirm', () => {
    const confirmCases = LETTER_LOCALES.map((locale) => [locale] as const);

    it.each(confirmCases)('when it is rendered in %s, then everything, signature included, fits on one page', async (locale) => {
      const letter = await renderLetter(input('gpk/confirm-request', locale));

      const { text, pages } = await pdfText(letter.pdf);
      expect(pages).toBe(1);
      expect(text).toContain(exampleSender.signatoryRole);
    });

    it.each(confirmCases)(
      'when it is rendered in %s for a resident with a long name and a three-line address, then it still fits on one page',
      async (locale) => {
        const example = letterExample('gpk/confirm-request', locale);
        const addressLines = ['p/a Zorgcentrum De Lindenhof', 'Burgemeester van Walsumweg 112 bis', '9999 AA  VOORBEELDSTAD'];
        const data = {
          ...example,
          resident: {
            name: 'A.B.C.W. van der Berg-Şahin',
            fullName: 'Anna Berber Catharina Wilhelmina van der Berg-Şahin',
            addressLines,
          },
        };

        const letter = await renderLetter(
          input('gpk/confirm-request', locale, { data, recipient: { name: 'A.B.C.W. van der Berg-Şahin', addressLines } }),
        );

        expect((await pdfText(letter.pdf)).pages).toBe(1);
      },
    );

    it.each([
      ['gpk/confirm-request', 'nl'],
      ['gpk/confirm-request', 'en'],
      ['gpk/confirm-reminder', 'nl'],
    ] as const)(
      'when %s is rendered in %s, then the personal code stands on a line of its own, larger and bold',
      async (template, locale) => {
        const letter = await renderLetter(input(template, locale));

        const runs = await textRuns(letter.pdf);
        const code = runs.find((run) => run.text.includes(exampleConfirmationCode));
        const body = runs.find((run) => run.text.startsWith(locale === 'nl' ? 'Beste ' : 'Dear '));
        expect(code?.text.trim()).toBe(exampleConfirmationCode);
        expect(code!.size).toBeGreaterThanOrEqual(body!.size * 1.4);
        expect(code!.font).not.toBe(body!.font);
        expect(runs.filter((run) => Math.abs(run.y - code!.y) < 1)).toEqual([code]);
      },
    );
  });

  it('when the example letters show a personal code, then it has the format real codes have, and the web page hint shows the same', () => {
    expect(normaliseCode(exampleConfirmationCode)).toHaveLength(10);
    expect(formatCode(normaliseCode(exampleConfirmationCode))).toBe(exampleConfirmationCode);
    expect(normaliseCode(exampleConfirmationCode)).not.toMatch(/[ILOU01]/);
    for (const locale of LETTER_LOCALES) {
      expect(letterExample('gpk/confirm-request', locale).confirmation).toMatchObject({ code: exampleConfirmationCode });
      expect(translator(locale)('code.hint')).toContain(exampleConfirmationCode);
    }
  });

  it('when any letter gives a last day of validity, then it says "tot en met" (Dutch) or "up to and including" (English)', async () => {
    for (const [template, locale] of cases) {
      const { text } = await pdfText((await renderLetter(input(template, locale))).pdf);

      if (locale === 'nl') expect(text).not.toMatch(/geldig tot (?!en met)/i);
      else expect(text).not.toMatch(/valid until/i);
    }
  });

  it('when dates are written, then they read as the Dutch calendar day, in words', () => {
    // 23:30 UTC on 30 November is already 1 December in Amsterdam.
    const lateEvening = new Date('2026-11-30T23:30:00Z');

    expect(formatLetterDate(lateEvening, 'nl')).toBe('1 december 2026');
    expect(formatLetterDate(lateEvening, 'en')).toBe('1 December 2026');
  });

  it('when the address has more lines than the envelope window holds, then the letter is refused', async () => {
    const recipient = { name: 'A. Jansen', addressLines: ['a', 'b', 'c', 'd', 'e', 'f'] };

    await expect(renderLetter(input('gpk/renewed', 'nl', { recipient }))).rejects.toThrow(InvalidDataError);
  });

  describe('with templates written by hand', () => {
    let dir: string;

    beforeEach(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-templates-'));
      await mkdir(path.join(dir, 'gpk'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    async function renderWith(source: string): Promise<unknown> {
      await writeFile(path.join(dir, 'gpk/renewed.nl.hbs'), source);
      return createLetterRenderer({ templatesDir: dir })(input('gpk/renewed', 'nl'));
    }

    it('when a template uses a variable the data lacks, then rendering fails naming the template and the variable', async () => {
      const rendering = renderWith('subject: Test\n\nBeste {{resident.name}},\n\nUw bijnaam is {{resident.nickname}}.\n');

      await expect(rendering).rejects.toThrow(LetterTemplateError);
      await expect(rendering).rejects.toThrow(/gpk\/renewed\.nl\.hbs.*"resident\.nickname".*line 5/);
    });

    it('when a template passes a missing variable to a helper, then rendering fails naming the template and the variable', async () => {
      const rendering = renderWith('subject: Test\n\nGeldig tot {{formatDate cardEndsOn}}.\n');

      await expect(rendering).rejects.toThrow(/gpk\/renewed\.nl\.hbs.*\{\{formatDate cardEndsOn\}\}.*line 3/);
    });

    it('when a template has an unclosed {{#if}}, then it fails with a clear error naming the template', async () => {
      const rendering = renderWith('subject: Test\n\n{{#if card.kind}}\nU hebt een kaart.\n');

      await expect(rendering).rejects.toThrow(LetterTemplateError);
      await expect(rendering).rejects.toThrow(
        /gpk\/renewed\.nl\.hbs: does not compile: Parse error on line \d.*block is not closed/s,
      );
    });

    it('when a template lacks its subject line, then it fails saying so', async () => {
      const rendering = renderWith('Beste {{resident.name}},\n');

      await expect(rendering).rejects.toThrow(/gpk\/renewed\.nl\.hbs: the first line must be "subject: /);
    });

    it('when a template in the folder is broken, then checking all templates reports that file', async () => {
      await writeFile(path.join(dir, 'gpk/renewed.nl.hbs'), 'subject: Test\n\n{{#each}}\n');

      expect(() => createLetterTemplates(dir).checkAll()).toThrow(/gpk\/renewed\.nl\.hbs/);
    });
  });

  it('when all shipped templates are checked, then every one compiles', () => {
    expect(() => createLetterTemplates().checkAll()).not.toThrow();
  });
});
