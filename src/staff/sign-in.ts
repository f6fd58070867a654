import { randomBytes } from 'node:crypto';
import type { Db, StaffAccount } from '../db/client';
import { normaliseEmail } from './accounts';
import { hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from './passwords';

/** Failed sign-ins allowed per account, and per client address, within the window. */
export const SIGN_IN_LIMITS = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

export type SignInResult =
  { ok: true; account: StaffAccount } | { ok: false; reason: 'wrong-credentials' | 'too-many-attempts' | 'disabled' };

const FAILED = 'staff-sign-in-failed';

/**
 * Sign-in with e-mail address and password. Every attempt leaves an audit event (never the
 * password). Wrong address and wrong password look the same from outside: the same answer,
 * and a password check of the same cost. Limits:
 * - per account, counted from the audit events themselves (shared by every app instance,
 *   kept across restarts), and counted for unknown e-mail addresses too, so a limit reveals nothing;
 * - per client address, counted in memory, against one machine trying many accounts.
 */
export function passwordSignIn(deps: { db: Db; now(): Date }) {
  const { db } = deps;
  const addressFailures = new Map<string, number[]>();
  // A hash of a random password, checked when the account does not exist, to cost the same time.
  const decoy = hashPassword(randomBytes(24).toString('base64'));

  function recentAddressFailures(address: string, now: number): number[] {
    const recent = (addressFailures.get(address) ?? []).filter((at) => at > now - SIGN_IN_LIMITS.windowMs);
    if (recent.length) addressFailures.set(address, recent);
    else addressFailures.delete(address);
    return recent;
  }

  async function recentAccountFailures(email: string, now: Date): Promise<number> {
    const where = { subjectType: 'staff-account', subjectId: email };
    const lastSuccess = await db.auditEvent.findFirst({ where: { ...where, action: 'staff-sign-in' }, orderBy: { at: 'desc' } });
    const windowStart = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
    const since = lastSuccess && lastSuccess.at > windowStart ? lastSuccess.at : windowStart;
    return db.auditEvent.count({ where: { ...where, action: FAILED, at: { gt: since } } });
  }

  async function audit(action: string, email: string, now: Date, details: Record<string, string | number>, actor = 'anonymous') {
    await db.auditEvent.create({ data: { actor, action, subjectType: 'staff-account', subjectId: email, details, at: now } });
  }

  return async function signIn(input: { email: string; password: string; address: string }): Promise<SignInResult> {
    const now = deps.now();
    const email = normaliseEmail(input.email).slice(0, 320);
    const address = input.address;

    if (
      recentAddressFailures(address, now.getTime()).length >= SIGN_IN_LIMITS.perAddress ||
      (await recentAccountFailures(email, now)) >= SIGN_IN_LIMITS.perAccount
    ) {
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
      await audit('staff-sign-in', email, now, { address, method: 'password', accountId: account.id }, `staff:${account.id}`);
      return { ok: true, account };
    }
    addressFailures.set(address, [...recentAddressFailures(address, now.getTime()), now.getTime()]);
    if (addressFailures.size > 10_000) for (const key of addressFailures.keys()) recentAddressFailures(key, now.getTime());
    await audit(FAILED, email, now, { address, reason: account ? 'wrong-password' : 'unknown-account' });
    return { ok: false, reason: 'wrong-credentials' };
  };
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
