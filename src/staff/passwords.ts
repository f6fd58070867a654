import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Staff passwords, hashed with scrypt from node:crypto (memory-hard, no native dependency).
 * The hash string carries its own salt and cost parameters, so the cost can be raised later
 * without breaking the passwords already stored:
 *   scrypt$<N>$<r>$<p>$<salt, base64>$<hash, base64>
 */
export const MIN_PASSWORD_LENGTH = 12;
/** An upper bound, so nobody can make the server hash megabytes per attempt. */
export const MAX_PASSWORD_LENGTH = 200;

const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node refuses more than 32 MiB unless told.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time comparison; false (never an exception) for a malformed or foreign hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const sane =
    scheme === 'scrypt' &&
    Number.isInteger(cost.N) &&
    cost.N >= 2 ** 14 &&
    cost.N <= 2 ** 20 &&
    (cost.N & (cost.N - 1)) === 0 &&
    cost.r >= 1 &&
    cost.r <= 32 &&
    cost.p >= 1 &&
    cost.p <= 16 &&
    salt !== undefined &&
    hash !== undefined;
  if (!sane || password.length > MAX_PASSWORD_LENGTH) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), cost);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export type PasswordProblem = 'too-short' | 'too-long' | 'too-few-different-characters' | 'contains-name';

/**
 * Why a new password is too weak, or null. Length does most of the work (at least 12
 * characters); the other checks stop the obvious patterns a length rule lets through.
 */
export function passwordProblem(password: string, person: { email: string; displayName: string }): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too-long';
  if (new Set(password.toLowerCase()).size < 6) return 'too-few-different-characters';
  const lower = password.toLowerCase();
  const nameParts = [person.email.split('@')[0] ?? '', ...person.displayName.split(/\s+/)]
    .map((part) => part.toLowerCase())
    .filter((part) => part.length >= 4);
  if (nameParts.some((part) => lower.includes(part))) return 'contains-name';
  return null;
}
