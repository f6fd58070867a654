import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import { formatLetterDate } from '../letters/dates';
import type { Locale, Translate } from './i18n';

export const WEB_TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates', 'web');

export interface Views {
  /** Renders a page inside the layout; `title` becomes the page title and h1. */
  render(res: Response, page: string, data: { title: string; status?: number } & Record<string, unknown>): void;
}

/**
 * The page a form post's answer stands for, to switch its language on: a form answered with a
 * page (an error, a refused token) has no address of its own to reload, so its language link
 * goes to the page the form is on. Posts not listed here are made from a page at the same address.
 */
const PAGE_OF_POST: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^\/verlengen\/bevestigen$/, () => '/verlengen/gegevens'],
  [/^\/medewerkers\/uitloggen$/, () => '/medewerkers'],
  [/^\/medewerkers\/beheer\/[^/]+\/[^/]+$/, () => '/medewerkers/beheer'],
  [/^\/medewerkers\/taken\/besluit$/, () => '/medewerkers/taken'],
  [/^\/medewerkers\/overzicht\/[^/]+\/automatisering$/, () => '/medewerkers/overzicht'],
  [/^\/medewerkers\/taken\/([^/]+)\/[^/]+$/, (m) => `/medewerkers/taken/${m[1]}`],
];

/** Where the "other language" link leads: this page again (its query kept) or, after a post, the form's page. */
export function languageHref(req: Pick<Request, 'method' | 'originalUrl'>, otherLocale: string): string {
  const url = new URL(req.originalUrl, 'http://page');
  // A path that starts with two slashes would read as another site's address.
  url.pathname = url.pathname.replace(/^\/+/, '/');
  if (req.method === 'GET' || req.method === 'HEAD') {
    url.searchParams.set('lang', otherLocale);
    return `${url.pathname}${url.search}`;
  }
  for (const [pattern, page] of PAGE_OF_POST) {
    const match = pattern.exec(url.pathname);
    if (match) return `${page(match)}?lang=${otherLocale}`;
  }
  return `${url.pathname}?lang=${otherLocale}`;
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
      const otherLocale = locale === 'nl' ? 'en' : 'nl';
      const context = {
        ...data,
        t: res.locals.t as Translate,
        locale,
        otherLocale,
        // Rendered outside a request (template checks), the link keeps the current page.
        languageHref: res.req ? languageHref(res.req, otherLocale) : `?lang=${otherLocale}`,
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
