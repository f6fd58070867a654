import type { NextFunction, Request, Response } from 'express';

/**
 * At most `limit` attempts per client address in a window. Kept in memory: enough for one
 * instance; behind a load balancer, put the limit in the proxy or a shared store.
 */
export function rateLimit(limit: number, windowMs: number, onLimited: (req: Request, res: Response) => void) {
  const attempts = new Map<string, { count: number; resetAt: number }>();
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
    if (entry.count > limit) return onLimited(req, res);
    next();
  };
}
