import { createHash, createHmac } from 'node:crypto';
import { appSecret } from '../db/app-secrets';
import type { Db, DbTransaction } from '../db/client';
import type { RenewalContext } from './context';
import { setRenewalStatus } from './status';

/**
 * Personal confirmation codes for notify-and-confirm. A code is derived (HMAC) from a secret the
 * application keeps in its database and the renewal, so the step that prints it in the letter
 * can derive it again without anyone storing it in clear: only its hash is stored. Codes are
 * single-purpose, expire, and can be used once.
 */
const PURPOSE = 'gpk-confirm';
const SECRET_NAME = 'confirmation-code-key';
/** Crockford-style alphabet without look-alikes (no I, L, O, U, 0, 1), easy to type from paper. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const LENGTH = 10;

function derive(key: Buffer, renewalId: number): string {
  const mac = createHmac('sha256', key).update(`${PURPOSE}:${renewalId}`).digest();
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[mac[i]! % ALPHABET.length];
  return code;
}

/** Normalises what a resident types: case, spaces and dashes do not matter. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function hashCode(code: string): string {
  return createHash('sha256').update(normaliseCode(code)).digest('hex');
}

/** The code as printed: two groups of five. */
export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export async function confirmationCodeFor(db: Db, renewalId: number): Promise<string> {
  return formatCode(derive(await appSecret(db, SECRET_NAME), renewalId));
}

/** Issues the renewal's code (valid until `expiresAt`) and marks the renewal as awaiting the resident. */
export async function issueConfirmationCode(ctx: RenewalContext, renewalId: number, expiresAt: Date): Promise<void> {
  const code = await confirmationCodeFor(ctx.db, renewalId);
  await ctx.db.confirmationCode.upsert({
    where: { codeHash: hashCode(code) },
    create: { renewalId, codeHash: hashCode(code), purpose: PURPOSE, expiresAt },
    update: {},
  });
  const renewal = await ctx.db.renewal.findUniqueOrThrow({ where: { id: renewalId } });
  if (renewal.status !== 'AWAITING_RESIDENT') {
    await setRenewalStatus(ctx.db, renewalId, 'AWAITING_RESIDENT', { reason: 'confirmation code issued', at: ctx.now() });
  }
}

/** The renewal a still valid, unused code belongs to, or null; reveals nothing else. */
export async function findRenewalByCode(db: Db, code: string, now: Date): Promise<number | null> {
  const row = await db.confirmationCode.findUnique({ where: { codeHash: hashCode(code) } });
  if (!row || row.purpose !== PURPOSE || row.usedAt !== null || row.expiresAt <= now) return null;
  return row.renewalId;
}

/** Uses the code up: the renewal id for the one caller that redeemed it, null for everyone else. */
export async function redeemCode(db: Db | DbTransaction, code: string, now: Date): Promise<number | null> {
  const used = await db.confirmationCode.updateManyAndReturn({
    where: { codeHash: hashCode(code), purpose: PURPOSE, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
    select: { renewalId: true },
  });
  return used[0]?.renewalId ?? null;
}
