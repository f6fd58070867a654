import type { Db } from './client';

/** What one attempt was given: its number within the window, and how long until the window ends. */
export interface CountedAttempt {
  count: number;
  retryAfterSeconds: number;
}

/** A limit on attempts per key: at most `limit` in a fixed window of `windowMs`. */
export interface AttemptLimit {
  limit: number;
  windowMs: number;
}

/**
 * Attempts at something guessable, counted in PostgreSQL (table attempt_counter) before the guess
 * is checked. One upsert both counts and reads the count, so concurrent requests on any number of
 * app instances each get their own number: when 30 arrive at once, exactly `limit` of them are let
 * through, whatever the order. Counting in memory, or counting failures after the check, lets a
 * burst through before the first failure is recorded.
 */
export function attemptCounter(db: Db) {
  /** Counts one attempt for `key` and returns its number in the current window (1 for the first). */
  async function count(key: string, limit: AttemptLimit, now: Date): Promise<CountedAttempt> {
    const at = now.toISOString();
    const endsAt = new Date(now.getTime() + limit.windowMs).toISOString();
    // Timestamps are passed as text and converted in SQL, so the driver's time zone handling plays no part.
    const rows = await db.$queryRaw<{ count: number; retryAfterSeconds: number }[]>`
      INSERT INTO "attempt_counter" ("key", "count", "windowEndsAt")
      VALUES (${key}, 1, (${endsAt}::timestamptz AT TIME ZONE 'UTC'))
      ON CONFLICT ("key") DO UPDATE SET
        "count" = CASE WHEN "attempt_counter"."windowEndsAt" <= (${at}::timestamptz AT TIME ZONE 'UTC')
                       THEN 1 ELSE "attempt_counter"."count" + 1 END,
        "windowEndsAt" = CASE WHEN "attempt_counter"."windowEndsAt" <= (${at}::timestamptz AT TIME ZONE 'UTC')
                              THEN EXCLUDED."windowEndsAt" ELSE "attempt_counter"."windowEndsAt" END
      RETURNING "count",
        GREATEST(1, CEIL(EXTRACT(EPOCH FROM ("windowEndsAt" - (${at}::timestamptz AT TIME ZONE 'UTC')))))::int
          AS "retryAfterSeconds"`;
    const row = rows[0]!;
    // Old windows are of no use; an occasional sweep keeps the table as small as the recent traffic.
    if (row.count === 1 && Math.random() < 0.01) {
      await db.$executeRaw`DELETE FROM "attempt_counter" WHERE "windowEndsAt" <= (${at}::timestamptz AT TIME ZONE 'UTC')`;
    }
    return { count: Number(row.count), retryAfterSeconds: Number(row.retryAfterSeconds) };
  }

  /**
   * Gives back one counted attempt that turned out not to be a guess (the right password, a valid
   * code), so people who get it right are not limited by their own successes.
   */
  async function giveBack(key: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await db.$executeRaw`
      UPDATE "attempt_counter" SET "count" = GREATEST("count" - 1, 0)
      WHERE "key" = ${key} AND "windowEndsAt" > (${at}::timestamptz AT TIME ZONE 'UTC')`;
  }

  /** Ends the window for `key` at once (an administrator lifts a lock). */
  async function clear(key: string): Promise<void> {
    await db.attemptCounter.deleteMany({ where: { key } });
  }

  /** The attempts counted for `key` in the current window (0 when none). */
  async function current(key: string, now: Date): Promise<number> {
    const row = await db.attemptCounter.findUnique({ where: { key } });
    return row && row.windowEndsAt > now ? row.count : 0;
  }

  return { count, giveBack, clear, current };
}

export type AttemptCounter = ReturnType<typeof attemptCounter>;
