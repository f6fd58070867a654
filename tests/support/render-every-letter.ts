import { createHash } from 'node:crypto';

/**
 * Renders every letter template in both languages, twice over, and prints one hash of all the
 * PDFs and whether the fonts were shared. With "--fonts-per-letter" pdfkit loads first, so each
 * letter parses its own fonts, as pdfkit does by default. Run by tests/unit/letter-fonts.test.ts
 * in a plain Node process, because jest's module registry leaves the fonts unshared.
 */
async function main(): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports -- load order is the point here */
  if (process.argv.includes('--fonts-per-letter')) require('pdfkit');
  const { fontsShared } = require('../../src/letters/font-cache') as typeof import('../../src/letters/font-cache');
  const { createLetterRenderer } = require('../../src/letters/render') as typeof import('../../src/letters/render');
  const examples = require('../../src/letters/examples') as typeof import('../../src/letters/examples');
  const { LETTER_TEMPLATES, LETTER_LOCALES } =
    require('../../src/letters/templates') as typeof import('../../src/letters/templates');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const render = createLetterRenderer();
  const hash = createHash('sha256');
  for (let round = 0; round < 2; round++)
    for (const template of LETTER_TEMPLATES)
      for (const locale of LETTER_LOCALES) {
        const letter = await render({
          template,
          locale,
          sender: examples.exampleSender,
          recipient: examples.exampleRecipient,
          reference: 'GPK-000001-V',
          date: examples.exampleDate,
          data: examples.letterExample(template, locale),
        });
        hash.update(letter.pdf);
      }
  process.stdout.write(`${JSON.stringify({ fontsShared, sha256: hash.digest('hex') })}\n`);
}

void main();
