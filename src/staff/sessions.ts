import { createHash, randomBytes } from 'node:crypto';
import type { Db, StaffAccount } from '../db/client';

/** A staff session lasts one working day, then the person signs in again. */
export const SESSION_MS = 8 * 60 * 60_000;
/** lastSeenAt is refreshed at most this often, so browsing does not write on every page. */
const TOUCH_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Starts a session and returns the random token for the cookie. A new token on every sign-in,
 * so a token planted in a browser before sign-in never becomes a signed-in session.
 */
export async function startStaffSession(db: Db, accountId: number, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_MS);
  await db.$transaction([
    db.staffSession.deleteMany({ where: { accountId, expiresAt: { lte: now } } }),
    db.staffSession.create({ data: { tokenHash: hashToken(token), accountId, createdAt: now, expiresAt, lastSeenAt: now } }),
  ]);
  return { token, expiresAt };
}

/** The account behind a session token, or null when the token is unknown, expired or its account disabled. */
export async function staffSessionAccount(db: Db, token: string, now: Date): Promise<StaffAccount | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const session = await db.staffSession.findUnique({ where: { tokenHash: hashToken(token) }, include: { account: true } });
  if (!session || session.expiresAt <= now || session.account.disabled) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_MS) {
    await db.staffSession.updateMany({ where: { tokenHash: session.tokenHash }, data: { lastSeenAt: now } });
  }
  return session.account;
}

/** Ends the session (sign-out); returns whose it was, or null when there was none. */
export async function endStaffSession(db: Db, token: string): Promise<StaffAccount | null> {
  const tokenHash = hashToken(token);
  const session = await db.staffSession.findUnique({ where: { tokenHash }, include: { account: true } });
  if (!session) return null;
  await db.staffSession.deleteMany({ where: { tokenHash } });
  return session.account;
}
