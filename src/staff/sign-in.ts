import { randomBytes } from 'node:crypto';
import { attemptCounter } from '../db/attempt-counter';
import type { Db, StaffAccount } from '../db/client';
import type { Logger } from '../logger';
import { normaliseEmail } from './accounts';
import { hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from './passwords';

/** Failed sign-ins allowed per account, and per client address, within the window. */
export const SIGN_IN_LIMITS = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

export type SignInResult =
  { ok: true; account: StaffAccount } | { ok: false; reason: 'wrong-credentials' | 'too-many-attempts' | 'disabled' };

const FAILED = 'staff-sign-in-failed';
/** The audit event an administrator is alerted by: an account is locked for the rest of the window. */
export const ACCOUNT_LOCKED = 'staff-account-locked';

export const accountAttemptKey = (email: string) => `staff-sign-in:account:${email}`;
const addressAttemptKey = (address: string) => `staff-sign-in:address:${address}`;

/**
 * Sign-in with e-mail address and password. Every attempt leaves an audit event (never the
 * password). Wrong address and wrong password look the same from outside: the same answer,
 * and a password check of the same cost. Limits, per account (also for unknown e-mail addresses,
 * so a limit reveals nothing) and per client address: each attempt is counted in the database
 * *before* its password is checked (src/db/attempt-counter.ts), so attempts sent at the same
 * moment, to any app instance, cannot all be checked before the first failure is counted. The
 * right password gives its attempt back. The attempt that locks an account is an audit event
 * (`staff-account-locked`) and a warn-level log line, so an administrator hears of it and can lift
 * the lock on the accounts page.
 */
export function passwordSignIn(deps: { db: Db; logger: Logger; now(): Date }) {
  const { db } = deps;
  const attempts = attemptCounter(db);
  const window = { windowMs: SIGN_IN_LIMITS.windowMs };
  // A hash of a random password, checked when the account does not exist, to cost the same time.
  const decoy = hashPassword(randomBytes(24).toString('base64'));

  async function audit(action: string, email: string, now: Date, details: Record<string, string | number>, actor = 'anonymous') {
    await db.auditEvent.create({ data: { actor, action, subjectType: 'staff-account', subjectId: email, details, at: now } });
  }

  return async function signIn(input: { email: string; password: string; address: string }): Promise<SignInResult> {
    const now = deps.now();
    const email = normaliseEmail(input.email).slice(0, 320);
    const address = input.address;
    const keys = { account: accountAttemptKey(email), address: addressAttemptKey(address) };

    const byAddress = await attempts.count(keys.address, { ...window, limit: SIGN_IN_LIMITS.perAddress }, now);
    const byAccount = await attempts.count(keys.account, { ...window, limit: SIGN_IN_LIMITS.perAccount }, now);
    if (byAddress.count > SIGN_IN_LIMITS.perAddress || byAccount.count > SIGN_IN_LIMITS.perAccount) {
      await audit('staff-sign-in-limited', email, now, { address });
      return { ok: false, reason: 'too-many-attempts' };
    }

    const account = email ? await db.staffAccount.findUnique({ where: { email } }) : null;
    const password = input.password.slice(0, MAX_PASSWORD_LENGTH + 1);
    const matches = await verifyPassword(password, account?.passwordHash ?? (await decoy));
    if (account && account.passwordHash && matches) {
      if (account.disabled) {
        await audit(FAILED, email, now, { address, reason: 'disabled', accountId: account.id });
        return { ok: false, reason: 'disabled' };
      }
      await attempts.giveBack(keys.account, now);
      await attempts.giveBack(keys.address, now);
      await audit('staff-sign-in', email, now, { address, method: 'password', accountId: account.id }, `staff:${account.id}`);
      return { ok: true, account };
    }
    await audit(FAILED, email, now, { address, reason: account ? 'wrong-password' : 'unknown-account' });
    if (byAccount.count === SIGN_IN_LIMITS.perAccount) {
      const until = new Date(now.getTime() + byAccount.retryAfterSeconds * 1000).toISOString();
      await audit(ACCOUNT_LOCKED, email, now, { address, until, ...(account ? { accountId: account.id } : {}) });
      if (account) deps.logger.warn({ accountId: account.id, until }, 'staff account locked after failed sign-ins');
    }
    if (byAddress.count === SIGN_IN_LIMITS.perAddress) {
      deps.logger.warn(
        { until: new Date(now.getTime() + byAddress.retryAfterSeconds * 1000).toISOString() },
        'sign-in paused for a client address after failed sign-ins',
      );
    }
    return { ok: false, reason: 'wrong-credentials' };
  };
}

/** Accounts locked now by failed sign-ins, by e-mail address, with the time the lock ends. */
export async function lockedAccounts(db: Db, emails: string[], now: Date): Promise<Map<string, Date>> {
  const rows = await db.attemptCounter.findMany({
    where: { key: { in: emails.map(accountAttemptKey) }, count: { gte: SIGN_IN_LIMITS.perAccount }, windowEndsAt: { gt: now } },
  });
  const prefix = accountAttemptKey('');
  return new Map(rows.map((row) => [row.key.slice(prefix.length), row.windowEndsAt]));
}

/** An administrator lifts the lock on an account, so its owner can sign in at once; audited. */
export async function unlockAccount(db: Db, account: StaffAccount, by: StaffAccount, now: Date): Promise<void> {
  await attemptCounter(db).clear(accountAttemptKey(account.email));
  await db.auditEvent.create({
    data: {
      actor: `staff:${by.id}`,
      action: 'staff-account-unlocked',
      subjectType: 'staff-account',
      subjectId: account.email,
      details: { accountId: account.id },
      at: now,
    },
  });
}

/** The audit event of a sign-in through the identity provider, or of one it refused. */
export async function recordIdentitySignIn(
  db: Db,
  outcome: { account: StaffAccount } | { email: string; reason: string },
  address: string,
  now: Date,
): Promise<void> {
  const data =
    'account' in outcome
      ? {
          actor: `staff:${outcome.account.id}`,
          action: 'staff-sign-in',
          subjectId: outcome.account.email,
          details: { address, method: 'oidc', accountId: outcome.account.id },
        }
      : {
          actor: 'anonymous',
          action: FAILED,
          subjectId: outcome.email,
          details: { address, method: 'oidc', reason: outcome.reason },
        };
  await db.auditEvent.create({ data: { ...data, subjectType: 'staff-account', at: now } });
}

export async function recordSignOut(db: Db, account: StaffAccount, address: string, now: Date): Promise<void> {
  await db.auditEvent.create({
    data: {
      actor: `staff:${account.id}`,
      action: 'staff-sign-out',
      subjectType: 'staff-account',
      subjectId: account.email,
      details: { address, accountId: account.id },
      at: now,
    },
  });
}
