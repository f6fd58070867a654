import { createHmac, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Config, MaturityLevel } from '../../config';
import { appSecret } from '../../db/app-secrets';
import type { Db, StaffAccount } from '../../db/client';
import { TransientError } from '../../errors';
import type { Logger } from '../../logger';
import { EXCEPTION_REASONS, OUTCOMES } from '../../renewals/vocabulary';
import { renewalOverview } from '../../renewals/overview';
import { serviceCounts } from '../../renewals/summary';
import { catalogueFile, loadCatalogue } from '../../service-catalogue';
import { chooseMaturity, effectiveMaturities } from '../../services/settings';
import { serviceMaturityLevels } from '../../services';
import { accountForIdentity, disableStaffAccount, listStaffAccounts } from '../../staff/accounts';
import { oidcSettings, oidcSignIn, type PendingSignIn } from '../../staff/oidc';
import { lockedAccounts, passwordSignIn, recordIdentitySignIn, recordSignOut, unlockAccount } from '../../staff/sign-in';
import { databaseId } from '../ids';
import type { Locale, Translate } from '../i18n';
import { SIGN_IN_PATH, staffAccess } from '../staff-access';
import type { Views } from '../views';

export interface StaffRouteDeps {
  db: Db;
  config: Config;
  logger: Logger;
  views: Views;
  now(): Date;
}

const OIDC_COOKIE = 'tijdig_staff_oidc';
const OIDC_CALLBACK_PATH = '/medewerkers/inloggen/oidc';
const OIDC_PENDING_MS = 10 * 60_000;
/** The renewals summary as JSON, for process owners and administrators (a dashboard, a script with a session). */
export const SUMMARY_PATH = '/medewerkers/api/renewals/summary';

/** Where to go after sign-in: only a staff page of this site (never another site, never the sign-in page itself). */
function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  const ok = /^\/medewerkers(\/|\?|$)/.test(value) && !value.startsWith(SIGN_IN_PATH) && !/[\\\s]|\/\//.test(value);
  return ok ? value : undefined;
}

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

/** The staff menu every staff page shows: the pages this person's role opens, and sign-out. */
export function staffMenu(res: Response, current: string) {
  const t = res.locals.t as Translate;
  const account = res.locals.staff as StaffAccount;
  const links = [
    { href: '/medewerkers', label: t('staff.nav.home') },
    { href: '/medewerkers/taken', label: t('staff.nav.inbox') },
    ...(account.role !== 'CASE_WORKER' ? [{ href: '/medewerkers/overzicht', label: t('staff.nav.overview') }] : []),
    ...(account.role === 'ADMINISTRATOR' ? [{ href: '/medewerkers/beheer', label: t('staff.nav.accounts') }] : []),
  ].map((link) => ({ ...link, current: link.href === current }));
  return {
    signedInAs: t('staff.nav.signedInAs', { name: account.displayName, role: t(`staff.role.${account.role}`) }),
    links,
  };
}

/** Staff pages: sign-in and sign-out, account administration, the process owner's overview. */
export function staffRoutes(deps: StaffRouteDeps): Router {
  const { db, config, views } = deps;
  const secureCookies = config.PUBLIC_BASE_URL.startsWith('https:');
  const access = staffAccess({ db, views, secureCookies, now: deps.now });
  const { requireStaff } = access;
  const signIn = passwordSignIn({ db, logger: deps.logger, now: deps.now });
  const oidcConfig = oidcSettings(config);
  const oidc = oidcConfig ? oidcSignIn(oidcConfig, new URL(OIDC_CALLBACK_PATH, config.PUBLIC_BASE_URL)) : null;
  const router = Router();
  const catalogue = loadCatalogue(catalogueFile(config));
  const t = (res: Response) => res.locals.t as Translate;
  const address = (req: Request) => req.ip ?? 'unknown';

  function signInPage(
    res: Response,
    values: { error?: string; errorHelp?: string; notice?: string; email?: string; returnTo?: string; status?: number } = {},
  ): void {
    res.set('Cache-Control', 'no-store');
    views.render(res, 'staff-sign-in', {
      title: t(res)('staff.signIn.title'),
      oidc: Boolean(oidc),
      oidcStart: `${OIDC_CALLBACK_PATH}/start${values.returnTo ? `?terug=${encodeURIComponent(values.returnTo)}` : ''}`,
      ...values,
    });
  }

  function staffPage(res: Response, page: string, current: string, data: { title: string } & Record<string, unknown>): void {
    views.render(res, page, { ...data, ...staffMenu(res, current) });
  }

  router.get(SIGN_IN_PATH, async (req, res) => {
    const returnTo = safeReturnPath(req.query.terug);
    if (await access.current(req)) return res.redirect(303, returnTo ?? '/medewerkers');
    signInPage(res, { returnTo, notice: req.query.uitgelogd === '1' ? t(res)('staff.signIn.signedOut') : undefined });
  });

  router.post(SIGN_IN_PATH, async (req, res) => {
    if (oidc) return res.redirect(303, SIGN_IN_PATH);
    const email = text(req.body?.email, 320);
    const returnTo = safeReturnPath(req.body?.terug);
    const result = await signIn({ email, password: text(req.body?.password, 1000), address: address(req) });
    if (!result.ok) {
      const [message, status] = {
        'wrong-credentials': [t(res)('staff.signIn.wrong'), 400],
        'too-many-attempts': [t(res)('staff.signIn.tooMany'), 429],
        disabled: [t(res)('staff.signIn.disabled'), 403],
      }[result.reason] as [string, number];
      const errorHelp = result.reason === 'too-many-attempts' ? t(res)('staff.signIn.tooManyHelp') : undefined;
      return signInPage(res, { error: message, errorHelp, email, returnTo, status });
    }
    await access.start(req, res, result.account);
    res.redirect(303, returnTo ?? '/medewerkers');
  });

  if (oidc) {
    // The PKCE verifier, state and nonce wait in a signed, short-lived cookie for the way back.
    let key: Promise<Buffer> | null = null;
    const sign = async (payload: string) =>
      createHmac('sha256', await (key ??= appSecret(db, 'web-staff-oidc-key')))
        .update(payload)
        .digest('base64url');
    const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: SIGN_IN_PATH };

    async function pendingFrom(req: Request): Promise<(PendingSignIn & { returnTo?: string }) | null> {
      const [payload, signature] = String(req.cookies?.[OIDC_COOKIE] ?? '').split('.');
      if (!payload || !signature) return null;
      const expected = await sign(payload);
      if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return null;
      const pending = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PendingSignIn & {
        exp: number;
        returnTo?: string;
      };
      return pending.exp > deps.now().getTime() ? pending : null;
    }

    router.get(`${OIDC_CALLBACK_PATH}/start`, async (req, res) => {
      const { url, pending } = await oidc.start();
      const payload = Buffer.from(
        JSON.stringify({ ...pending, returnTo: safeReturnPath(req.query.terug), exp: deps.now().getTime() + OIDC_PENDING_MS }),
      ).toString('base64url');
      res.cookie(OIDC_COOKIE, `${payload}.${await sign(payload)}`, { ...cookieOptions, maxAge: OIDC_PENDING_MS });
      res.redirect(303, url.href);
    });

    router.get(OIDC_CALLBACK_PATH, async (req, res) => {
      const pending = await pendingFrom(req);
      res.clearCookie(OIDC_COOKIE, cookieOptions);
      const now = deps.now();
      const refuse = async (email: string, reason: string, message: string, status: number) => {
        await recordIdentitySignIn(db, { email, reason }, address(req), now);
        signInPage(res, { error: message, status });
      };
      if (!pending) return refuse('', 'no-pending-sign-in', t(res)('staff.signIn.oidcFailed'), 400);
      let identity;
      try {
        identity = await oidc.finish(new URL(req.originalUrl, 'http://callback').searchParams, pending);
      } catch (err) {
        if (err instanceof TransientError) throw err;
        deps.logger.warn({ err: (err as Error).message }, 'identity provider answer refused');
        return refuse('', 'invalid-answer', t(res)('staff.signIn.oidcFailed'), 400);
      }
      if (!identity.ok) {
        const message = identity.reason === 'no-role' ? t(res)('staff.signIn.noRole') : t(res)('staff.signIn.noEmail');
        return refuse(identity.email, identity.reason, message, 403);
      }
      const account = await accountForIdentity(db, identity, now);
      if (account.disabled) return refuse(account.email, 'disabled', t(res)('staff.signIn.disabled'), 403);
      await recordIdentitySignIn(db, { account }, address(req), now);
      await access.start(req, res, account);
      res.redirect(303, pending.returnTo ?? '/medewerkers');
    });
  }

  router.post('/medewerkers/uitloggen', async (req, res) => {
    const account = await access.end(req, res);
    if (account) await recordSignOut(db, account, address(req), deps.now());
    res.redirect(303, `${SIGN_IN_PATH}?uitgelogd=1`);
  });

  router.get('/medewerkers', requireStaff(), (_req, res) =>
    staffPage(res, 'staff-home', '/medewerkers', { title: t(res)('staff.home.title') }),
  );

  router.get(SUMMARY_PATH, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const account = await access.current(req);
    if (!account) return res.status(401).json({ error: 'sign in first at /medewerkers/inloggen' });
    if (account.role === 'CASE_WORKER') return res.status(403).json({ error: 'for process owners and administrators only' });
    const byStatus = await db.renewal.groupBy({ by: ['status', 'outcome'], _count: { _all: true } });
    res.json(byStatus.map((g) => ({ status: g.status, outcome: g.outcome, count: g._count._all })));
  });

  router.get('/medewerkers/beheer', requireStaff('ADMINISTRATOR'), async (req, res) => {
    const self = res.locals.staff as StaffAccount;
    const accounts = await listStaffAccounts(db);
    const now = deps.now();
    const locks = await lockedAccounts(
      db,
      accounts.map((a) => a.email),
      now,
    );
    const lockedNames = accounts.filter((a) => locks.has(a.email)).map((a) => a.displayName);
    const time = new Intl.DateTimeFormat((res.locals.locale as Locale) === 'nl' ? 'nl-NL' : 'en-GB', {
      timeStyle: 'short',
      timeZone: 'Europe/Amsterdam',
    });
    const byId = (param: unknown) => accounts.find((a) => a.id === databaseId(param));
    const disabledNow = byId(req.query.uitgeschakeld);
    const unlockedNow = byId(req.query.gedeblokkeerd);
    const notice = disabledNow?.disabled
      ? t(res)('staff.accounts.disabledDone', { name: disabledNow.displayName })
      : unlockedNow
        ? t(res)('staff.accounts.unlockedDone', { name: unlockedNow.displayName })
        : undefined;
    staffPage(res, 'staff-accounts', '/medewerkers/beheer', {
      title: t(res)('staff.accounts.title'),
      notice,
      error: req.query.fout === 'eigen-account' ? t(res)('staff.accounts.ownAccount') : undefined,
      lockedAlert: lockedNames.length ? t(res)('staff.accounts.lockedAlert', { names: lockedNames.join(', ') }) : undefined,
      accounts: accounts.map((a) => ({
        id: a.id,
        displayName: a.displayName,
        email: a.email,
        role: t(res)(`staff.role.${a.role}`),
        status: a.disabled ? t(res)('staff.accounts.inactive') : t(res)('staff.accounts.active'),
        createdAt: a.createdAt,
        canDisable: !a.disabled && a.id !== self.id,
        disableLabel: t(res)('staff.accounts.disable', { name: a.displayName }),
        locked: locks.has(a.email) ? t(res)('staff.accounts.locked', { until: time.format(locks.get(a.email)!) }) : undefined,
        unlockLabel: t(res)('staff.accounts.unlock', { name: a.displayName }),
      })),
    });
  });

  const accountNotFound = (res: Response) =>
    views.render(res, 'message', {
      title: t(res)('notFound.title'),
      paragraphs: [t(res)('notFound.body')],
      backHref: '/medewerkers/beheer',
      status: 404,
    });

  router.post('/medewerkers/beheer/:id/deblokkeren', requireStaff('ADMINISTRATOR'), async (req, res) => {
    const accountId = databaseId(req.params.id);
    const account = accountId === null ? null : await db.staffAccount.findUnique({ where: { id: accountId } });
    if (!account) return accountNotFound(res);
    await unlockAccount(db, account, res.locals.staff as StaffAccount, deps.now());
    res.redirect(303, `/medewerkers/beheer?gedeblokkeerd=${account.id}`);
  });

  router.post('/medewerkers/beheer/:id/uitschakelen', requireStaff('ADMINISTRATOR'), async (req, res) => {
    const accountId = databaseId(req.params.id);
    const result =
      accountId === null
        ? ({ disabled: false, problem: 'not-found' } as const)
        : await disableStaffAccount(db, accountId, res.locals.staff as StaffAccount, deps.now());
    if (result.disabled) return res.redirect(303, `/medewerkers/beheer?uitgeschakeld=${accountId}`);
    if (result.problem === 'own-account') return res.redirect(303, '/medewerkers/beheer?fout=eigen-account');
    accountNotFound(res);
  });

  router.post(
    '/medewerkers/overzicht/:service/automatisering',
    requireStaff('PROCESS_OWNER', 'ADMINISTRATOR'),
    async (req, res) => {
      const service = catalogue.services.find((entry) => entry.id === req.params.service);
      const maturity = (req.body as Record<string, unknown> | undefined)?.maturity;
      if (!service) return views.render(res, 'message', { title: t(res)('staff.maturity.unknownService'), status: 404 });
      if (typeof maturity !== 'string' || !(serviceMaturityLevels(service.id) as readonly string[]).includes(maturity))
        return views.render(res, 'message', { title: t(res)('staff.maturity.invalid'), status: 400 });
      await chooseMaturity(db, {
        service: service.id,
        maturity: maturity as MaturityLevel,
        staffEmail: (res.locals.staff as StaffAccount).email,
        at: deps.now(),
      });
      res.redirect(303, `/medewerkers/overzicht?gewijzigd=${encodeURIComponent(service.id)}#dienst-${service.id}`);
    },
  );

  router.get('/medewerkers/overzicht', requireStaff('PROCESS_OWNER', 'ADMINISTRATOR'), async (_req, res) => {
    const locale = res.locals.locale as Locale;
    const tag = locale === 'nl' ? 'nl-NL' : 'en-GB';
    const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
    const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
    const outcome = (value: string | null) =>
      value === null
        ? t(res)('staff.overview.noOutcome')
        : (OUTCOMES as readonly string[]).includes(value)
          ? t(res)(`staff.outcome.${value as (typeof OUTCOMES)[number]}`)
          : value;
    const reason = (value: string | null) =>
      value && (EXCEPTION_REASONS as readonly string[]).includes(value)
        ? t(res)(`staff.reason.${value as (typeof EXCEPTION_REASONS)[number]}`)
        : (value ?? '');

    const overview = await renewalOverview(db, deps.now());
    const oldest = overview.oldestOpenException;
    const maturity = await effectiveMaturities(db, catalogue);
    const services = await Promise.all(
      catalogue.services.map(async (service) => {
        const [counts, own] = await Promise.all([
          serviceCounts(db, service.id),
          renewalOverview(db, deps.now(), { service: service.id, scanRunCount: 0 }),
        ]);
        return {
          id: service.id,
          name: service.name[locale],
          enabled: service.enabled,
          changed: _req.query.gewijzigd === service.id,
          maturityOptions: serviceMaturityLevels(service.id).map((level) => ({
            value: level,
            label: t(res)(`staff.maturity.${level}`),
            selected: level === maturity[service.id],
          })),
          counts,
          straightThrough: own.straightThrough,
          exceptions: own.exceptionsByReason.map((row) => ({ ...row, reason: reason(row.reason) })),
        };
      }),
    );
    staffPage(res, 'staff-overview', '/medewerkers/overzicht', {
      title: t(res)('staff.overview.title'),
      services,
      byStatus: overview.byStatus.map((row) => ({
        status: t(res)(`staff.status.${row.status}`),
        outcome: outcome(row.outcome),
        count: row.count,
      })),
      straightThrough:
        overview.straightThroughRate === null
          ? null
          : t(res)('staff.overview.straightThroughBody', {
              straight: overview.straightThrough,
              finished: overview.finished,
              rate: percent.format(overview.straightThroughRate),
            }),
      exceptions: overview.exceptionsByReason.map((row) => ({ ...row, reason: reason(row.reason) })),
      oldest: oldest
        ? t(res)('staff.overview.oldestBody', {
            id: oldest.renewalId,
            since: dateTime.format(oldest.since),
            days: oldest.ageDays,
            reason: reason(oldest.reason),
          })
        : null,
      scans: overview.scanRuns.map((run) => ({
        service: run.service.toUpperCase(),
        startedAt: dateTime.format(run.startedAt),
        finishedAt: run.finishedAt ? dateTime.format(run.finishedAt) : t(res)('staff.overview.scanRunning'),
        examined: run.examined,
        created: run.created,
      })),
    });
  });

  return router;
}
