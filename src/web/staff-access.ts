import type { NextFunction, Request, Response } from 'express';
import type { Db, StaffAccount, StaffRole } from '../db/client';
import { endStaffSession, SESSION_MS, staffSessionAccount, startStaffSession } from '../staff/sessions';
import type { Translate } from './i18n';
import type { Views } from './views';

export const STAFF_COOKIE = 'tijdig_staff';
/** The cookie goes only to the staff pages: resident pages never see a staff session. */
const COOKIE_PATH = '/medewerkers';
export const SIGN_IN_PATH = '/medewerkers/inloggen';

/**
 * Staff sessions in the browser: an HttpOnly, SameSite=Lax cookie with a random token (Secure
 * when the public address is https), and `requireStaff(...roles)` in front of every staff page.
 */
export function staffAccess(deps: { db: Db; views: Views; secureCookies: boolean; now(): Date }) {
  const { db, views } = deps;
  const tokenOf = (req: Request) => String(req.cookies?.[STAFF_COOKIE] ?? '');

  /** Signs the account in: ends the browser's old session, if any, and sets a new token. */
  async function start(req: Request, res: Response, account: StaffAccount): Promise<void> {
    const old = tokenOf(req);
    if (old) await endStaffSession(db, old);
    const { token } = await startStaffSession(db, account.id, deps.now());
    res.cookie(STAFF_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      path: COOKIE_PATH,
      maxAge: SESSION_MS,
    });
  }

  /** Ends the browser's session; returns whose it was. */
  async function end(req: Request, res: Response): Promise<StaffAccount | null> {
    const token = tokenOf(req);
    res.clearCookie(STAFF_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies });
    return token ? endStaffSession(db, token) : null;
  }

  /** The signed-in account, or null. */
  async function current(req: Request): Promise<StaffAccount | null> {
    const token = tokenOf(req);
    return token ? staffSessionAccount(db, token, deps.now()) : null;
  }

  /**
   * Lets the request through when a staff member with one of `roles` (any role when none are
   * named) is signed in, and puts the account in res.locals.staff. Someone not signed in is sent
   * to the sign-in page (a form post gets 401); a signed-in person without the role gets 403.
   */
  function requireStaff(...roles: StaffRole[]) {
    return async function guard(req: Request, res: Response, next: NextFunction): Promise<void> {
      res.set('Cache-Control', 'no-store');
      const account = await current(req);
      const t = res.locals.t as Translate;
      if (!account) {
        if (req.method === 'GET' || req.method === 'HEAD') {
          res.redirect(303, `${SIGN_IN_PATH}?terug=${encodeURIComponent(req.originalUrl)}`);
          return;
        }
        views.render(res, 'message', {
          title: t('staff.signInRequired.title'),
          paragraphs: [t('staff.signInRequired.body')],
          backHref: SIGN_IN_PATH,
          status: 401,
        });
        return;
      }
      res.locals.staff = account;
      if (roles.length > 0 && !roles.includes(account.role)) {
        views.render(res, 'message', {
          title: t('staff.forbidden.title'),
          paragraphs: [t('staff.forbidden.body', { role: t(`staff.role.${account.role}`) })],
          backHref: '/medewerkers',
          status: 403,
        });
        return;
      }
      next();
    };
  }

  return { start, end, current, requireStaff };
}
