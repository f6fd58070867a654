import type { Db, StaffAccount, StaffRole } from '../db/client';
import { hashPassword, passwordProblem, type PasswordProblem } from './passwords';

/** Roles as people type them (command line, identity-provider mapping) and as stored. */
export const ROLE_NAMES = {
  'case-worker': 'CASE_WORKER',
  'process-owner': 'PROCESS_OWNER',
  administrator: 'ADMINISTRATOR',
} as const satisfies Record<string, StaffRole>;
export type RoleName = keyof typeof ROLE_NAMES;

export function isRoleName(value: string): value is RoleName {
  return Object.hasOwn(ROLE_NAMES, value);
}

/** E-mail addresses are compared case-insensitively; stored and looked up in this form. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type CreateAccountResult =
  { created: true; account: StaffAccount } | { created: false; problem: PasswordProblem | 'email-taken' };

/** A local account with a password; the command line and tests create accounts, nothing else. */
export async function createStaffAccount(
  db: Db,
  input: { email: string; displayName: string; role: StaffRole; password: string },
  actor: string,
  now: Date,
): Promise<CreateAccountResult> {
  const email = normaliseEmail(input.email);
  const displayName = input.displayName.trim();
  const problem = passwordProblem(input.password, { email, displayName });
  if (problem) return { created: false, problem };
  if (await db.staffAccount.findUnique({ where: { email } })) return { created: false, problem: 'email-taken' };
  const passwordHash = await hashPassword(input.password);
  const account = await db.$transaction(async (tx) => {
    const created = await tx.staffAccount.create({
      data: { email, displayName, role: input.role, passwordHash, createdAt: now },
    });
    await tx.auditEvent.create({
      data: {
        actor,
        action: 'staff-account-created',
        subjectType: 'staff-account',
        subjectId: email,
        details: { accountId: created.id, role: created.role },
        at: now,
      },
    });
    return created;
  });
  return { created: true, account };
}

export function listStaffAccounts(db: Db): Promise<StaffAccount[]> {
  return db.staffAccount.findMany({ orderBy: [{ disabled: 'asc' }, { displayName: 'asc' }, { id: 'asc' }] });
}

export type DisableResult = { disabled: true; account: StaffAccount } | { disabled: false; problem: 'not-found' | 'own-account' };

/**
 * Disables an account and ends its sessions at once, so a person who leaves loses access
 * on the spot. Administrators cannot disable themselves (and so lock everyone out).
 */
export async function disableStaffAccount(db: Db, accountId: number, by: StaffAccount, now: Date): Promise<DisableResult> {
  if (accountId === by.id) return { disabled: false, problem: 'own-account' };
  const account = await db.staffAccount.findUnique({ where: { id: accountId } });
  if (!account) return { disabled: false, problem: 'not-found' };
  const [updated] = await db.$transaction([
    db.staffAccount.update({ where: { id: accountId }, data: { disabled: true } }),
    db.staffSession.deleteMany({ where: { accountId } }),
    db.auditEvent.create({
      data: {
        actor: `staff:${by.id}`,
        action: 'staff-account-disabled',
        subjectType: 'staff-account',
        subjectId: account.email,
        details: { accountId },
        at: now,
      },
    }),
  ]);
  return { disabled: true, account: updated };
}

/**
 * The account of a person the identity provider vouches for, made on their first sign-in and
 * given the role the provider says on every sign-in. An existing local account with the same
 * e-mail address is linked, so the first administrator made on the command line keeps their
 * account when the municipality switches to its identity provider.
 */
export async function accountForIdentity(
  db: Db,
  identity: { subject: string; email: string; displayName: string; role: StaffRole },
  now: Date,
): Promise<StaffAccount> {
  const email = normaliseEmail(identity.email);
  const known =
    (await db.staffAccount.findUnique({ where: { oidcSubject: identity.subject } })) ??
    (await db.staffAccount.findFirst({ where: { email, oidcSubject: null } }));
  if (known) {
    return db.staffAccount.update({
      where: { id: known.id },
      data: { oidcSubject: identity.subject, role: identity.role, displayName: identity.displayName || known.displayName },
    });
  }
  return db.staffAccount.create({
    data: {
      email,
      displayName: identity.displayName || email,
      role: identity.role,
      oidcSubject: identity.subject,
      createdAt: now,
    },
  });
}
