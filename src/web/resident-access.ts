import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/client';
import { findRenewalByCode } from '../renewals/confirmation-code';

const COOKIE = 'tijdig_resident';
const VALID_MS = 20 * 60_000;

/**
 * Codes one client address may try in a quarter of an hour, on the website and through the API
 * together. A code has 30^10 values, so this makes guessing hopeless while a resident who mistypes
 * a few times is not stopped.
 */
export const CODE_ATTEMPTS = { limit: 10, windowMs: 15 * 60_000 } as const;

/**
 * How a resident gets access to their own renewal, and to nothing else: the personal code from
 * the letter, held for 20 minutes in a signed, HttpOnly cookie. This is the one seam for DigiD:
 * in production this middleware is replaced by one that takes the BSN from the DigiD login and
 * finds the resident's renewals by it; the pages behind it stay the same.
 */
export function residentAccess(secret: Buffer, secureCookies: boolean, db: Db, now: () => Date) {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

  function grant(res: Response, code: string): void {
    const payload = Buffer.from(JSON.stringify({ code, exp: now().getTime() + VALID_MS })).toString('base64url');
    res.cookie(COOKIE, `${payload}.${sign(payload)}`, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      path: '/',
      maxAge: VALID_MS,
    });
  }

  function end(res: Response): void {
    res.clearCookie(COOKIE, { path: '/' });
  }

  /** Sets res.locals.residentCode and res.locals.renewalId, or sends the resident back to the code page. */
  async function require(req: Request, res: Response, next: NextFunction): Promise<void> {
    // Pages behind the code show name and address: never kept by the browser or a shared cache.
    res.set('Cache-Control', 'no-store');
    const [payload, signature] = String(req.cookies?.[COOKIE] ?? '').split('.');
    const expected = payload ? sign(payload) : '';
    const genuine =
      Boolean(signature) &&
      signature!.length === expected.length &&
      timingSafeEqual(Buffer.from(signature!), Buffer.from(expected));
    if (genuine) {
      const { code, exp } = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { code: string; exp: number };
      const renewalId = exp > now().getTime() ? await findRenewalByCode(db, code, now()) : null;
      if (renewalId !== null) {
        res.locals.residentCode = code;
        res.locals.renewalId = renewalId;
        return next();
      }
    }
    end(res);
    res.redirect(303, '/verlengen');
  }

  return { grant, end, require };
}
