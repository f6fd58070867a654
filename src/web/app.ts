import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { Config } from '../config';
import { appSecret } from '../db/app-secrets';
import type { Db } from '../db/client';
import type { ExceptionTasks } from '../engine/port';
import { TransientError } from '../errors';
import type { Logger } from '../logger';
import { RESIDENT_RESPONSES } from '../renewals/vocabulary';
import { receiveResidentResponse, type ResidentResponsePublisher } from '../renewals/resident-response';
import { csrfProtection } from './csrf';
import { languageMiddleware, type Translate } from './i18n';
import { sharedRateLimit } from './rate-limit';
import { CODE_ATTEMPTS, residentAccess } from './resident-access';
import { inboxRoutes } from './routes/inbox';
import { residentRoutes } from './routes/resident';
import { staffRoutes, SUMMARY_PATH } from './routes/staff';
import { createViews, WEB_TEMPLATES_DIR } from './views';

export interface WebDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /**
   * Absent when no engine is configured; answers that need it are refused with 503, and so is the
   * case workers' inbox, which also needs the engine's tasks.
   */
  engine: (ResidentResponsePublisher & { exceptionTasks?: ExceptionTasks }) | null;
  /** Keys for cookies and forms (src/db/app-secrets.ts). */
  secrets: { csrf: Buffer; residentAccess: Buffer };
  now(): Date;
}

/** The web app's keys, made on first start and shared by all instances through the database. */
export async function webSecrets(db: Db): Promise<WebDeps['secrets']> {
  return { csrf: await appSecret(db, 'web-csrf-key'), residentAccess: await appSecret(db, 'web-resident-access-key') };
}

const residentResponseBody = z.object({
  code: z.string().min(6).max(20),
  response: z.enum(RESIDENT_RESPONSES),
  report: z.string().max(2000).optional(),
});

/** Refusals of a request body, by body-parser's error type: what the caller must change. */
const BODY_PROBLEMS: Record<string, { status: number; error: string }> = {
  'entity.parse.failed': {
    status: 400,
    error: 'the request body must be a JSON object such as {"code": "K7M4Q-9TXAB", "response": "confirmed"}',
  },
  'entity.too.large': { status: 413, error: 'the request body is too large: at most 20 kB' },
  'parameters.too.many': { status: 413, error: 'the form has too many fields' },
  'charset.unsupported': { status: 415, error: 'send the request body in UTF-8' },
  'encoding.unsupported': { status: 415, error: 'send the request body without compression (no Content-Encoding header)' },
  'request.aborted': { status: 400, error: 'the request body did not arrive completely' },
  'request.size.invalid': { status: 400, error: 'the request body is not as long as its Content-Length header says' },
};

/** What to say for a refused request of a kind not named above, by its status. */
const STATUS_PROBLEMS: Record<number, string> = {
  413: 'the request is too large',
  415: 'this kind of request body is not accepted',
};

/**
 * A request the client sent wrong is the client's to fix: not a fault of ours, so no error in
 * the log. Body-parser and Express mark such errors with a 4xx status and `expose`; the message
 * returned is ours, never the error's (which may quote the body).
 */
function clientProblem(err: unknown): { status: number; error: string; type: string } | undefined {
  const { type, status, expose } = (err ?? {}) as { type?: unknown; status?: unknown; expose?: unknown };
  const known = typeof type === 'string' ? BODY_PROBLEMS[type] : undefined;
  if (known) return { ...known, type: type as string };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  return {
    status,
    error: STATUS_PROBLEMS[status] ?? 'the request could not be read; check its body and headers',
    type: typeof type === 'string' ? type : 'client-error',
  };
}

const NLDS = {
  'component-library.css': require.resolve('@utrecht/component-library-css/dist/index.css'),
  'theme.css': require.resolve('@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css'),
};

/** The web app (server-rendered pages for residents) and the JSON API. */
export function createApp(deps: WebDeps): express.Express {
  const { config } = deps;
  const secureCookies = config.PUBLIC_BASE_URL.startsWith('https:');
  const views = createViews({ municipalityName: config.MUNICIPALITY_NAME, logoUrl: config.MUNICIPALITY_LOGO_URL });
  const access = residentAccess(deps.secrets.residentAccess, secureCookies, deps.db, deps.now);
  // One count for every way to try a code, so the API is no way around the website's limit.
  const codeAttempts = sharedRateLimit(deps.db, 'resident-code', CODE_ATTEMPTS, deps.now);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:', 'https:'],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: secureCookies,
    }),
  );

  app.get('/health', async (_req, res) => {
    await deps.db.$queryRaw`SELECT 1`;
    res.json({ status: 'ok', engine: deps.engine ? 'configured' : 'not configured' });
  });

  for (const [file, source] of Object.entries(NLDS)) app.get(`/assets/nlds/${file}`, (_req, res) => res.sendFile(source));
  app.get('/assets/tijdig.css', (_req, res) => res.sendFile(path.join(WEB_TEMPLATES_DIR, 'assets', 'tijdig.css')));
  app.get('/assets/municipality.css', (_req, res) => {
    const colour = config.MUNICIPALITY_PRIMARY_COLOR;
    res
      .type('css')
      .send(
        colour
          ? `.voorbeeld-theme {\n  --utrecht-button-primary-action-background-color: ${colour};\n  --utrecht-page-header-background-color: ${colour};\n  --utrecht-link-color: ${colour};\n}\n`
          : '',
      );
  });

  // No compressed bodies: nothing of ours sends them, and inflating them invites zip bombs.
  app.use('/api', express.json({ limit: '20kb', inflate: false }));
  app.post(
    '/api/resident-responses',
    (req, res, next) => {
      if (req.is('application/json')) return next();
      res.status(415).json({ error: 'send the answer as JSON, with the header Content-Type: application/json' });
    },
    codeAttempts((_req, res, retryAfterSeconds) => {
      res
        .status(429)
        .set('Retry-After', String(retryAfterSeconds))
        .json({ error: 'too many codes tried from this address; try again in 15 minutes' });
    }),
    async (req, res) => {
      const body = residentResponseBody.safeParse(req.body);
      if (!body.success) {
        res
          .status(400)
          .json({ error: 'invalid request', details: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
        return;
      }
      if (!deps.engine) {
        res.status(503).json({ error: 'answers cannot be processed right now; please try again later' });
        return;
      }
      const accepted = await receiveResidentResponse(
        { db: deps.db, engine: deps.engine, now: deps.now },
        body.data.code,
        body.data.response,
        body.data.report,
      );
      if (!accepted) {
        res.status(404).json({ error: 'this code is unknown, already used or expired' });
        return;
      }
      await codeAttempts.giveBack(req);
      res.status(202).json({ status: 'received' });
    },
  );
  // Counts of renewals are the municipality's management information, not public: staff only,
  // and the staff session cookie goes to /medewerkers only, so the summary moved there.
  app.get('/api/renewals/summary', (_req, res) => {
    res.status(401).json({ error: `staff only: sign in as a process owner or administrator and use ${SUMMARY_PATH}` });
  });

  // The language first, so a form the body parser refuses still gets a page in the resident's language.
  app.use(
    cookieParser(),
    languageMiddleware(secureCookies),
    express.urlencoded({ extended: false, limit: '20kb', inflate: false }),
  );
  // The site's forms post application/x-www-form-urlencoded; any other body would be read as an empty form.
  app.use((req, res, next) => {
    const form = req.method === 'GET' || req.method === 'HEAD' || req.is('application/x-www-form-urlencoded') !== false;
    if (form || req.path.startsWith('/api/')) return next();
    deps.logger.info({ status: 415, method: req.method, path: req.path }, 'request body refused');
    const t = res.locals.t as Translate;
    views.render(res, 'message', { title: t('error.title'), paragraphs: [t('error.unsupported')], status: 415 });
  });
  app.use(csrfProtection(deps.secrets.csrf, secureCookies));
  app.use((req, res, next) => {
    if (!res.locals.csrfRejected) return next();
    const t = res.locals.t as Translate;
    views.render(res, 'message', { title: t('error.title'), paragraphs: [t('error.csrf')], status: 403 });
  });

  app.get('/', (_req, res) => res.redirect(303, '/verlengen'));
  app.use(
    residentRoutes({ db: deps.db, config, logger: deps.logger, engine: deps.engine, views, access, codeAttempts, now: deps.now }),
  );
  app.use(staffRoutes({ db: deps.db, config, logger: deps.logger, views, now: deps.now }));
  app.use(inboxRoutes({ db: deps.db, config, views, engine: deps.engine, now: deps.now }));
  app.get('/toegankelijkheid', (_req, res) =>
    views.render(res, 'accessibility', { title: (res.locals.t as Translate)('a11y.title') }),
  );

  app.use((req, res) => {
    const t = res.locals.t as Translate | undefined;
    if (!t || req.path.startsWith('/api/')) return res.status(404).json({ error: 'not found' });
    views.render(res, 'message', { title: t('notFound.title'), paragraphs: [t('notFound.body')], status: 404 });
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const refused = clientProblem(err);
    if (refused) {
      deps.logger.info({ status: refused.status, type: refused.type, method: req.method, path: req.path }, 'request refused');
      if (req.path.startsWith('/api/') || !res.locals.t) return res.status(refused.status).json({ error: refused.error });
      const t = res.locals.t as Translate;
      const message =
        refused.status === 413 ? t('error.tooLarge') : refused.status === 415 ? t('error.unsupported') : t('error.form');
      return views.render(res, 'message', { title: t('error.title'), paragraphs: [message], status: refused.status });
    }
    const transient = err instanceof TransientError;
    if (transient) deps.logger.warn({ err: err.message }, 'request could not be completed now');
    else deps.logger.error({ err }, 'request failed');
    const status = transient ? 503 : 500;
    if (req.path.startsWith('/api/') || !res.locals.t) {
      res.status(status).json({
        error: transient
          ? 'we cannot process this right now; nothing was lost, please try again later'
          : 'something went wrong on our side',
      });
      return;
    }
    const t = res.locals.t as Translate;
    views.render(res, 'message', { title: t('error.title'), paragraphs: [t('error.body')], status });
  });
  return app;
}
