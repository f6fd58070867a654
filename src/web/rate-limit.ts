import type { NextFunction, Request, Response } from 'express';
import { attemptCounter, type AttemptLimit } from '../db/attempt-counter';
import type { Db } from '../db/client';

/** What a route answers when the limit is reached; `retryAfterSeconds` is until the window ends. */
export type OnLimited = (req: Request, res: Response, retryAfterSeconds: number) => void;

/**
 * At most `limit.limit` attempts per client address in a window, counted in the database before
 * the attempt is checked (src/db/attempt-counter.ts): one count for every app instance, and
 * attempts sent at the same moment each get their own number. The client address is `req.ip`, so
 * behind a proxy set TRUST_PROXY, or every visitor counts as the proxy.
 *
 * Returns a maker of middleware that all count against the same attempts, so routes that offer
 * the same thing to guess (a personal code on the website and through the API) share one limit
 * while each answers in its own form. `giveBack` returns the attempt of a request that turned out
 * right (a valid code), so a resident is not limited by their own good code.
 */
export function sharedRateLimit(db: Db, name: string, limit: AttemptLimit, now: () => Date) {
  const attempts = attemptCounter(db);
  const keyOf = (req: Request) => `${name}:address:${req.ip ?? 'unknown'}`;
  function guard(onLimited: OnLimited) {
    return async function limited(req: Request, res: Response, next: NextFunction): Promise<void> {
      const attempt = await attempts.count(keyOf(req), limit, now());
      if (attempt.count > limit.limit) return onLimited(req, res, attempt.retryAfterSeconds);
      next();
    };
  }
  guard.giveBack = (req: Request) => attempts.giveBack(keyOf(req), now());
  return guard;
}

export type SharedRateLimit = ReturnType<typeof sharedRateLimit>;
