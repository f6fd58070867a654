import type { NextFunction, Request, Response } from 'express';

/** What a route answers when the limit is reached; `retryAfterSeconds` is until the window ends. */
export type OnLimited = (req: Request, res: Response, retryAfterSeconds: number) => void;

/**
 * At most `limit` attempts per client address in a window. Kept in memory: enough for one
 * instance; behind a load balancer, put the limit in the proxy or a shared store.
 *
 * Returns a maker of middleware that all count against the same attempts, so routes that offer
 * the same thing to guess (a personal code on the website and through the API) share one limit
 * while each answers in its own form.
 */
export function sharedRateLimit(limit: number, windowMs: number) {
  const attempts = new Map<string, { count: number; resetAt: number }>();
  return function guard(onLimited: OnLimited) {
    return function limited(req: Request, res: Response, next: NextFunction): void {
      const key = req.ip ?? 'unknown';
      const now = Date.now();
      const entry = attempts.get(key);
      if (!entry || entry.resetAt <= now) {
        if (attempts.size > 10_000) for (const [k, v] of attempts) if (v.resetAt <= now) attempts.delete(k);
        attempts.set(key, { count: 1, resetAt: now + windowMs });
        return next();
      }
      entry.count += 1;
      if (entry.count > limit) return onLimited(req, res, Math.ceil((entry.resetAt - now) / 1000));
      next();
    };
  };
}

export type SharedRateLimit = ReturnType<typeof sharedRateLimit>;

/** A limit of its own for one route. */
export function rateLimit(limit: number, windowMs: number, onLimited: OnLimited) {
  return sharedRateLimit(limit, windowMs)(onLimited);
}
