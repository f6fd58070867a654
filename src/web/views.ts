import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { formatLetterDate } from '../letters/dates';
import type { Locale, Translate } from './i18n';

export const WEB_TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates', 'web');

export interface Views {
  /** Renders a page inside the layout; `title` becomes the page title and h1. */
  render(res: Response, page: string, data: { title: string; status?: number } & Record<string, unknown>): void;
}

/**
 * Server-rendered pages: handlebars templates in templates/web/ (pages/<name>.hbs inside
 * layout.hbs), compiled once at start so a broken page template stops the start, not a visit.
 * Values are HTML-escaped by handlebars; `t` translates, `date` writes a date in the page's language.
 */
export function createViews(site: { municipalityName: string; logoUrl?: string }, dir = WEB_TEMPLATES_DIR): Views {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const t = (options.data.root as { t: Translate }).t;
    return t(key as Parameters<Translate>[0], options.hash as Record<string, string>);
  });
  hbs.registerHelper('date', (value: Date, options: Handlebars.HelperOptions) =>
    formatLetterDate(value, (options.data.root as { locale: Locale }).locale),
  );
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const compile = (file: string) => hbs.compile(readFileSync(file, 'utf8'), { strict: false });
  const layout = compile(path.join(dir, 'layout.hbs'));
  const pages = new Map(
    readdirSync(path.join(dir, 'pages'))
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => [f.replace(/\.hbs$/, ''), compile(path.join(dir, 'pages', f))]),
  );

  return {
    render(res, page, data) {
      const template = pages.get(page);
      if (!template) throw new Error(`No page template templates/web/pages/${page}.hbs`);
      const locale = res.locals.locale as Locale;
      const context = {
        ...data,
        t: res.locals.t as Translate,
        locale,
        otherLocale: locale === 'nl' ? 'en' : 'nl',
        csrfToken: res.locals.csrfToken as string,
        municipalityName: site.municipalityName,
        logoUrl: site.logoUrl,
      };
      res
        .status(data.status ?? 200)
        .type('html')
        .send(layout({ ...context, body: new hbs.SafeString(template(context)) }));
    },
  };
}
