import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { exampleDate, exampleRecipient, letterExample } from '../letters/examples';
import { createLetterRenderer } from '../letters/render';
import { catalogueFile, letterSender, loadCatalogue } from '../service-catalogue';
import { createLetterTemplates, LETTER_LOCALES, LETTER_TEMPLATES, LetterTemplateError } from '../letters/templates';

/**
 * `npm run letters:preview`: renders every letter template in Dutch and English with its example
 * data (src/letters/examples.ts) and this municipality's settings into var/letter-previews/, as
 * PDF and as plain text, so a process owner can read a letter after editing its template.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const outDir = path.resolve('var', 'letter-previews');
  try {
    createLetterTemplates().checkAll();
  } catch (err) {
    if (!(err instanceof LetterTemplateError)) throw err;
    console.error(err.message);
    return 1;
  }
  const render = createLetterRenderer();
  const catalogue = loadCatalogue(catalogueFile(config));
  await mkdir(outDir, { recursive: true });
  for (const template of LETTER_TEMPLATES) {
    for (const locale of LETTER_LOCALES) {
      const letter = await render({
        template,
        locale,
        sender: letterSender(config, catalogue.entry(template.split('/')[0]!)),
        recipient: exampleRecipient,
        reference: 'GPK-2026-000123',
        date: exampleDate,
        data: letterExample(template, locale),
      });
      const base = path.join(outDir, `${template}.${locale}`);
      await mkdir(path.dirname(base), { recursive: true });
      await writeFile(`${base}.pdf`, letter.pdf);
      await writeFile(`${base}.txt`, `${letter.subject}\n\n${letter.text}\n`);
      console.log(path.relative(process.cwd(), `${base}.pdf`));
    }
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
