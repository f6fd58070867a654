import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pdfParse from 'pdf-parse';
import PDFDocument from 'pdfkit';
import { exampleDate, exampleRecipient, exampleSender, findLetterExample } from '../../src/letters/examples';
import { layoutLetterPdf } from '../../src/letters/pdf';
import { createLetterRenderer, type LetterTemplateName } from '../../src/letters/render';
import { LETTER_LOCALES, type LetterBlock } from '../../src/letters/templates';
import {
  describeVerdict,
  FLAVOURS,
  loadVeraPdf,
  VERAPDF_DIR,
  type VeraPdf,
  type VeraPdfFlavour,
  type VeraPdfVerdict,
} from '../support/verapdf';

/*
 * The letters claim PDF/A-2a (archival) and PDF/UA-1 (accessible). veraPDF, the reference
 * validator, checks every template on disk in every language, so the claim stays true as
 * templates are added or changed. The templates are read from the folder, not from a list in
 * the code, so a new template is checked (or reported as lacking example data) from day one.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const TEMPLATES_DIR = path.join(ROOT, 'templates', 'letters');
const OUT_DIR = path.join(VERAPDF_DIR, 'letters');
const TEMPLATE_FILE = new RegExp(`^(.+)\\.(${LETTER_LOCALES.join('|')})\\.hbs$`);

const templateFiles = (readdirSync(TEMPLATES_DIR, { recursive: true, encoding: 'utf8' }) as string[])
  .map((file) => file.split(path.sep).join('/'))
  .filter((file) => file.endsWith('.hbs'))
  .sort();
const templateNames = [
  ...new Set(templateFiles.map((file) => TEMPLATE_FILE.exec(file)?.[1]).filter((name) => name !== undefined)),
];
const cases = templateNames.flatMap((name) => LETTER_LOCALES.map((locale) => [name, locale] as const));

/** What each case became: the PDF given to veraPDF, or why there is none. */
const rendered = new Map<string, { pdf?: string; problem?: string }>();
const verdicts = new Map<string, VeraPdfVerdict[]>();
const caseKey = (name: string, locale: string): string => `${name}.${locale}`;

/** A letter long enough for a second page: continuation header and page numbers are drawn then. */
function longLetterBlocks(): LetterBlock[] {
  const sentence = 'Dit is een zin in een lange brief, zodat de brief over meer dan een pagina loopt.';
  return [
    { kind: 'paragraph', text: Array.from({ length: 12 }, () => sentence).join(' ') },
    { kind: 'heading', text: 'Wat moet u doen?' },
    { kind: 'list', items: ['Eerste stap.', 'Tweede stap, met www.voorbeeldstad.nl/parkeerkaart erin.'] },
    { kind: 'highlight', text: 'K7M4 Q9TX AB' },
    ...Array.from({ length: 8 }, (): LetterBlock => ({ kind: 'paragraph', text: `${sentence} ${sentence} ${sentence}` })),
  ];
}

/** What the check must reject: text without tags, structure, language or PDF/UA identification. */
function untaggedPdf(): Promise<Buffer> {
  const doc = new PDFDocument({
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    font: path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'),
  });
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text('Beste bewoner, deze tekst heeft geen structuur.');
    doc.end();
  });
}

const LONG = 'long-letter.nl.pdf';
const UNTAGGED = 'untagged.pdf';
let veraPdf: VeraPdf;
let longLetterPages = 0;

beforeAll(async () => {
  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  const render = createLetterRenderer({ templatesDir: TEMPLATES_DIR });
  for (const [name, locale] of cases) {
    if (!existsSync(path.join(TEMPLATES_DIR, `${name}.${locale}.hbs`))) {
      rendered.set(caseKey(name, locale), {
        problem: `templates/letters/${name}.${locale}.hbs is missing: every letter is written in ${LETTER_LOCALES.join(' and ')}`,
      });
      continue;
    }
    const data = findLetterExample(name, locale);
    if (!data) {
      rendered.set(caseKey(name, locale), {
        problem: `templates/letters/${name}.${locale}.hbs has no example data: add "${name}" to LETTER_TEMPLATES (src/letters/templates.ts) and its data to letterExample (src/letters/examples.ts), so the letter can be previewed and checked`,
      });
      continue;
    }
    try {
      const letter = await render({
        template: name as LetterTemplateName,
        locale,
        sender: exampleSender,
        recipient: exampleRecipient,
        reference: 'GPK-2026-000123',
        date: exampleDate,
        data,
      });
      const pdf = path.join(OUT_DIR, `${name}.${locale}.pdf`);
      await mkdir(path.dirname(pdf), { recursive: true });
      await writeFile(pdf, letter.pdf);
      rendered.set(caseKey(name, locale), { pdf });
    } catch (err) {
      rendered.set(caseKey(name, locale), { problem: `rendering failed: ${(err as Error).message}` });
    }
  }
  const long = await layoutLetterPdf({
    locale: 'nl',
    sender: exampleSender,
    recipient: exampleRecipient,
    reference: 'GPK-2026-000123',
    date: exampleDate,
    subject: 'Een brief van meer dan een pagina',
    blocks: longLetterBlocks(),
  });
  longLetterPages = (await pdfParse(long)).numpages;
  await writeFile(path.join(OUT_DIR, LONG), long);
  await writeFile(path.join(OUT_DIR, UNTAGGED), await untaggedPdf());

  const started = Date.now();
  veraPdf = await loadVeraPdf();
  const files = [
    ...[...rendered.values()].flatMap(({ pdf }) => (pdf ? [pdf] : [])),
    path.join(OUT_DIR, LONG),
    path.join(OUT_DIR, UNTAGGED),
  ];
  // One JVM per flavour over all files; the two run side by side.
  const results = await Promise.all(
    (Object.keys(FLAVOURS) as VeraPdfFlavour[]).map((flavour) => veraPdf.validate(files, flavour)),
  );
  for (const verdict of results.flat()) verdicts.set(verdict.file, [...(verdicts.get(verdict.file) ?? []), verdict]);
  await writeFile(
    path.join(VERAPDF_DIR, 'letters-report.json'),
    `${JSON.stringify({ veraPdf: veraPdf.version, seconds: (Date.now() - started) / 1000, verdicts: results.flat() }, null, 2)}\n`,
  );
}, 300_000);

/** Every failed rule of both standards, one line each; empty when the PDF conforms to both. */
function failuresOf(pdf: string): string[] {
  const found = verdicts.get(pdf) ?? [];
  const missing = (Object.keys(FLAVOURS) as VeraPdfFlavour[])
    .filter((flavour) => !found.some((verdict) => verdict.flavour === flavour))
    .map((flavour) => `${FLAVOURS[flavour]}: not validated`);
  return [...missing, ...found.flatMap(describeVerdict)];
}

describe('letters checked by veraPDF', () => {
  it('when the templates folder is read, then every template is named <name>.<language>.hbs with a language Tijdig writes in', () => {
    const unnamed = templateFiles.filter((file) => !TEMPLATE_FILE.test(file));

    expect(unnamed).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)(
    'when %s is rendered in %s with its example data, then veraPDF finds no failed PDF/A-2a or PDF/UA-1 rule',
    (name, locale) => {
      const { pdf, problem } = rendered.get(caseKey(name, locale)) ?? { problem: 'not rendered' };

      expect(problem).toBeUndefined();
      expect(failuresOf(pdf!)).toEqual([]);
    },
  );

  it('when a letter runs over two pages, then its page numbers and continuation header keep it PDF/A-2a and PDF/UA-1', () => {
    expect(longLetterPages).toBeGreaterThan(1);
    expect(failuresOf(path.join(OUT_DIR, LONG))).toEqual([]);
  });

  it('when a PDF has no tags, then the check fails it and names the rules it breaks', () => {
    const failures = failuresOf(path.join(OUT_DIR, UNTAGGED));

    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PDF\/UA-1 rule ISO 14289-1:2014 7\.1-3 failed .*Artifact/),
        expect.stringMatching(/^PDF\/A-2a rule ISO 19005-2:2011 /),
      ]),
    );
  });
});
