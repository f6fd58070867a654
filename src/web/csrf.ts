import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const COOKIE = 'tijdig_csrf';

/**
 * CSRF protection for every form (double submit): a random value in an HttpOnly, SameSite
 * cookie, and in each form its HMAC under a server secret. A cross-site page can make the
 * browser send the cookie but cannot read it, so it cannot produce the matching form field.
 */
export function csrfProtection(secret: Buffer, secureCookies: boolean) {
  const tokenFor = (value: string) => createHmac('sha256', secret).update(value).digest('hex');
  return function csrf(req: Request, res: Response, next: NextFunction): void {
    let value = req.cookies?.[COOKIE] as string | undefined;
    if (!value || !/^[0-9a-f]{64}$/.test(value)) {
      value = randomBytes(32).toString('hex');
      res.cookie(COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: secureCookies, path: '/' });
    }
    const expected = tokenFor(value);
    res.locals.csrfToken = expected;
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const given = typeof req.body?._csrf === 'string' ? (req.body._csrf as string) : '';
    const valid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    if (!valid) {
      res.locals.csrfRejected = true;
      res.status(403);
    }
    next();
  };
}
