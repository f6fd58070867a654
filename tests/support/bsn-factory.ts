import { randomInt } from 'node:crypto';

/**
 * Unique, 11-proof-valid BSNs for fixtures. Each process starts at a random 8-digit prefix and
 * counts up, skipping prefixes whose check digit would be 10, so BSNs never repeat within a run.
 */
let prefix = randomInt(10_000_000, 90_000_000);

function checkDigit(first8: string): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(first8[i]);
  // 9*d1 + ... + 2*d8 - d9 ≡ 0 (mod 11), so d9 = sum mod 11, which must be a single digit.
  return sum % 11;
}

export function nextBsn(): string {
  for (;;) {
    const first8 = String(prefix++).padStart(8, '0');
    const digit = checkDigit(first8);
    if (digit <= 9) return `${first8}${digit}`;
  }
}
