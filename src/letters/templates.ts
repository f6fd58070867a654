import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { InvalidDataError } from '../errors';
import { formatLetterDate, type LetterLocale } from './dates';

/** Every letter Tijdig sends; each exists as `<name>.nl.hbs` and `<name>.en.hbs`. */
export const LETTER_TEMPLATES = [
  'gpk/renewed',
  'gpk/confirm-request',
  'gpk/confirm-reminder',
  'gpk/renewal-notice',
  'gpk/assessment-needed',
  'gpk/renewal-stopped',
  // Waste levy remission (src/services/remission/).
  'remission/granted',
  'remission/offer',
  'parking-permit/renewed',
  'parking-permit/renewal-notice',
  'parking-place/place-stays',
  'parking-place/place-withdrawn',
  // Children's participation offer (src/services/participation/).
  'participation/offer',
] as const;
export type LetterTemplateName = (typeof LETTER_TEMPLATES)[number];

export const LETTER_LOCALES = ['nl', 'en'] as const satisfies readonly LetterLocale[];

/** One block of a letter body, as the layout draws it. */
export type LetterBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  /** Something the reader must type over, such as the personal code: set apart on a line of its own. */
  | { kind: 'highlight'; text: string };

export interface FilledTemplate {
  subject: string;
  blocks: LetterBlock[];
}

/**
 * A template that cannot be used: it does not parse, lacks its subject line, or the letter data
 * lacks a variable it uses. Retrying will not help; the template or the data must be fixed.
 */
export class LetterTemplateError extends InvalidDataError {
  override name = 'LetterTemplateError';
  constructor(
    readonly templateFile: string,
    problem: string,
  ) {
    super(`Letter template ${templateFile}: ${problem}`);
  }
}

function findPackageRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** templates/letters of this checkout, found from this file so it works from src/ and dist/ alike. */
const DEFAULT_TEMPLATES_DIR = path.join(findPackageRoot(__dirname), 'templates', 'letters');

const SUBJECT_LINE = /^subject:[ \t]*(.*)$/i;

const cardKindWords: Record<LetterLocale, Record<string, string>> = {
  nl: {
    B: 'kaart voor bestuurders (B)',
    P: 'kaart voor passagiers (P)',
    BP: 'kaart voor bestuurders en passagiers (B+P)',
  },
  en: {
    B: 'driver card (B)',
    P: 'passenger card (P)',
    BP: 'driver and passenger card (B+P)',
  },
};

type HelperOptions = Handlebars.HelperOptions & {
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
};

/** Handlebars in strict mode does not check helper arguments, so the helpers refuse an empty one. */
class MissingHelperArgument extends Error {
  constructor(readonly loc: HelperOptions['loc']) {
    super('missing helper argument');
  }
}

function requireArgument(value: unknown, options: HelperOptions): void {
  if (value === undefined || value === null) throw new MissingHelperArgument(options.loc);
}

function createHandlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('formatDate', function (value: unknown, options: HelperOptions) {
    requireArgument(value, options);
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new Error(`formatDate got "${String(value)}", which is not a date`);
    return formatLetterDate(date, options.data.locale as LetterLocale);
  });
  // Amounts are kept in cents; a letter shows euros as the resident's language writes them.
  hb.registerHelper('euros', function (value: unknown, options: HelperOptions) {
    requireArgument(value, options);
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`euros got "${String(value)}"; expected cents`);
    const locale = options.data.locale as LetterLocale;
    const amount = (value / 100).toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    return locale === 'nl' ? `€ ${amount}` : `EUR ${amount}`;
  });
  hb.registerHelper('cardKind', function (value: unknown, options: HelperOptions) {
    requireArgument(value, options);
    const words = cardKindWords[options.data.locale as LetterLocale][String(value)];
    if (!words) throw new Error(`cardKind got "${String(value)}"; expected B, P or BP`);
    return words;
  });
  hb.registerHelper('join', function (value: unknown, separator: unknown, options: HelperOptions) {
    requireArgument(value, options);
    if (!Array.isArray(value)) throw new Error('join needs a list');
    return value.join(typeof separator === 'string' ? separator : ', ');
  });
  return hb;
}

/** Turns the filled-in text into blocks: see templates/letters/README.md for the format. */
function parseBody(body: string): LetterBlock[] {
  const blocks: LetterBlock[] = [];
  for (const chunk of body.split(/\n[ \t]*\n/)) {
    let lines = chunk
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const first = lines[0];
    if (first?.startsWith('# ')) {
      blocks.push({ kind: 'heading', text: first.slice(2).trim() });
      lines = lines.slice(1);
    }
    if (lines.length === 0) continue;
    if (lines.length === 1 && lines[0]!.startsWith('> ')) {
      blocks.push({ kind: 'highlight', text: lines[0]!.slice(2).trim() });
    } else if (lines.every((l) => l.startsWith('- '))) {
      blocks.push({ kind: 'list', items: lines.map((l) => l.slice(2).trim()) });
    } else {
      blocks.push({ kind: 'paragraph', text: lines.join(' ') });
    }
  }
  return blocks;
}

interface CompiledTemplate {
  file: string;
  source: string;
  fill: Handlebars.TemplateDelegate;
}

export interface LetterTemplates {
  /** Fills one template with data; throws LetterTemplateError naming the file on any problem. */
  fill(name: LetterTemplateName, locale: LetterLocale, data: Record<string, unknown>): FilledTemplate;
  /** Loads and compiles every template in every locale, so a broken one stops start-up, not a letter. */
  checkAll(): void;
  /** Throws LetterTemplateError when this template is missing or does not compile. */
  check(name: LetterTemplateName, locale: LetterLocale): void;
}

/** The letter templates in `dir` (default templates/letters), compiled on first use and kept. */
export function createLetterTemplates(dir: string = DEFAULT_TEMPLATES_DIR): LetterTemplates {
  const hb = createHandlebars();
  const cache = new Map<string, CompiledTemplate>();

  function displayPath(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith('..') ? file : relative;
  }

  function load(name: LetterTemplateName, locale: LetterLocale): CompiledTemplate {
    const file = path.join(dir, `${name}.${locale}.hbs`);
    const cached = cache.get(file);
    if (cached) return cached;
    const shown = displayPath(file);
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    } catch (err) {
      throw new LetterTemplateError(shown, `cannot be read (${(err as Error).message})`);
    }
    if (!SUBJECT_LINE.test(source.split('\n', 1)[0] ?? '')) {
      throw new LetterTemplateError(shown, 'the first line must be "subject: <the subject of the letter>"');
    }
    try {
      // compile() is lazy; parsing now reports a broken template when it is loaded.
      hb.parse(source);
    } catch (err) {
      const message = (err as Error).message;
      const hint = /OPEN_ENDBLOCK.*got 'EOF'/s.test(message) ? ' (a {{#...}} block is not closed with {{/...}})' : '';
      throw new LetterTemplateError(shown, `does not compile: ${message}${hint}`);
    }
    const compiled = { file: shown, source, fill: hb.compile(source, { strict: true, noEscape: true }) };
    cache.set(file, compiled);
    return compiled;
  }

  function explain(template: CompiledTemplate, err: unknown): string {
    const lines = template.source.split('\n');
    if (err instanceof MissingHelperArgument) {
      const { start, end } = err.loc;
      const expression =
        start.line === end.line ? (lines[start.line - 1] ?? '').slice(start.column, end.column) : 'an expression';
      return `a variable used in ${expression} is missing from the letter data (line ${start.line}, column ${start.column + 1})`;
    }
    const message = (err as Error).message;
    const strict = /^"(.+)" not defined in .* - (\d+):(\d+)$/.exec(message);
    if (strict) {
      const [, , line, column] = strict;
      const lineText = lines[Number(line) - 1] ?? '';
      const expression = /^[\w.@/-]+/.exec(lineText.slice(Number(column)))?.[0] ?? strict[1];
      return `variable "${expression}" is missing from the letter data (line ${line}, column ${Number(column) + 1})`;
    }
    return message;
  }

  return {
    fill(name, locale, data) {
      const template = load(name, locale);
      let output: string;
      try {
        output = template.fill(data, { data: { locale } });
      } catch (err) {
        throw new LetterTemplateError(template.file, explain(template, err));
      }
      const [firstLine = '', ...rest] = output.split('\n');
      const subject = SUBJECT_LINE.exec(firstLine)?.[1]?.trim() ?? '';
      if (subject === '') throw new LetterTemplateError(template.file, 'the subject is empty');
      const blocks = parseBody(rest.join('\n'));
      if (blocks.length === 0) throw new LetterTemplateError(template.file, 'the letter has no text');
      return { subject, blocks };
    },
    checkAll() {
      for (const name of LETTER_TEMPLATES) for (const locale of LETTER_LOCALES) load(name, locale);
    },
    check(name, locale) {
      load(name, locale);
    },
  };
}
